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

        @OptionGroup var session: SessionOptions

        func run() throws {
            let session = try self.session.session()
            let report = session.analyzeAndGate(paths: paths)
            announceSkipped(report)
            // --now is also the baseline's creation time; without it, none is recorded.
            let baseline = Baseline(recording: report, created: session.now)
            try refuseTargets(as: [file], report: report, named: paths + session.readFiles)
            try writeFile(file) { $0.write(baseline.json) }
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
