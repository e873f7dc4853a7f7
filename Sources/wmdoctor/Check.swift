import ArgumentParser
import Foundation
import WMDoctorKit

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

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

    @Option(name: .shortAndLong, help: "Report format.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(help: ArgumentHelp("The clock for every time-based check (RFC 3339), e.g. 2026-11-24T12:00:00Z.", valueName: "RFC3339"))
    var now: String?

    @Option(name: .customLong("fail-on"), help: "Exit with status 1 when a finding is at or above this severity.")
    var failOn: FailLevel = .error

    func validate() throws {
        if let now, Timestamp.parse(now) == nil {
            throw ValidationError("--now \(now) is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z) or a date (2026-11-24)")
        }
    }

    func run() throws {
        let clock = now.flatMap(Timestamp.parse) ?? Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        let report = Analyzer(options: AnalysisOptions(now: clock)).analyze(paths: paths)
        let reporter: any Reporter
        switch format {
        case .text: reporter = TextReporter()
        case .json: reporter = JSONReporter()
        }
        let rendered = reporter.render(report)
        if let output {
            do {
                try ReportFile.write(rendered, to: output)
            } catch {
                Console.error("wmdoctor: cannot write \(output): \(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        } else {
            print(rendered, terminator: "")
        }
        throw ExitCode(report.exitStatus(failOn: failOn.severity))
    }
}

enum ReportFile {
    /// Writes atomically: a temporary file beside the target, then a rename.
    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
