import ArgumentParser
import Foundation
import WMDoctorKit

/// Which `.wmdoctor.yaml` to use; shared by `check` and the `rules` commands.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("Use this configuration file (default: the first .wmdoctor.yaml from the current folder upward).", valueName: "file"))
    var file: String?

    @Flag(name: .customLong("no-config"), help: "Use no configuration file.")
    var noConfig = false

    func validate() throws {
        if file != nil && noConfig { throw ValidationError("--config and --no-config exclude each other") }
    }

    var choice: Configuration.Choice {
        if noConfig { return .none }
        if let file { return .file(file) }
        return .discover(from: ".")
    }

    /// The configuration with its rules; a configuration error is printed on
    /// standard error and ends the command with the usage status (64).
    func load() throws -> Configuration {
        switch Configuration.load(choice) {
        case .success(let c): return c
        case .failure(let e):
            Console.error(e.description + "\n")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
