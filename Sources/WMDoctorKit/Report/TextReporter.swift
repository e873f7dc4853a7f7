/// The terminal report: findings grouped by file under a header line, each
/// `file:line:col: severity: message [RULEID rule-name]` with the source line
/// and a caret under the column, then `note:` and `hint:` lines, and a summary.
public struct TextReporter: Reporter {
    public var snippets: Bool
    /// ANSI colours; the caller decides (terminal, `--color`, `NO_COLOR`).
    public var colors: Bool
    /// The terminal's width, which hints wrap to (nil: a paragraph per line).
    public var width: Int?

    public init(snippets: Bool = true, colors: Bool = false, width: Int? = nil) {
        self.snippets = snippets
        self.colors = colors
        self.width = width
    }

    public func render(_ report: Report) -> String {
        let sink = StringSink()
        write(report, to: sink)
        return sink.text
    }

    /// Streams the report a piece at a time (a large report's text is never held whole).
    public func write(_ report: Report, to sink: any ReportSink) {
        let style = ANSI(on: colors)
        var out = ""
        for group in ReportFileGroup.of(report) {
            out += style.underline(terminalSafe(group.file)) + " (" + groupCounts(group) + ")\n"
            for e in group.errors {
                out += "\(style.bold(terminalSafe(e.location.description))): \(style.severity(.error)): \(style.bold(terminalSafe(e.message)))\n"
                if snippets { out += snippet(e.location, report, style) }
            }
            for f in group.findings {
                let rule = style.dim(terminalSafe("[\(f.rule.id) \(f.rule.name)]"))
                out += "\(style.bold(terminalSafe(f.location.description))): \(style.severity(f.severity)): \(style.bold(terminalSafe(f.message))) \(rule)\n"
                if snippets { out += snippet(f.location, report, style) }
                out += uses(f, style)
                for r in f.related {
                    out += "  \(style.cyan("note:")) \(terminalSafe("\(r.message) at \(r.location.description)"))\n"
                }
                if let hint = f.remediation { out += self.hint(hint, style) }
                sink.handOver(&out)
            }
            out += "\n"
        }
        out += GatingText.stale(report, style)
        out += GatingText.fixes(report, style)
        out += style.bold(report.summary.sentence) + "\n"
        sink.write(out)
    }

    /// How many uses a finding lists before "and N more".
    static let usesShown = 10

    /// `  breaks: workflow "wf" / step "a" at f.yaml:9:9 (by id)` per use (``Finding/label(for:)``), new ones as `new:` first.
    private func uses(_ f: Finding, _ style: ANSI) -> String {
        guard f.listsUses else { return "" }
        let (shown, more) = f.shownUses(limit: Self.usesShown)
        var out = ""
        for u in shown {
            let label = u.baseline == .new && f.baseline == .updated ? style.red("new:") : style.cyan(f.label(for: u) + ":")
            out += "  \(label) \(terminalSafe(u.described))\n"
        }
        if more > 0 { out += "  \(style.cyan(f.moreLabel + ":")) and \(more) more (the JSON report lists every one)\n" }
        return out
    }

    /// `  hint: ` and the remediation's paragraphs, each wrapped to `width`
    /// and indented under the first.
    private func hint(_ text: String, _ style: ANSI) -> String {
        let label = "  hint: "
        let indent = String(repeating: " ", count: label.count)
        var out = ""
        for (n, paragraph) in Prose.paragraphs(text).enumerated() {
            let lines = Prose.wrap(terminalSafe(paragraph), width: width.map { $0 - label.count })
            for (i, line) in lines.enumerated() {
                out += (n == 0 && i == 0 ? "  " + style.green("hint:") + " " : indent) + line + "\n"
            }
        }
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

    /// The source line the analysis attached (redacted), with a caret under
    /// the column. Caret and underline are counted in terminal cells, as the
    /// line is shown: a CJK character or an emoji takes two, a combining mark
    /// none, an escaped control character (`\u{202E}`) its escape's length.
    private func snippet(_ location: SourceLocation, _ report: Report, _ style: ANSI) -> String {
        guard let s = report.snippets[location] else { return "" }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let scalars = Array(s.text.unicodeScalars)
        let start = min(max(0, s.column - 1), scalars.count)
        let end = min(start + max(1, location.length), scalars.count)
        let (indent, under) = Self.caretCells(scalars, start: start, end: end)
        // Past the end of the line shown (a cut window), a character a cell.
        let width = max(1, under + max(1, location.length) - (end - start))
        let marker = style.green("^" + String(repeating: "~", count: width - 1))
        let bar = style.dim("|")
        return "\(gutter) \(bar)\n\(style.dim(number)) \(bar) \(terminalSafe(s.text))\n\(gutter) \(bar) \(String(repeating: " ", count: indent + max(0, s.column - 1 - start)))\(marker)\n"
    }
}

extension TextReporter {
    /// The cells before `start` and from `start` to `end` of a line's
    /// scalars, as the line is shown (escaped for the terminal). Both are
    /// counted on the line's beginning, so a character drawn wider with what
    /// follows it (an emoji presentation selector) is counted with it
    /// whichever side of `start` that falls on.
    static func caretCells(_ scalars: [Unicode.Scalar], start: Int, end: Int) -> (indent: Int, under: Int) {
        func cells(_ part: ArraySlice<Unicode.Scalar>) -> Int {
            DisplayWidth.of(terminalSafe(String(String.UnicodeScalarView(part))).unicodeScalars)
        }
        let indent = cells(scalars[..<start])
        return (indent, cells(scalars[..<end]) - indent)
    }
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
