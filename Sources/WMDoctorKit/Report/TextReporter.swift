/// The terminal report: findings grouped by file under a header line, each
/// `file:line:col: severity: message [RULEID rule-name]` with the source line
/// and a caret under the column, then `note:` and `hint:` lines, and a summary.
public struct TextReporter: Reporter {
    public var snippets: Bool
    /// ANSI colours; the caller decides (terminal, `--color`, `NO_COLOR`).
    public var colors: Bool

    public init(snippets: Bool = true, colors: Bool = false) {
        self.snippets = snippets
        self.colors = colors
    }

    public func render(_ report: Report) -> String {
        let sources = SourceSnippets(redactions: report.redactions)
        let style = ANSI(on: colors)
        var out = ""
        for group in ReportFileGroup.of(report) {
            out += style.underline(terminalSafe(group.file)) + " (" + groupCounts(group) + ")\n"
            for e in group.errors {
                out += "\(style.bold(terminalSafe(e.location.description))): \(style.severity(.error)): \(style.bold(terminalSafe(e.message)))\n"
                if snippets { out += snippet(e.location, sources, style) }
            }
            for f in group.findings {
                let rule = style.dim(terminalSafe("[\(f.rule.id) \(f.rule.name)]"))
                out += "\(style.bold(terminalSafe(f.location.description))): \(style.severity(f.severity)): \(style.bold(terminalSafe(f.message))) \(rule)\n"
                if snippets { out += snippet(f.location, sources, style) }
                out += uses(f, style)
                for r in f.related {
                    out += "  \(style.cyan("note:")) \(terminalSafe("\(r.message) at \(r.location.described(relativeTo: f.location.file))"))\n"
                }
                if let hint = f.remediation { out += "  \(style.green("hint:")) \(terminalSafe(hint))\n" }
            }
            out += "\n"
        }
        out += GatingText.stale(report, style)
        out += GatingText.fixes(report, style)
        out += style.bold(summary(report)) + "\n"
        return out
    }

    /// How many uses a finding lists before "and N more".
    static let usesShown = 10

    /// `  breaks: workflow "wf" / step "a" at f.yaml:9:9 (by id)` per use, new ones as `new:` first.
    private func uses(_ f: Finding, _ style: ANSI) -> String {
        guard f.listsUses else { return "" }
        let (shown, more) = f.shownUses(limit: Self.usesShown)
        var out = ""
        for u in shown {
            let label = u.baseline == .new && f.baseline == .updated ? style.red("new:") : style.cyan("breaks:")
            out += "  \(label) \(terminalSafe(u.described))\n"
        }
        if more > 0 { out += "  \(style.cyan("breaks:")) and \(more) more (the JSON report lists every one)\n" }
        return out
    }

    private func groupCounts(_ group: ReportFileGroup) -> String {
        var parts: [String] = []
        if !group.errors.isEmpty { parts.append("could not be analysed") }
        for s in [Severity.error, .warning, .info] {
            let n = group.findings.lazy.filter { $0.severity == s }.count
            if n > 0 { parts.append(s == .info ? "\(n) info" : plural(n, s.rawValue)) }
        }
        return parts.joined(separator: ", ")
    }

    private func snippet(_ location: SourceLocation, _ sources: SourceSnippets, _ style: ANSI) -> String {
        guard let (text, column) = sources.line(location) else { return "" }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let width = max(1, location.length)
        let marker = style.green("^" + String(repeating: "~", count: width - 1))
        let bar = style.dim("|")
        return "\(gutter) \(bar)\n\(style.dim(number)) \(bar) \(terminalSafe(text, indent: ""))\n\(gutter) \(bar) \(String(repeating: " ", count: max(0, column - 1)))\(marker)\n"
    }

    /// "1 file", "2 files".
    private func plural(_ n: Int, _ word: String) -> String {
        "\(n) \(word)\(n == 1 ? "" : "s")"
    }

    func summary(_ report: Report) -> String {
        let files = plural(report.inputs.count, "file")
        var parts: [String] = []
        for s in [Severity.error, .warning, .info] {
            let n = report.count(s)
            if n > 0 { parts.append(s == .info ? "\(n) info" : plural(n, s.rawValue)) }
        }
        var line: String
        if parts.isEmpty && report.errors.isEmpty {
            let ws = report.workspaces
            let connections = ws.reduce(0) { $0 + $1.workspace.connections.count }
            let workflows = ws.reduce(0) { $0 + $1.workspace.workflows.count }
            let steps = ws.reduce(0) { $0 + $1.workspace.workflows.reduce(0) { $0 + $1.steps.count } }
            line = "No problems found in \(files) (\(plural(ws.count, "workspace")), \(plural(connections, "connection")), \(plural(workflows, "workflow")), \(plural(steps, "step")))."
        } else {
            line = parts.isEmpty ? "No findings" : parts.joined(separator: ", ")
            line += " in \(files)"
            if !report.errors.isEmpty {
                line += "; \(plural(report.errors.count, "input")) could not be analysed"
            }
            line += "."
        }
        line += GatingText.hidden(report)
        let notExports = report.skipped.count { !$0.isProblem }, problems = report.skipped.count - notExports
        if notExports > 0 {
            line += " Skipped \(plural(notExports, "file")) that \(notExports == 1 ? "is" : "are") not a Workflow Machine export."
        }
        if problems > 0 {
            line += " Skipped \(problems) \(problems == 1 ? "file or link" : "files or links") that could not be followed or read (\(report.skipped.filter(\.isProblem).map(\.path).joined(separator: ", ")))."
        }
        return line
    }
}

/// Text a terminal shows as written: control characters (which could move
/// the cursor or change colours) as U+FFFD, and each further line indented.
func terminalSafe(_ s: String, indent: String = "    ") -> String {
    var out = ""
    for c in s.unicodeScalars {
        switch c.value {
        case 0x0A: out += "\n" + indent
        case 0x09: out.unicodeScalars.append(c)
        case 0..<0x20, 0x7F..<0xA0: out += "\u{FFFD}"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}


/// A file's input errors and findings, for reports grouped by file.
struct ReportFileGroup {
    var file: String
    var errors: [InputError] = []
    var findings: [Finding] = []

    /// Every file with an error or a finding that counts (suppressed and
    /// baselined ones are left out), in report order (by path bytes).
    static func of(_ report: Report) -> [ReportFileGroup] {
        var groups: [String: ReportFileGroup] = [:]
        for e in report.errors { groups[e.location.file, default: ReportFileGroup(file: e.location.file)].errors.append(e) }
        for f in report.findings where Report.isActive(f) {
            groups[f.location.file, default: ReportFileGroup(file: f.location.file)].findings.append(f)
        }
        return groups.values.sorted { $0.file.utf8.lexicographicallyPrecedes($1.file.utf8) }
    }
}
