/// What a run found, in numbers and in one sentence: the one summary every
/// report prints (reporters never count again).
public struct ReportSummary: Sendable, Hashable {
    /// Findings that count (not suppressed, not baselined), per severity.
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    /// Inputs that could not be analysed.
    public var inputErrors: Int
    public var files: Int
    public var skipped: Int
    /// Of those, the files and links a folder walk could not follow or read.
    public var unreachable: [String]
    public var baselined: Int
    public var suppressed: Int
    public var workspaces: Int
    public var connections: Int
    public var workflows: Int
    public var steps: Int
    /// `3 errors, 1 warning in 2 files. Not shown: 1 baselined.`
    public var sentence: String

    public init(_ report: Report) {
        errors = report.count(.error)
        warnings = report.count(.warning)
        infos = report.count(.info)
        inputErrors = report.errors.count
        files = report.inputs.count
        skipped = report.skipped.count
        unreachable = report.skipped.filter(\.isProblem).map(\.path)
        baselined = report.baselinedCount
        suppressed = report.suppressedCount
        let ws = report.workspaces
        workspaces = ws.count
        connections = ws.reduce(0) { $0 + $1.workspace.connections.count }
        workflows = ws.reduce(0) { $0 + $1.workspace.workflows.count }
        steps = ws.reduce(0) { $0 + $1.workspace.workflows.reduce(0) { $0 + $1.steps.count } }
        sentence = ""
        sentence = said()
    }

    /// Findings that count, of a severity.
    public func count(_ s: Severity) -> Int {
        switch s {
        case .error: return errors
        case .warning: return warnings
        case .info: return infos
        }
    }

    private func said() -> String {
        var parts: [String] = []
        for s in [Severity.error, .warning, .info] where count(s) > 0 {
            parts.append(s == .info ? "\(count(s)) info" : plural(count(s), s.rawValue))
        }
        var line: String
        if parts.isEmpty && inputErrors == 0 {
            line = "No problems found in \(plural(files, "file")) (\(plural(workspaces, "workspace")), \(plural(connections, "connection")), \(plural(workflows, "workflow")), \(plural(steps, "step")))."
        } else {
            line = (parts.isEmpty ? "No findings" : parts.joined(separator: ", ")) + " in \(plural(files, "file"))"
            if inputErrors > 0 { line += "; \(plural(inputErrors, "input")) could not be analysed" }
            line += "."
        }
        var hidden: [String] = []
        if baselined > 0 { hidden.append("\(baselined) baselined") }
        if suppressed > 0 { hidden.append("\(suppressed) suppressed") }
        if !hidden.isEmpty { line += " Not shown: \(hidden.joined(separator: ", "))." }
        let notExports = skipped - unreachable.count
        if notExports > 0 {
            line += " Skipped \(plural(notExports, "file")) that \(notExports == 1 ? "is" : "are") not a Workflow Machine export."
        }
        if !unreachable.isEmpty {
            let n = unreachable.count
            line += " Skipped \(n) \(n == 1 ? "file or link" : "files or links") that could not be followed or read (\(unreachable.joined(separator: ", ")))."
        }
        return line
    }
}

/// "1 file", "2 files".
func plural(_ n: Int, _ word: String) -> String {
    "\(n) \(word)\(n == 1 ? "" : "s")"
}

extension Report {
    /// The run in numbers and one sentence, as every report prints it.
    public var summary: ReportSummary { ReportSummary(self) }
}
