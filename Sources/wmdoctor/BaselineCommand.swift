import ArgumentParser
import Foundation
import WMDoctorKit

/// `wmdoctor baseline write FILE [PATH...]`: records today's findings so that
/// `check --baseline FILE` reports only new ones.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record today's findings in a baseline file.",
        subcommands: [Write.self],
        defaultSubcommand: Write.self
    )

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a baseline of the findings of PATH (suppressed findings are left to the configuration).",
            discussion: """
                The file is JSON: version, tool version and one entry per finding (fingerprint, rule, entity, message): \
                no line numbers, and no timestamp unless --now is given, so the same findings give the same bytes. \
                Commit it and run `wmdoctor check --baseline FILE` in CI. Exit status: 0 written; 2 written, but some \
                input could not be analysed (its findings are not recorded); 64 a usage or configuration error.
                """)

        @Argument(help: ArgumentHelp("The baseline file to write, e.g. .wmdoctor-baseline.json.", valueName: "file"))
        var file: String

        @Argument(help: "Export files or folders to check.")
        var paths: [String] = ["."]

        @Option(help: ArgumentHelp("The clock for time-based checks (RFC 3339); also recorded as the baseline's creation time.", valueName: "RFC3339"))
        var now: String?

        @OptionGroup var config: ConfigOptions

        func validate() throws {
            if let now, Timestamp.parse(now) == nil {
                throw ValidationError("--now \(now) is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z) or a date (2026-11-24)")
            }
        }

        func run() throws {
            let given = now.flatMap(Timestamp.parse)
            let configuration = try config.load()
            let report = analyzeAndGate(paths: paths, now: given, configuration: configuration)
            let baseline = Baseline(recording: report, created: given)
            do {
                try ReportFile.write(baseline.json, to: file)
            } catch {
                Console.error("wmdoctor: cannot write \(file): \(error)\n")
                throw ExitCode(ExitStatus.inputError)
            }
            let n = baseline.entries.count
            Console.error("wmdoctor: wrote \(n) \(n == 1 ? "entry" : "entries") to \(file)\n")
            if !report.errors.isEmpty {
                Console.error(report.errors.map { "\($0.location): error: \($0.message)" }.joined(separator: "\n") + "\n")
                Console.error("wmdoctor: \(report.errors.count) input(s) could not be analysed; their findings are not in the baseline\n")
                throw ExitCode(ExitStatus.inputError)
            }
        }
    }
}

/// Analyses `paths` with the configuration's rules, then applies its
/// suppressions and computes impacts (no baseline, no ranking).
func analyzeAndGate(paths: [String], now: Timestamp?, configuration: Configuration) -> Report {
    let clock = now ?? Timestamp(seconds: Int64(Date().timeIntervalSince1970))
    let options = AnalysisOptions(
        now: clock, rules: configuration.ruleSet, settings: configuration.settings, ruleErrors: configuration.ruleErrors, snippets: false)
    let report = Analyzer(options: options).analyze(paths: paths)
    return Gating.apply(GatingOptions(suppressions: configuration.suppressions), to: report)
}
