/// The terminal report, in the style `file:line:col: severity: message [rule]`
/// with the source line and a caret under the column.
public struct TextReporter: Reporter {
    public var snippets: Bool

    public init(snippets: Bool = true) {
        self.snippets = snippets
    }

    public func render(_ report: Report) -> String {
        let sources = SourceSnippets(redactions: report.redactions)
        var out = ""
        for e in report.errors {
            out += "\(e.location): error: \(e.message)\n"
            if snippets { out += snippet(e.location, sources) }
        }
        for f in report.findings {
            out += "\(f.location): \(f.severity.rawValue): \(f.message) [\(f.rule.id) \(f.rule.name)]\n"
            if snippets { out += snippet(f.location, sources) }
            for r in f.related {
                out += "  note: \(r.message) at \(r.location.described(relativeTo: f.location.file))\n"
            }
            if let hint = f.remediation { out += "  hint: \(hint)\n" }
        }
        out += summary(report) + "\n"
        return out
    }

    private func snippet(_ location: SourceLocation, _ sources: SourceSnippets) -> String {
        guard let (text, column) = sources.line(location) else { return "" }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let width = max(1, location.length)
        let marker = "^" + String(repeating: "~", count: width - 1)
        return "\(gutter) |\n\(number) | \(text)\n\(gutter) | \(String(repeating: " ", count: max(0, column - 1)))\(marker)\n"
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
        if !report.skipped.isEmpty {
            line += " Skipped \(plural(report.skipped.count, "file")) that \(report.skipped.count == 1 ? "is" : "are") not a Workflow Machine export."
        }
        return line
    }

    private func plural(_ n: Int, _ word: String) -> String {
        "\(n) \(word)\(n == 1 ? "" : "s")"
    }
}
