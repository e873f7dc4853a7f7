/// The tool's identity in every report.
public enum Tool {
    public static let name = "wmdoctor"
    public static let version = "0.1.0"
    public static let informationURI = "https://github.com/wmdoctor/wmdoctor"
    /// The JSON report's contract version; raised only on breaking changes.
    public static let jsonSchemaVersion = 2
}

/// Everything one analysis produced, with findings and errors in report order.
public struct Report: Sendable {
    public var now: Timestamp
    public var inputs: [String]
    /// Files passed over while walking folders, with the reason: not a
    /// Workflow Machine export, a link loop, a dangling link, unreadable.
    public var skipped: [SkippedFile]
    public var findings: [Finding]
    public var errors: [InputError]
    public var workspaces: [ResolvedWorkspace]
    /// Where secret values sit, per file, so snippets never show them.
    public var redactions: [String: [SecretSpan]]
    /// Every rule that ran, in id order (SARIF lists them all).
    public var rules: [RuleDescriptor]
    /// Every (rule, entity) the rule engine evaluated, passes included, when
    /// `AnalysisOptions.recordEvaluations` asked for them (no report prints them).
    public var evaluations: [Evaluation] = []
    /// The redacted source line of each finding and input error, for the text
    /// report (attached by the analysis when asked: `attachSnippets`).
    public var snippets: [SourceLocation: Snippet] = [:]
    /// What `check --baseline` found: the file and its stale entries (nil: no baseline).
    public var baseline: BaselineOutcome? = nil
    /// `check --rank`: the fixes that clear the most findings first (nil: not asked).
    public var fixes: [Fix]? = nil

    public init(
        now: Timestamp, inputs: [String], skipped: [SkippedFile] = [], findings: [Finding], errors: [InputError],
        workspaces: [ResolvedWorkspace] = [], redactions: [String: [SecretSpan]] = [:],
        rules: [RuleDescriptor] = ExportRule.descriptors
    ) {
        self.now = now
        self.inputs = inputs
        self.skipped = skipped
        self.findings = findings
        self.errors = errors
        self.workspaces = workspaces
        self.redactions = redactions
        self.rules = rules
    }

    /// The descriptor of a finding's rule.
    public func descriptor(for rule: RuleID) -> RuleDescriptor? { rules.first { $0.id == rule } }

    /// Findings of a severity that count: suppressed and baselined ones do not.
    public func count(_ severity: Severity) -> Int {
        countFindings { $0.pointee.severity == severity && Finding.counts(at: $0) }
    }

    /// The process exit status: 2 when some input could not be analysed, 1 when
    /// a finding that counts (not suppressed, not baselined) is at or above
    /// `failOn` (nil: never), 0 otherwise.
    public func exitStatus(failOn: Severity?) -> Int32 {
        if !errors.isEmpty { return ExitStatus.inputError }
        if let failOn, findings.contains(where: { $0.severity >= failOn && Report.isActive($0) }) { return ExitStatus.findings }
        if let b = baseline, b.strict, b.isStale { return ExitStatus.findings }
        return ExitStatus.clean
    }
}

/// Formats a report. Reporters are pure: same report, same bytes.
public protocol Reporter {
    func render(_ report: Report) -> String
    /// The same bytes as `render`, handed to `sink` a piece at a time. A
    /// reporter of large reports (JSON) streams; the others write their rendering.
    func write(_ report: Report, to sink: any ReportSink)
}

extension Reporter {
    public func write(_ report: Report, to sink: any ReportSink) { sink.write(render(report)) }
}

/// Where a report's text goes, a piece at a time.
public protocol ReportSink: AnyObject {
    func write(_ text: String)
    /// UTF-8 text (from a reporter that writes bytes).
    func write(utf8 bytes: [UInt8])
}

extension ReportSink {
    public func write(utf8 bytes: [UInt8]) { write(String(decoding: bytes, as: UTF8.self)) }

    /// The size of the pieces streaming reporters hand over, and sinks buffer.
    static var pieceSize: Int { 1 << 20 }

    /// Hands over the text built so far once it reaches a piece's size, so a
    /// streaming reporter never holds more than about one piece.
    func handOver(_ text: inout String) {
        guard text.utf8.count >= Self.pieceSize else { return }
        write(text)
        text = ""
    }

    /// The same for a reporter writing UTF-8 bytes.
    func handOver(_ bytes: inout [UInt8]) {
        guard bytes.count >= Self.pieceSize else { return }
        write(utf8: bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Collects a report's text in memory.
public final class StringSink: ReportSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}
