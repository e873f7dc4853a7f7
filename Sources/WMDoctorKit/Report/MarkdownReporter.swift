/// GitHub-flavoured Markdown for a ticket, a pull-request comment or a job
/// summary: the summary and counts, the fixes to make first, then one item
/// per cause (most severe and most uses broken first) with the uses it
/// breaks, and the inputs that could not be analysed. Never longer than
/// `limit` (a GitHub comment holds 65,536 characters; counted here in UTF-8
/// bytes, so it holds under any count): what does not fit is one line,
/// "N more: see the full report". File names relative to the repository.
/// Export text cannot add markup, HTML, links, mentions or references (`cell`).
public struct MarkdownReporter: Reporter {
    /// A GitHub issue or pull-request comment holds at most this many characters.
    public static let commentLimit = 65_536
    /// How many fixes or findings "Fix these first" lists.
    static let firstFixes = 10
    /// Longest piece of text (a message, a name) shown; longer ones are cut with `…`.
    static let longestText = 2_000

    public var paths: ReportPaths
    public var limit: Int

    public init(paths: ReportPaths = ReportPaths(), limit: Int = MarkdownReporter.commentLimit) {
        self.paths = paths
        self.limit = limit
    }

    public func render(_ report: Report) -> String {
        let summary = report.summary
        var head = "# \(Tool.name) report\n\n"
        head += MarkdownReporter.cell(summary.sentence) + "\n\n"
        head += "Checked at \(report.now) with \(Tool.name) \(Tool.version).\n\n"
        head += "| Severity | Findings |\n|---|---:|\n"
        for s in [Severity.error, .warning, .info] { head += "| \(s.rawValue) | \(summary.count(s)) |\n" }
        head += "| input errors | \(summary.inputErrors) |\n"
        // Suppressed and baselined findings are counted in the summary, not listed.
        let findings = report.activeByImportance
        var pieces = [Budget.Piece(section: "", text: head)] + fixFirst(report, findings)
        for e in report.errors {
            pieces.append(Budget.Piece(section: "\n## Inputs that could not be analysed\n\n", text: "- \(place(e.location)): \(MarkdownReporter.cell(clip(e.message)))\n"))
        }
        for f in findings {
            pieces.append(Budget.Piece(section: "\n## \(heading(f.severity)) (\(summary.count(f.severity)))\n\n", text: item(f)))
        }
        return Budget.fit(pieces, limit: limit) { n in
            "\n\(n) more: see the full report (the JSON report, `--report json=FILE`, lists every finding).\n"
        }
    }

    private func heading(_ s: Severity) -> String {
        switch s {
        case .error: return "Errors"
        case .warning: return "Warnings"
        case .info: return "Info"
        }
    }

    /// `--rank`'s fixes when asked, else the most important causes.
    private func fixFirst(_ report: Report, _ findings: [Finding]) -> [Budget.Piece] {
        let section = "\n## Fix these first\n\n"
        if let fixes = report.fixes, !fixes.isEmpty {
            var out = fixes.prefix(Self.firstFixes).enumerated().map { n, f in
                Budget.Piece(section: section, text: "\(n + 1). \(MarkdownReporter.cell(clip(f.text)))\n")
            }
            if fixes.count > Self.firstFixes { out.append(Budget.Piece(section: section, text: "\n\(fixes.count - Self.firstFixes) more fixes: see the full report.\n")) }
            return out
        }
        return findings.prefix(Self.firstFixes).enumerated().map { n, f in
            var text = "\(n + 1). **\(f.severity.rawValue)** \(f.rule.id) \(MarkdownReporter.cell(f.rule.name)): \(MarkdownReporter.cell(clip(f.entity.qualifiedDisplayPath)))"
            if f.listsUses { text += " (\(f.breaksPhrase))" }
            return Budget.Piece(section: section, text: text + " at \(place(f.location))\n")
        }
    }

    /// One cause: its rule, place and message, the uses it breaks (the first
    /// few), its notes and its hint.
    private func item(_ f: Finding) -> String {
        var out = "- **\(f.rule.id) \(MarkdownReporter.cell(f.rule.name))** \(MarkdownReporter.cell(f.entity.qualifiedDisplayPath)) at \(place(f.location))"
        if f.baseline == .updated { out += " (new uses)" }
        out += ": \(MarkdownReporter.cell(clip(f.message)))\n"
        if f.listsUses {
            let (shown, more) = f.shownUses(limit: TextReporter.usesShown)
            for u in shown {
                let label = u.baseline == .new && f.baseline == .updated ? "**new:**" : f.label(for: u) + ":"
                out += "  - \(label) \(MarkdownReporter.cell(clip("\(u.title) (\(u.via))"))) at \(place(u.location))\n"
            }
            if more > 0 { out += "  - and \(more) more uses (the JSON report lists every one)\n" }
        }
        for r in f.related { out += "  - note: \(MarkdownReporter.cell(clip(r.message))) at \(place(r.location))\n" }
        if let fix = f.remediation { out += "  - hint: \(MarkdownReporter.cell(clip(Prose.oneLine(fix))))\n" }
        return out
    }

    /// `file:line:col` with the file relative to the repository, as code.
    private func place(_ l: SourceLocation) -> String {
        MarkdownReporter.code(l.line >= 1 ? "\(paths.display(l.file)):\(l.line):\(l.column)" : paths.display(l.file), inTable: false)
    }

    private func clip(_ s: String) -> String { Prose.clip(s, Self.longestText) }

    /// Export text in GitHub-flavoured Markdown, in a table cell or anywhere in
    /// a line: control and bidi characters escaped visibly (`\n`), Markdown
    /// punctuation backslash-escaped (no emphasis, link, HTML tag, cell break),
    /// `:` and `www.` broken so no URL is autolinked, and a zero-width space
    /// after `@` and `#` so GitHub makes no mention or issue reference.
    public static func cell(_ s: String) -> String {
        var out = ""
        var previous: [Unicode.Scalar] = []
        for c in s.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "!", ":": out += "\\" + String(c)
            case "@": out += "@&#8203;"
            case "#": out += "\\#&#8203;"
            case "." where previous.count == 3 && String(String.UnicodeScalarView(previous)).lowercased() == "www": out += "\\."
            default: ExportText.append(c, to: &out)
            }
            previous.append(c)
            if previous.count > 3 { previous.removeFirst() }
        }
        return out
    }

    /// A code span that holds any text: a fence longer than any backtick run in
    /// it, `|` escaped in tables (GFM splits cells before code spans), control
    /// and bidi characters escaped visibly.
    public static func code(_ s: String, inTable: Bool = true) -> String {
        var text = ""
        for c in s.unicodeScalars {
            switch c {
            case "|" where inTable: text += "\\|"
            default: ExportText.append(c, to: &text)
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
