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

    @OptionGroup var session: SessionOptions

    func run() throws {
        let session = try self.session.session()
        // Only the export is read: no rules run. The configuration gives the catalog, limits, threads and clock.
        let report = Analyzer(options: session.options(rules: false)).analyze(paths: paths)
        announceSkipped(report)
        let text = format.render(Inventory(report))
        try refuseTargets(as: [output].compactMap { $0 }, report: report, named: paths + session.readFiles)
        try writeFile(output ?? "-") { $0.write(text) }
        if !report.errors.isEmpty { throw ExitCode(ExitStatus.inputError) }
    }
}
