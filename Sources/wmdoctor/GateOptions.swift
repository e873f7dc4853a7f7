import ArgumentParser
import Foundation
import WMDoctorKit

/// CI gating and triage options of `check`: a baseline and the ranking of fixes.
struct GateOptions: ParsableArguments {
    @Option(
        name: .customLong("baseline"),
        help: ArgumentHelp("Report only findings that are not in this baseline (written by `wmdoctor baseline write`); the others count as baselined.", valueName: "file"))
    var baseline: String?

    @Flag(
        name: .customLong("strict-baseline"),
        help: "With --baseline: also fail (status 1) when the baseline holds findings or uses that are fixed, so a fix updates the baseline in the same change.")
    var strictBaseline = false

    @Flag(help: "List the fixes that clear the most findings first (text, HTML, Markdown and JSON reports).")
    var rank = false

    /// The gating of this run: the configuration's suppressions, the baseline
    /// and `--rank`. Called before anything is analysed: a missing or broken
    /// baseline file is printed on standard error and ends the command with
    /// the usage status (64).
    func options(_ configuration: Configuration) throws -> GatingOptions {
        var options = GatingOptions(suppressions: configuration.suppressions, rank: rank, strictBaseline: strictBaseline)
        if let baseline {
            switch BaselineReader.load(path: baseline) {
            case .success(let b): options.baseline = (b, baseline)
            case .failure(let e):
                Console.error(e.description + "\n")
                throw ExitCode(ExitStatus.usage)
            }
        }
        return options
    }
}
