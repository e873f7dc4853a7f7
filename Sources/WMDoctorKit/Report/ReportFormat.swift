/// Every report format, in the order `--help` lists them.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, junit, sarif, github, gitlab, markdown, html

    /// One line for `--help`.
    public var summary: String {
        switch self {
        case .text: return "for a terminal, grouped by file, with source snippets"
        case .json: return "the stable JSON contract (docs/report-schema.json)"
        case .junit: return "JUnit XML for CI test tabs"
        case .sarif: return "SARIF 2.1.0 for GitHub code scanning"
        case .github: return "GitHub Actions workflow commands (annotations)"
        case .gitlab: return "GitLab Code Quality JSON"
        case .markdown: return "for a ticket or a pull-request comment"
        case .html: return "one self-contained page for support teams"
        }
    }

    /// The reporter of this format.
    public func reporter(_ options: ReportOptions = ReportOptions()) -> any Reporter {
        switch self {
        case .text: return TextReporter(snippets: options.snippets, colors: options.colors, width: options.width)
        case .json: return JSONReporter()
        case .junit: return JUnitReporter(failOn: options.failOn)
        case .sarif: return SARIFReporter(paths: options.paths, fullReport: options.fullReport)
        case .github: return GitHubReporter(paths: options.paths, fullReport: options.fullReport)
        case .gitlab: return GitLabReporter(paths: options.paths)
        case .markdown: return MarkdownReporter(paths: options.paths)
        case .html: return HTMLReporter(paths: options.paths)
        }
    }
}

/// What reporters need beyond the report, decided by the caller (never by a
/// reporter querying the terminal or the file system).
public struct ReportOptions: Sendable {
    /// ANSI colours in text.
    public var colors: Bool
    /// Source lines under text findings.
    public var snippets: Bool
    /// JUnit: findings at or above this fail their test case (nil: none fails).
    public var failOn: Severity?
    /// How file names become repository-relative (SARIF, GitLab, GitHub, Markdown, HTML).
    public var paths: ReportPaths
    /// The terminal's width, which text hints wrap to (nil: no wrapping).
    public var width: Int?
    /// Where the JSON report of this run goes, named where a report leaves findings out (nil: none is written).
    public var fullReport: String?

    public init(
        colors: Bool = false, snippets: Bool = true, failOn: Severity? = .error, paths: ReportPaths = ReportPaths(),
        width: Int? = nil, fullReport: String? = nil
    ) {
        self.colors = colors
        self.snippets = snippets
        self.failOn = failOn
        self.paths = paths
        self.width = width
        self.fullReport = fullReport
    }
}
