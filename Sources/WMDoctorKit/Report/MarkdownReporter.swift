/// GitHub-flavoured Markdown for a ticket or a pull-request comment: a title,
/// the summary and counts, then a table of findings per workspace and file.
/// Every piece of user input is escaped so it cannot break a table or link.
public struct MarkdownReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        var out = "# \(Tool.name) report\n\n"
        out += TextReporter().summary(report) + "\n\n"
        out += "Checked at \(report.now) with \(Tool.name) \(Tool.version).\n\n"
        out += "| Severity | Findings |\n|---|---:|\n"
        for s in [Severity.error, .warning, .info] { out += "| \(s.rawValue) | \(report.count(s)) |\n" }
        out += "| input errors | \(report.errors.count) |\n"
        if let fixes = report.fixes, !fixes.isEmpty {
            out += "\n## Top fixes\n\n"
            for (n, f) in fixes.enumerated() { out += "\(n + 1). \(MarkdownReporter.cell(f.text))\n" }
        }
        // Suppressed and baselined findings are counted in the summary, not listed.
        for (workspace, findings) in byWorkspace(report.activeFindings) {
            out += "\n## " + (workspace.isEmpty ? "Documents without a workspace" : "Workspace " + MarkdownReporter.code(workspace, inTable: false)) + "\n"
            var files: [String] = []
            for f in findings where !files.contains(f.location.file) { files.append(f.location.file) }
            for file in files.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                out += "\n### \(MarkdownReporter.code(file, inTable: false))\n\n"
                out += "| Severity | Location | Rule | Entity | Message | Remediation |\n|---|---|---|---|---|---|\n"
                for f in findings where f.location.file == file { out += row(f) }
            }
        }
        if !report.errors.isEmpty {
            out += "\n## Inputs that could not be analysed\n\n| Location | Problem |\n|---|---|\n"
            for e in report.errors { out += "| \(MarkdownReporter.code(e.location.description)) | \(MarkdownReporter.cell(e.message)) |\n" }
        }
        return out
    }

    private func row(_ f: Finding) -> String {
        var message = MarkdownReporter.cell(f.message)
        if f.listsUses {
            let (shown, more) = f.shownUses(limit: TextReporter.usesShown)
            for u in shown {
                let label = u.baseline == .new && f.baseline == .updated ? "**new:** " : "breaks: "
                message += "<br>" + label + MarkdownReporter.cell("\(u.title) (\(u.via)) at ") + MarkdownReporter.code(u.location.described(relativeTo: f.location.file))
            }
            if more > 0 { message += "<br>" + MarkdownReporter.cell("and \(more) more (the JSON report lists every one)") }
        }
        for r in f.related {
            message += "<br>" + MarkdownReporter.cell("note: \(r.message) at ") + MarkdownReporter.code(r.location.described(relativeTo: f.location.file))
        }
        let cells = [
            f.severity.rawValue, MarkdownReporter.code("\(f.location.line):\(f.location.column)"),
            "\(f.rule.id) \(MarkdownReporter.cell(f.rule.name))", MarkdownReporter.cell(f.entity.displayPath), message,
            f.remediation.map(MarkdownReporter.cell) ?? "",
        ]
        return "| " + cells.joined(separator: " | ") + " |\n"
    }

    /// Findings per workspace slug, slugs in byte order, the empty slug last.
    private func byWorkspace(_ findings: [Finding]) -> [(String, [Finding])] {
        var groups: [String: [Finding]] = [:]
        for f in findings { groups[f.entity.workspace, default: []].append(f) }
        return groups.sorted { a, b in
            a.key.isEmpty != b.key.isEmpty ? !a.key.isEmpty : a.key.utf8.lexicographicallyPrecedes(b.key.utf8)
        }.map { ($0.key, $0.value) }
    }

    /// Text in a table cell: Markdown punctuation backslash-escaped (so no
    /// emphasis, link, HTML tag or cell break), line breaks as spaces.
    public static func cell(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "!", "#": out += "\\" + String(c)
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A code span that holds any text: a fence longer than any backtick run in
    /// it, `|` escaped in tables (GFM splits cells before code spans), line
    /// breaks as spaces.
    public static func code(_ s: String, inTable: Bool = true) -> String {
        var text = ""
        for c in s.unicodeScalars {
            switch c {
            case "|" where inTable: text += "\\|"
            case "\n", "\r", "\t": text += " "
            default: text.unicodeScalars.append(c)
            }
        }
        var longest = 0
        var run = 0
        for c in text.unicodeScalars {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }
}
