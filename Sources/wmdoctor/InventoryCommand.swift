import ArgumentParser
import Foundation
import WMDoctorKit

extension InventoryFormat: ExpressibleByArgument {}

/// `wmdoctor inventory [PATH...]`: every connection and app of the
/// workspaces, with the steps using each connection and how they chose it.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "List every connection and app: account, status, expiry, scopes, default, and the steps using it.",
        discussion: "No secret is ever shown. Exit status: 0 listed; 2 some input could not be analysed (the rest is listed); 64 a usage error.")

    @Argument(help: "Export files or folders.")
    var paths: [String] = ["."]

    @Option(name: .shortAndLong, help: "text, json or markdown.")
    var format: InventoryFormat = .text

    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.")
    var output: String?

    @Option(help: ArgumentHelp("The clock that expiries are relative to (RFC 3339; default: the real clock).", valueName: "RFC3339"))
    var now: String?

    func validate() throws {
        if let now, Timestamp.parse(now) == nil {
            throw ValidationError("--now \(now) is not an RFC 3339 timestamp (e.g. 2026-11-24T12:00:00Z) or a date (2026-11-24)")
        }
    }

    func run() throws {
        let clock = now.flatMap(Timestamp.parse) ?? Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        // Only the export is read: no rules run, so no configuration is needed.
        let report = Analyzer(options: AnalysisOptions(now: clock, snippets: false)).analyze(paths: paths)
        let text = format.render(Inventory(report))
        if let output {
            do {
                try ReportFile.write(text, to: output)
            } catch {
                Console.error("wmdoctor: cannot write \(output): \(error)\n")
                throw ExitCode(ExitStatus.inputError)
            }
        } else {
            print(text, terminator: "")
        }
        if !report.errors.isEmpty { throw ExitCode(ExitStatus.inputError) }
    }
}
