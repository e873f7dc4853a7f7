/// One self-contained HTML page for support teams: the summary, the health of
/// every connection, then findings grouped by workflow with remediation.
/// Inline CSS and a few lines of inline script (a filter box); a content
/// security policy forbids fetching anything. All text is escaped.
public struct HTMLReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        var out = """
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
            <p class="summary">\(HTML.escape(TextReporter().summary(report)))</p>
            <p class="meta">Checked at \(report.now) with \(Tool.name) \(Tool.version).</p>
            <ul class="counts"><li class="error">\(report.count(.error)) errors</li><li class="warning">\(report.count(.warning)) warnings</li><li class="info">\(report.count(.info)) info</li><li class="input">\(report.errors.count) input errors</li></ul>

            """
        out += connections(report)
        out += fixes(report)
        out += findings(report)
        out += inputErrors(report)
        out += "<script>\(HTMLReporter.script)</script>\n</body>\n</html>\n"
        return out
    }

    private func connections(_ report: Report) -> String {
        let rows = ConnectionHealth.rows(report)
        var out = "<h2>Connections</h2>\n"
        if rows.isEmpty { return out + "<p>No connection was read.</p>\n" }
        out += "<table class=\"health\">\n<thead><tr>"
        for h in ["Workspace", "Connection", "Name", "App", "Health", "Status", "Environment", "Account", "Key", "Expiry", "Scopes", "Default", "Steps", "Triggers", "Findings"] {
            out += "<th>\(h)</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for r in rows {
            let healthy = r.usability.isUsable && r.findings == 0
            var status = r.status.rawValue
            if let code = r.lastError { status += " (last error \(code))" }
            let cells = [
                HTML.escape(r.workspace), "<code>\(HTML.escape(r.id))</code>", HTML.escape(r.name), HTML.escape(r.app),
                "<span class=\"\(r.usability.isUsable ? "ok" : "bad")\">\(HTML.escape(r.healthDescription))</span>",
                "<span class=\"\(r.status == .active ? "ok" : "bad")\">\(HTML.escape(status))</span>",
                HTML.escape(r.environment ?? "not stated"),
                r.account.map(HTML.escape).joined(separator: "<br>"), HTML.escape(r.keyDescription ?? ""),
                "<span class=\"\(r.expired ? "bad" : "ok")\">\(HTML.escape(r.expiry))</span>",
                r.scopes.map { $0.isEmpty ? "none" : $0.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: " ") } ?? HTML.escape(r.credential.grantDescription),
                r.isDefault ? "default" : "", String(r.boundSteps), String(r.boundTriggers), String(r.findings),
            ]
            out += "<tr class=\"\(healthy ? "healthy" : "unhealthy")\" title=\"\(HTML.escape(r.location.description))\">"
            out += cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// `--rank`: the fixes that clear the most findings first.
    private func fixes(_ report: Report) -> String {
        guard let fixes = report.fixes, !fixes.isEmpty else { return "" }
        return "<h2>Top fixes</h2>\n<ol class=\"fixes\">\n" + fixes.map { "<li>\(HTML.escape($0.text))</li>\n" }.joined() + "</ol>\n"
    }

    private func findings(_ report: Report) -> String {
        var out = "<h2>Findings</h2>\n"
        // Suppressed and baselined findings are counted in the summary, not listed.
        let shown = report.activeFindings
        if shown.isEmpty { return out + "<p>No findings.</p>\n" }
        out += "<p><input type=\"search\" id=\"filter\" placeholder=\"Filter findings\" aria-label=\"Filter findings\"></p>\n"
        var order: [String] = []
        var groups: [String: [Finding]] = [:]
        for f in shown {
            let key = group(f.entity)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(f)
        }
        for key in order {
            out += "<section class=\"group\">\n<h3>\(key)</h3>\n<table class=\"findings\">\n"
            out += "<thead><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Entity</th><th>Message</th><th>Remediation</th></tr></thead>\n<tbody>\n"
            for f in groups[key] ?? [] { out += row(f) }
            out += "</tbody>\n</table>\n</section>\n"
        }
        return out
    }

    /// The heading findings are grouped under: their workflow, else their
    /// connection, else their workspace.
    private func group(_ e: EntityRef) -> String {
        let ws = e.workspace.isEmpty ? "" : " <small>in workspace \(HTML.escape(e.workspace))</small>"
        if let w = e.workflow { return "Workflow <code>\(HTML.escape(w))</code>\(ws)" }
        if let c = e.connection { return "Connection <code>\(HTML.escape(c))</code>\(ws)" }
        return e.workspace.isEmpty ? "Export documents" : "Workspace <code>\(HTML.escape(e.workspace))</code>"
    }

    /// How many uses a finding lists (collapsed) before "and N more".
    static let usesShown = 50

    private func row(_ f: Finding) -> String {
        var message = HTML.escape(f.message)
        if f.listsUses {
            let (shown, more) = f.shownUses(limit: Self.usesShown)
            let new = f.baseline == .updated ? f.newUses.count : 0
            message += "<details\(new > 0 ? " open" : "")><summary>breaks \(f.affects.count) \(f.affects.count == 1 ? "use" : "uses")\(new > 0 ? ", \(new) new" : "")</summary><ul class=\"uses\">"
            for u in shown {
                let mark = u.baseline == .new && f.baseline == .updated ? "<strong>new:</strong> " : ""
                message += "<li>\(mark)\(HTML.escape(u.title)) <small>(\(HTML.escape(u.via))) at <code>\(HTML.escape(u.location.description))</code></small></li>"
            }
            if more > 0 { message += "<li>and \(more) more (the JSON report lists every one)</li>" }
            message += "</ul></details>"
        }
        for r in f.related { message += "<br><small>note: \(HTML.escape(r.message)) at \(HTML.escape(r.location.description))</small>" }
        let cells = [
            "<span class=\"sev \(f.severity.rawValue)\">\(f.severity.rawValue)</span>",
            "<code>\(HTML.escape(f.location.description))</code>",
            "\(HTML.escape(f.rule.id)) \(HTML.escape(f.rule.name))", HTML.escape(f.entity.displayPath), message,
            HTML.escape(f.remediation ?? ""),
        ]
        return "<tr class=\"finding\">" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
    }

    private func inputErrors(_ report: Report) -> String {
        guard !report.errors.isEmpty else { return "" }
        var out = "<h2>Inputs that could not be analysed</h2>\n<table class=\"findings\">\n<thead><tr><th>Location</th><th>Problem</th></tr></thead>\n<tbody>\n"
        for e in report.errors {
            out += "<tr class=\"finding\"><td><code>\(HTML.escape(e.location.description))</code></td><td>\(HTML.escape(e.message))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    static let css = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1f2328;background:#fff}\
        table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}\
        th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}\
        th{background:#f6f8fa}code{font:12px ui-monospace,monospace}\
        .counts{list-style:none;padding:0;display:flex;gap:1em}.counts li{padding:.2em .6em;border-radius:4px;background:#f6f8fa}\
        .error,.bad{color:#cf222e}.warning{color:#9a6700}.info{color:#0969da}.ok{color:#1a7f37}\
        .sev{font-weight:600}tr.unhealthy{background:#fff8f8}.meta{color:#59636e}
        """

    static let script = """
        var f=document.getElementById('filter');if(f){f.addEventListener('input',function(){\
        var q=f.value.toLowerCase();document.querySelectorAll('tr.finding').forEach(function(r){\
        r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':''})})}
        """
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// `& < > " '` as character references; control characters other than
    /// tab and line breaks dropped.
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default: if c.value >= 0x20 && c.value != 0x7F { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
