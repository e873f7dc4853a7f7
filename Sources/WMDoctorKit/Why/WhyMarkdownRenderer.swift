/// `wmdoctor why --format markdown`: the diagnosis for a ticket. Every piece
/// of export text goes through `MarkdownReporter.cell` or `.code`, so it
/// cannot break a table, start a heading or make a link.
public struct WhyMarkdownRenderer: Sendable {
    public init() {}

    private func t(_ s: String) -> String { MarkdownReporter.cell(Self.visible(s)) }
    private func c(_ s: String) -> String { MarkdownReporter.code(Self.visible(s)) }

    /// Control characters (ESC, BEL, ...) as U+FFFD, so Markdown shown in a
    /// terminal cannot start an escape; line breaks are left to `cell`/`code`.
    static func visible(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A, 0x0D, 0x09: out.unicodeScalars.append(u)
            case 0..<0x20, 0x7F..<0xA0: out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    public func render(_ d: WorkflowDiagnosis) -> String {
        let w = d.workflow
        var out = "# Why: workflow \(MarkdownReporter.code(Self.visible(w.id), inTable: false))"
        if w.name != w.id { out += " (\(t(w.name)))" }
        out += "\n\n"
        out += "Workspace \(c(d.workspace)), \(c(w.location.description)). \(w.enabled ? "Enabled" : "Disabled"); environment: \(w.environment?.rawValue ?? "not set"). "
        out += "Checked at \(d.now) with \(Tool.name) \(Tool.version).\n\n"
        for e in w.expectations { out += "- expects \(t(e.app)) account \(c(e.pattern)) at \(c(e.location.description))\n" }
        if !w.expectations.isEmpty { out += "\n" }
        out += "**Verdict: \(t(d.verdict.phrase))**" + (d.uses.isEmpty ? " (no trigger and no step)" : " (\(d.tally))") + "\n"
        if !d.checks.isEmpty { out += "\n" + checks(d.checks) }
        for u in d.uses { out += "\n" + use(u, d.now) }
        if !d.inputErrors.isEmpty {
            out += "\n## Inputs that could not be analysed\n\n| Location | Problem |\n|---|---|\n"
            for e in d.inputErrors { out += "| \(c(e.location.description)) | \(t(e.message)) |\n" }
        }
        return out
    }

    private func use(_ u: UseDiagnosis, _ now: Timestamp) -> String {
        var out = "## \(t(u.heading))\n\n"
        out += "At \(c(u.location.description)): **\(t(u.verdict.phrase))**\n\n"
        for r in u.verdict.reasons { out += "- because: \(t(r))\n" }
        if let fix = u.verdict.fix {
            out += "- **fix:** \(t(fix))" + (u.verdict.fixRule.map { " (\($0.id) \(t($0.name)))" } ?? "") + "\n"
        }
        for r in u.verdict.risks { out += "- risk: \(t(r))\n" }
        if !u.verdict.reasons.isEmpty || u.verdict.fix != nil || !u.verdict.risks.isEmpty { out += "\n" }

        let ch = u.choice
        out += "**Connection:** " + (ch.ruleNumber.map { "rule \($0): " } ?? "") + t(ch.rule) + "\n"
        if let r = ch.reference { out += "\nWritten: connection \(r.by) \(c(r.value)) at \(c(r.location.description)).\n" }
        if !ch.candidates.isEmpty {
            out += "\n| | Connection | Where | Why |\n|---|---|---|---|\n"
            for k in ch.candidates {
                out += "| \(k.picked ? "**\(k.label)**" : k.label) | \(c(k.id)) (\(t(k.name))) | \(c(k.location.description)) | \(t(k.reason)) |\n"
            }
        } else if u.connection == nil, ch.failure != .noApp {
            out += "\nNothing is picked.\n"
        }
        if let open = ch.undetermined { out += "\n> \(t(open))\n" }

        // The connection shown, then (undetermined pick) each other one the use may run as.
        func connection(_ shown: ConnectionFacts?, _ access: AccessCheck?, other: Bool) {
            if let k = shown {
                out += "\n**State of \(c(k.id))" + (other ? " (\(PossibleConnection.note))" : "") + ":** \(t(k.statePhrase))\n\n"
                if let e = k.lastErrorPhrase { out += "- last error: \(t(e))\n" }
                out += "- token: \(t(k.tokenPhrase(now: now)))\n"
                if let r = k.refreshPhrase(now: now) { out += "- refresh token: \(t(r))\n" }
                if let i = k.issuedAt { out += "- issued: \(i) (\(ConnectionHealth.relative(i, now: now)))\n" }
                out += "- environment: \(k.environment?.rawValue ?? "not set")\n"
                out += "- account: \(t(k.accountPhrase))" + (k.mode.map { "; mode \($0.rawValue)" } ?? "") + "\n"
                out += "- auth: \(t(k.authPhrase))\n"
            }
            if let a = access {
                out += "\n**" + (other ? "Access through \(c(shown?.id ?? ""))" : "Access") + ":** \(t(a.title))\n\n"
                if let g = a.grant {
                    if !a.catalogued {
                        out += "Needs: unknown (the catalog has no \(t(u.app ?? "")) \(a.kind) \(c(a.operation))).\n\n"
                    } else if a.groups.isEmpty {
                        out += "Needs no scope.\n\n"
                    } else {
                        out += "| Needs | Result |\n|---|---|\n"
                        for group in a.groups { out += "| \(t(group.acceptedPhrase)) | \(t(group.resultPhrase)) |\n" }
                        out += "\n"
                    }
                    out += "Granted: \(t(g.phrase)).\n"
                    if !a.missing.isEmpty { out += "Missing: **\(t(a.missing.map(\.acceptedPhrase).joined(separator: " and ")))**.\n" }
                    if let tk = a.tokenKindPhrase { out += "Token kind: \(t(tk)).\n" }
                } else {
                    out += "Not compared: \(t(UseDiagnosis.notCompared(u, through: shown))).\n"
                }
            }
        }
        connection(u.connection, u.access, other: false)
        for o in u.others { connection(o.connection, o.access, other: true) }
        if !u.expectations.isEmpty {
            out += "\n**Expectations**\n\n| From | Pattern | Where | Result |\n|---|---|---|---|\n"
            for e in u.expectations {
                out += "| \(e.source) | \(c(e.pattern)) | \(c(e.location.description)) | \(t(e.resultPhrase(u.connection?.accountPhrase))) |\n"
            }
        }
        out += "\n" + checks(u.checks)
        return out
    }

    private func checks(_ list: [CheckResult]) -> String {
        var out = "**Checks (\(list.count))**\n\n| Result | Rule | On | Finding |\n|---|---|---|---|\n"
        for k in list {
            var finding = k.findings.map { f in
                "\(c(f.location.description)) \(t(f.message)) (fingerprint \(c(f.fingerprint)))"
                    + (f.suppression.map { " suppressed: \(t($0.reason))" } ?? "")
            }.joined(separator: "<br>")
            if let note = k.scopeNote { finding += "<br>" + t(note) }
            let result = k.passed ? "OK" : k.breaksUse ? "**\(k.resultWord)**" : k.resultWord
            out += "| \(result) | \(k.rule.id) \(t(k.rule.name)) | \(t(k.subject)) | \(finding) |\n"
        }
        return out
    }
}
