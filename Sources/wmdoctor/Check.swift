import ArgumentParser
import Foundation
import WMDoctorKit
import YAMLPool

enum FailLevel: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info, never

    var severity: Severity? {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        case .never: return nil
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check exports of connections and workflows.",
        discussion: "PATH may be files or folders; folders are searched recursively for .yaml, .yml and .json exports."
    )

    @Argument(help: "Export files or folders to check.")
    var paths: [String] = ["."]

    @OptionGroup var output: OutputOptions

    @Option(name: .customLong("fail-on"), help: "Exit with status 1 when a finding is at or above this severity (default: fail_on of the configuration, else error).")
    var failOn: FailLevel?

    @OptionGroup var session: SessionOptions

    @OptionGroup(title: "CI gating and triage") var gate: GateOptions

    func run() throws {
        // A configuration or baseline error stops here (status 64): nothing is analysed.
        let session = try self.session.session()
        let configuration = session.configuration
        let gating = try gate.options(configuration)
        let level = failOn ?? configuration.failOn.flatMap { FailLevel(rawValue: $0.rawValue) } ?? .error
        var options = session.options(snippets: output.writes(.text))
        options.progress = ProgressLine.observer()
        PhaseTimer.mark("options read")
        let report = Gating.apply(gating, to: Analyzer(options: options).analyze(paths: paths))
        PhaseTimer.mark("gating")
        announceSkipped(report)
        try output.emit(report, failOn: level.severity, reading: paths + session.readFiles + [gate.baseline].compactMap { $0 })
        PhaseTimer.mark("report written")
        PhaseTimer.note(
            yaml_pool_enabled() == 0
                ? "libyaml's small allocations: from malloc (built without YAMLPool)"
                : "libyaml's small allocations: \(yaml_pool_chunks()) chunks of 32 KB in wmdoctor's pool (YAMLPool)")
        keepUntilExit(report)
        throw ExitCode(report.exitStatus(failOn: level.severity))
    }
}
