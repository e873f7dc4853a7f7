import ArgumentParser
import Foundation
import WMDoctorKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ReportFormat: ExpressibleByArgument {
    public var defaultValueDescription: String { summary }
}

extension ColorChoice: ExpressibleByArgument {}

/// How and where reports are written; shared by every command that reports.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Report format on standard output (or --output).")
    var format: ReportFormat = .text

    @Option(name: .shortAndLong, help: "Write the report to FILE instead of standard output.")
    var output: String?

    @Option(
        name: .customLong("report"),
        help: ArgumentHelp(
            "Also write a report in FORMAT to FILE (repeatable), e.g. --report junit=out/junit.xml --report sarif=out/results.sarif.",
            valueName: "format=file"))
    var reports: [String] = []

    @Option(help: "Colour the text report: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Option(
        name: .customLong("sarif-root"),
        help: ArgumentHelp("The repository folder that SARIF, GitLab and GitHub paths are relative to (default: the current folder).", valueName: "dir"))
    var sarifRoot: String?

    func validate() throws {
        for r in reports {
            do { _ = try ReportDestination.parse(r) } catch { throw ValidationError("\(error)") }
        }
    }

    /// Whether this run writes `format`, on standard output or with `--report`.
    func writes(_ format: ReportFormat) -> Bool {
        self.format == format || reports.contains { (try? ReportDestination.parse($0))?.format == format }
    }

    /// Writes every `--report` file, then the main report where asked. JUnit
    /// test cases fail for findings at or above `failOn` (nil: none). A target
    /// that is one of the files read (the report's inputs, `reading`) ends
    /// the command with status 64 before anything is written.
    func emit(_ report: Report, failOn: Severity? = .error, reading: [String] = []) throws {
        let destinations = try reports.map(ReportDestination.parse)
        try refuseTargets(as: destinations.map(\.path) + [output].compactMap { $0 }, report: report, named: reading)
        let paths = ReportPaths(currentDirectory: FileManager.default.currentDirectoryPath, root: sarifRoot)
        let base = ReportOptions(colors: false, failOn: failOn, paths: paths)
        for destination in destinations {
            let reporter = destination.format.reporter(base)
            try writeFile(destination.path) { reporter.write(report, to: $0) }
        }
        var main = base
        let isTerminal = (output == nil || output == "-") && isatty(STDOUT_FILENO) == 1
        main.colors = color.enabled(isTerminal: isTerminal, environment: ProcessInfo.processInfo.environment)
        let reporter = format.reporter(main)
        // `-` or no --output: streamed to standard output, a piece at a time.
        try writeFile(output ?? "-") { reporter.write(report, to: $0) }
    }
}
