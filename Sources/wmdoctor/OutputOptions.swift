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
    /// test cases fail for findings at or above `failOn` (nil: none).
    func emit(_ report: Report, failOn: Severity? = .error) throws {
        let paths = ReportPaths(currentDirectory: FileManager.default.currentDirectoryPath, root: sarifRoot)
        let base = ReportOptions(colors: false, failOn: failOn, paths: paths)
        for text in reports {
            let destination = try ReportDestination.parse(text)
            try write(report, with: destination.format.reporter(base), to: destination.path)
        }
        var main = base
        let isTerminal = output == nil && isatty(STDOUT_FILENO) == 1
        main.colors = color.enabled(isTerminal: isTerminal, environment: ProcessInfo.processInfo.environment)
        let reporter = format.reporter(main)
        if let output {
            try write(report, with: reporter, to: output)
        } else {
            // Streamed to standard output, a piece at a time.
            fflush(nil)  // anything print()ed before comes first
            let sink = FileSink(fd: STDOUT_FILENO)
            reporter.write(report, to: sink)
            if let failure = sink.finish() {
                Console.error("wmdoctor: cannot write the report to standard output: \(failure)\n")
                throw ExitCode(2)
            }
        }
    }

    private func write(_ report: Report, with reporter: any Reporter, to path: String) throws {
        do {
            try ReportFile.write(to: path) { reporter.write(report, to: $0) }
        } catch {
            Console.error("wmdoctor: cannot write \(path): \(error)\n")
            throw ExitCode(2)
        }
    }
}
