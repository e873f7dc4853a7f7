import ArgumentParser
import Foundation
import WMDoctorKit

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// How and where reports are written; shared by every command that reports.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Report format.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output.")
    var output: String?

    /// Renders `report` and writes it where asked.
    func emit(_ report: Report) throws {
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
    }
}

enum ReportFile {
    /// Writes atomically: a temporary file beside the target, then a rename.
    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
