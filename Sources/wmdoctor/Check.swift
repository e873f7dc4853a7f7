import ArgumentParser
import Foundation
import WMDoctorKit

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

    @Option(help: ArgumentHelp("The clock for every time-based check (RFC 3339), e.g. 2026-11-24T12:00:00Z.", valueName: "RFC3339"))
    var now: String?

    @Option(name: .customLong("fail-on"), help: "Exit with status 1 when a finding is at or above this severity (default: fail_on of the configuration, else error).")
    var failOn: FailLevel?

    @Option(help: ArgumentHelp("Threads that evaluate rules (default: one per core). Output does not depend on it.", valueName: "N"))
    var jobs: Int?

    @OptionGroup var config: ConfigOptions

    @OptionGroup(title: "CI gating and triage") var gate: GateOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs) must be at least 1") }
        if let now, Timestamp.parse(now) == nil {
            throw ValidationError("--now \(now) is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z) or a date (2026-11-24)")
        }
    }

    func run() throws {
        let clock = now.flatMap(Timestamp.parse) ?? Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        // A configuration or baseline error stops here (status 64): nothing is analysed.
        let configuration = try config.load()
        let gating = try gate.options(configuration)
        let level = failOn ?? configuration.failOn.flatMap { FailLevel(rawValue: $0.rawValue) } ?? .error
        var options = AnalysisOptions(
            now: clock, limits: limits.limits, rules: configuration.ruleSet, settings: configuration.settings, ruleErrors: configuration.ruleErrors,
            snippets: output.writes(.text))
        options.progress = ProgressLine.observer()
        if let jobs { options.workers = jobs }
        PhaseTimer.mark("options read")
        let report = Gating.apply(gating, to: Analyzer(options: options).analyze(paths: paths))
        PhaseTimer.mark("gating")
        try output.emit(report, failOn: level.severity)
        PhaseTimer.mark("report written")
        throw ExitCode(report.exitStatus(failOn: level.severity))
    }
}
