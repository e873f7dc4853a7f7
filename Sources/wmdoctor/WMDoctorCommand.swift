import ArgumentParser
import Foundation
import WMDoctorKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct WMDoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wmdoctor",
        abstract: "Find broken connections in Workflow Machine workspaces before they break workflows.",
        discussion: ExitStatus.help,
        version: Tool.version,
        subcommands: [Check.self, WhyCommand.self, BaselineCommand.self, InventoryCommand.self, RulesCommand.self, Explain.self, ExprCommand.self],
        defaultSubcommand: Check.self
    )

    /// Parses and runs. Usage errors (bad flags and arguments) exit with 64;
    /// an error no command expected exits with 70, never with 1 ("findings").
    static func main() {
        if let typo = SubcommandTypo.message(Array(CommandLine.arguments.dropFirst()), commands: configuration.subcommands) {
            Console.error(typo + "\n")
            terminate(ExitStatus.usage)
        }
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            finish(error)
        }
        do {
            // A test hook: how an unexpected error ends a run.
            if ProcessInfo.processInfo.environment["WMDOCTOR_SIMULATE_INTERNAL_ERROR"] != nil {
                throw SimulatedFailure()
            }
            try command.run()
        } catch let code as ExitCode {
            terminate(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .validationFailure || status == .success { finish(error) }
            Console.error("wmdoctor: internal error: \(error)\n")
            terminate(ExitStatus.internalFailure)
        }
        terminate(ExitStatus.clean)
    }

    /// A parse or validation error (status 64), or --help and --version (status 0).
    private static func finish(_ error: any Error) -> Never {
        if let code = error as? ExitCode { terminate(code.rawValue) }
        if exitCode(for: error) == .success {
            print(fullMessage(for: error))
            terminate(0)
        }
        Console.error(fullMessage(for: error) + "\n")
        terminate(ExitStatus.usage)
    }
}

/// The error of `WMDOCTOR_SIMULATE_INTERNAL_ERROR`.
struct SimulatedFailure: Error, CustomStringConvertible {
    var description: String { "simulated failure (WMDOCTOR_SIMULATE_INTERNAL_ERROR is set)" }
}

enum Console {
    static func error(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}

/// What a command keeps until the process exits (``keepUntilExit(_:)``).
nonisolated(unsafe) private var keptUntilExit: [Any] = []

/// Keeps `value` (a report and the model it holds) until the process exits,
/// which gives its memory back at once: freed piece by piece when `run`
/// returned, the model of a 100 MB export took 0.15 s (BENCHMARKS.md, session 17).
/// Only for a command that exits right after; on the main thread.
func keepUntilExit(_ value: Any) {
    keptUntilExit.append(value)
}

func terminate(_ status: Int32) -> Never {
    fflush(nil)
    exit(status)
}
