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
        let environment = ProcessInfo.processInfo.environment
        let paths = ReportPaths(currentDirectory: FileManager.default.currentDirectoryPath, root: sarifRoot)
        let destinations = try reports.map(ReportDestination.parse)
        try refuseTargets(as: destinations.map(\.path) + [output].compactMap { $0 }, report: report, named: reading)
        // Reports that leave findings out name the JSON report of this run, if one is written to a file.
        let json = destinations.first { $0.format == .json && $0.path != "-" }?.path ?? (format == .json && output != "-" ? output : nil)
        let isTerminal = (output == nil || output == "-") && isatty(STDOUT_FILENO) == 1
        let base = ReportOptions(colors: false, failOn: failOn, paths: paths, width: Self.width(environment, isTerminal: isTerminal), fullReport: json)
        for destination in destinations {
            let reporter = destination.format.reporter(base)
            try writeFile(destination.path) { reporter.write(report, to: $0) }
        }
        if writes(.github), let summary = environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
            appendStepSummary(report, paths: paths, to: summary)
        }
        var main = base
        main.colors = color.enabled(isTerminal: isTerminal, environment: environment)
        let reporter = format.reporter(main)
        // `-` or no --output: streamed to standard output, a piece at a time.
        try writeFile(output ?? "-") { reporter.write(report, to: $0) }
    }

    /// GitHub shows at most 1 MiB of a step's summary file: the Markdown
    /// report fits in what the file leaves. A failure is a warning (the
    /// annotations are written all the same).
    private func appendStepSummary(_ report: Report, paths: ReportPaths, to path: String) {
        do {
            try ReportFile.append(to: path) { existing in
                let room = (1 << 20) - 1_024 - existing
                return room < 4_096 ? "" : MarkdownReporter(paths: paths, limit: room).render(report) + "\n"
            }
        } catch {
            Console.error("wmdoctor: warning: cannot append the job summary to \(path) (GITHUB_STEP_SUMMARY): \(error)\n")
        }
    }

    /// The width hints wrap to: `COLUMNS` when set, else the terminal's (nil: not a terminal).
    static func width(_ environment: [String: String], isTerminal: Bool) -> Int? {
        if let c = environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        guard isTerminal else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
