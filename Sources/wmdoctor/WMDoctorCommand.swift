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
        discussion: """
            Exit status: 0 no finding at or above --fail-on; 1 findings at or above it; \
            2 an input could not be read or parsed, or the command line is wrong.
            """,
        version: Tool.version,
        subcommands: [Check.self, RulesCommand.self, Explain.self, ExprCommand.self],
        defaultSubcommand: Check.self
    )

    /// Parses and runs, mapping usage errors to exit status 2 (argument-parser's default is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            terminate(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .success {
                print(fullMessage(for: error))
                terminate(0)
            }
            Console.error(fullMessage(for: error) + "\n")
            terminate(2)
        }
    }
}

enum Console {
    static func error(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}

func terminate(_ status: Int32) -> Never {
    fflush(nil)
    exit(status)
}
