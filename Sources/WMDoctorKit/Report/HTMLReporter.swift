/// One self-contained HTML page for support teams, readable at 1280 px and
/// printed: the summary and the fixes to make first on top, then the findings
/// by severity, one block per cause with the uses it breaks folded under it,
/// the inputs that could not be analysed, and the health of every connection.
/// Inline CSS and a few lines of inline script (a filter box; every fold
/// opens for printing); a content security policy forbids fetching anything.
/// All text is escaped (`HTML.escape`). Findings stop with "N more: see the
/// full report" before the page reaches `maxBytes`.
public struct HTMLReporter: Reporter {
    /// A page a browser opens at once and a mail or ticket takes.
    public static let maxBytes = 9_500_000
    /// How many fixes or findings "Fix these first" lists.
    static let firstFixes = 10
    /// How many uses a finding lists (folded) before "and N more".
    static let usesShown = 20

    public var paths: ReportPaths
    public var maxBytes = HTMLReporter.maxBytes

    public init(paths: ReportPaths = ReportPaths()) {
        self.paths = paths
    }

    public func render(_ report: Report) -> String {
        let summary = report.summary
        var head = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
            <title>\(Tool.name) report</title>
            <style>\(HTMLReporter.css)</style>
            </head>
            <body>
            <h1>\(Tool.name) report</h1>
            <p class="summary">\(HTML.escape(summary.sentence))</p>
            <p class="meta">Checked at \(report.now) with \(Tool.name) \(Tool.version).</p>
            <ul class="counts"><li class="error">\(summary.errors) errors</li><li class="warning">\(summary.warnings) warnings</li><li class="info">\(summary.infos) info</li><li class="input">\(summary.inputErrors) input errors</li></ul>

            """
        // Suppressed and baselined findings are counted in the summary, not listed.
        let findings = report.activeByImportance
        head += fixFirst(report, findings)
        let tail = inputErrors(report) + connections(report) + "<script>\(HTMLReporter.script)</script>\n</body>\n</html>\n"
        var pieces = [Budget.Piece(section: "", text: "<h2>Findings</h2>\n")]
        if findings.isEmpty {
            pieces.append(Budget.Piece(section: "", text: "<p>No findings.</p>\n"))
        } else {
            pieces.append(Budget.Piece(section: "", text: "<p class=\"noprint\"><input type=\"search\" id=\"filter\" placeholder=\"Filter findings\" aria-label=\"Filter findings\"></p>\n"))
            for f in findings {
                pieces.append(Budget.Piece(section: "<h3 class=\"\(f.severity.rawValue)\">\(heading(f.severity)) (\(summary.count(f.severity)))</h3>\n", text: block(f)))
            }
        }
        let body = Budget.fit(pieces, limit: maxBytes - head.utf8.count - tail.utf8.count) { n in
            "<p class=\"more\">\(n) more: see the full report (the JSON report, <code>--report json=FILE</code>, lists every finding).</p>\n"
        }
        return head + body + tail
    }

    private func heading(_ s: Severity) -> String {
        switch s {
        case .error: return "Errors"
        case .warning: return "Warnings"
        case .info: return "Info"
        }
    }

    /// `--rank`'s fixes when asked, else the most important causes.
    private func fixFirst(_ report: Report, _ findings: [Finding]) -> String {
        if let fixes = report.fixes, !fixes.isEmpty {
            var out = "<h2>Fix these first</h2>\n<ol class=\"fixes\">\n" + fixes.prefix(Self.firstFixes).map { "<li>\(HTML.escape($0.text))</li>\n" }.joined() + "</ol>\n"
            if fixes.count > Self.firstFixes { out += "<p>\(fixes.count - Self.firstFixes) more fixes: see the full report.</p>\n" }
            return out
        }
        guard !findings.isEmpty else { return "" }
        var out = "<h2>Fix these first</h2>\n<ol class=\"fixes\">\n"
        for f in findings.prefix(Self.firstFixes) {
            out += "<li><span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span> \(HTML.escape(f.rule.id)) \(HTML.escape(f.rule.name)): \(HTML.escape(f.entity.qualifiedDisplayPath))"
            if f.listsUses { out += " <strong>\(f.breaksPhrase)</strong>" }
            out += " <small>at <code>\(place(f.location))</code></small></li>\n"
        }
        return out + "</ol>\n"
    }

    /// One cause: its rule, entity, place and message, the uses it breaks (folded), notes and hint.
    private func block(_ f: Finding) -> String {
        var out = "<div class=\"finding \(f.severity.rawValue)\"><p class=\"what\"><span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span> "
        out += "<b>\(HTML.escape(f.rule.id)) \(HTML.escape(f.rule.name))</b> \(HTML.escape(f.entity.qualifiedDisplayPath)) <small>at <code>\(place(f.location))</code></small></p>"
        out += "<p>\(HTML.escape(f.message))</p>"
        if f.listsUses {
            let (shown, more) = f.shownUses(limit: Self.usesShown)
            let new = f.baseline == .updated ? f.newUses.count : 0
            out += "<details\(new > 0 ? " open" : "")><summary>\(f.breaksPhrase)\(new > 0 ? ", \(new) new" : "")</summary><ul>"
            for u in shown {
                let mark = u.baseline == .new && f.baseline == .updated ? "<strong>new:</strong> " : ""
                out += "<li>\(mark)\(HTML.escape(u.title)) <small>(\(HTML.escape(u.via))) at <code>\(place(u.location))</code></small></li>"
            }
            if more > 0 { out += "<li>and \(more) more (the JSON report lists every one)</li>" }
            out += "</ul></details>"
        }
        for r in f.related { out += "<p class=\"note\">note: \(HTML.escape(r.message)) at <code>\(place(r.location))</code></p>" }
        if let fix = f.remediation { out += "<p class=\"hint\">hint: \(HTML.escape(Prose.oneLine(fix)))</p>" }
        return out + "</div>\n"
    }

    /// `file:line:col`, the file relative to the repository, escaped.
    private func place(_ l: SourceLocation) -> String {
        HTML.escape(l.line >= 1 ? "\(paths.display(l.file)):\(l.line):\(l.column)" : paths.display(l.file))
    }

    private func inputErrors(_ report: Report) -> String {
        guard !report.errors.isEmpty else { return "" }
        var out = "<h2>Inputs that could not be analysed</h2>\n"
        for e in report.errors {
            out += "<div class=\"finding error\"><p class=\"what\"><code>\(place(e.location))</code></p><p>\(HTML.escape(e.message))</p></div>\n"
        }
        return out
    }

    /// Every connection: what it is, whether it can run a step, its account,
    /// scopes and the uses bound to it; five columns that fit 1280 px.
    private func connections(_ report: Report) -> String {
        let rows = ConnectionHealth.rows(report)
        var out = "<h2>Connections</h2>\n"
        if rows.isEmpty { return out + "<p>No connection was read.</p>\n" }
        out += "<table class=\"health\">\n<colgroup><col style=\"width:26%\"><col style=\"width:26%\"><col style=\"width:18%\"><col style=\"width:20%\"><col style=\"width:10%\"></colgroup>\n"
        out += "<thead><tr><th>Connection</th><th>Health</th><th>Account</th><th>Scopes</th><th>Uses</th></tr></thead>\n<tbody>\n"
        for r in rows {
            let healthy = r.usability.isUsable && r.findings == 0
            var status = r.status.rawValue
            if let code = r.lastError { status += " (last error \(code))" }
            let what = "<code>\(HTML.escape(r.id))</code>\(r.isDefault ? " <small>default</small>" : "")<br>\(HTML.escape(r.name))<br><small>\(HTML.escape(r.app))\(r.workspace.isEmpty ? "" : " in " + HTML.escape(r.workspace)), \(HTML.escape(r.environment ?? "environment not stated"))</small>"
            let health = "<span class=\"\(r.usability.isUsable ? "ok" : "bad")\">\(HTML.escape(r.healthDescription))</span>"
                + "<br><span class=\"\(r.status == .active ? "ok" : "bad")\">\(HTML.escape(status))</span>"
                + "<br><small class=\"\(r.expired ? "bad" : "")\">\(HTML.escape(r.expiry))</small>"
            let scopes = r.scopes.map { $0.isEmpty ? "none" : $0.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: " ") } ?? HTML.escape(r.credential.grantDescription)
            let account = (r.account.map(HTML.escape) + (r.keyDescription.map { ["<small>\(HTML.escape($0))</small>"] } ?? [])).joined(separator: "<br>")
            let maybe = r.mayRun > 0 ? "<br>\(plural(r.mayRun, "use")) may run as it" : ""
            let uses = "\(plural(r.boundSteps, "step"))<br>\(plural(r.boundTriggers, "trigger"))\(maybe)<br>\(plural(r.findings, "finding"))"
            out += "<tr class=\"\(healthy ? "healthy" : "unhealthy")\" title=\"\(place(r.location))\">"
            out += [what, health, account, scopes, uses].map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static let css = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1f2328;background:#fff;overflow-wrap:anywhere}\
        table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5em 0 1.5em}\
        th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}\
        th{background:#f6f8fa}code{font:12px ui-monospace,monospace}\
        .counts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1em}.counts li{padding:.2em .6em;border-radius:4px;background:#f6f8fa}\
        .error,.bad{color:#cf222e}.warning{color:#9a6700}.info{color:#0969da}.ok{color:#1a7f37}\
        .sev{font-weight:600;text-transform:uppercase;font-size:11px}tr.unhealthy{background:#fff8f8}.meta{color:#59636e}\
        .finding{border:1px solid #d0d7de;border-left:4px solid #d0d7de;border-radius:4px;padding:.2em .8em;margin:.6em 0;color:#1f2328;break-inside:avoid}\
        .finding.error{border-left-color:#cf222e}.finding.warning{border-left-color:#bf8700}.finding.info{border-left-color:#0969da}\
        .finding p{margin:.3em 0}.finding ul{margin:.2em 0;padding-left:1.5em}.note,.hint{color:#59636e}summary{cursor:pointer}\
        @media print{body{margin:0;max-width:none;font-size:11px}.noprint{display:none}details::details-content{content-visibility:visible;display:block}summary{list-style:none}}
        """

    static let script = """
        var f=document.getElementById('filter');if(f){f.addEventListener('input',function(){\
        var q=f.value.toLowerCase();document.querySelectorAll('.finding').forEach(function(r){\
        r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':''})})}\
        window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});
        """
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// `& < > " '` as character references; control and bidi characters
    /// (line breaks too) shown escaped (`\n`, `\u{202E}`: `ExportText`).
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: ExportText.append(c, to: &out)
            }
        }
        return out
    }
}
