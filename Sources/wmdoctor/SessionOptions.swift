import ArgumentParser
import Foundation
import WMDoctorKit

/// The analysis setup every analysing command shares (`check`, `why`, `baseline
/// write`, `inventory`, `rules test`, `expr`), declared once: the clock, the
/// threads, the configuration and the input limits. The command only wires
/// it to `AnalysisSession`.
struct SessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The clock for every time-based check (RFC 3339), e.g. 2026-11-24T12:00:00Z.", valueName: "RFC3339"))
    var now: String?

    @Option(help: ArgumentHelp("Threads that evaluate rules (default: one per core). Output does not depend on it.", valueName: "N"))
    var jobs: Int?

    @OptionGroup var config: ConfigOptions

    @OptionGroup(title: "Limits") var limits: LimitOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs) must be at least 1") }
        if let now, Timestamp.parse(now) == nil {
            throw ValidationError("--now \(now) is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z) or a date (2026-11-24)")
        }
    }

    /// The session; a configuration error is printed and ends the command with status 64.
    func session() throws -> AnalysisSession {
        AnalysisSession(configuration: try config.load(), limits: limits.limits, workers: jobs, now: now.flatMap(Timestamp.parse))
    }
}
