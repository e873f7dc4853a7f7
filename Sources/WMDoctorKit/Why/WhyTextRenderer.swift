/// `wmdoctor why` for a terminal: the workflow's verdict, then for the trigger
/// and each step how its connection is chosen, the connection's state, what
/// the operation needs against the grant, the expectations, every check with
/// its result, and the verdict with the fix. Export text goes through
/// `terminalSafe`: it cannot start a line or a terminal escape.
public struct WhyTextRenderer: Sendable {
    public var colors: Bool

    public init(colors: Bool = false) {
        self.colors = colors
    }

    public func render(_ d: WorkflowDiagnosis) -> String {
        let style = ANSI(on: colors)
        var out = ""
        func line(_ indent: Int, _ text: String, _ paint: (String) -> String = { $0 }) {
            let pad = String(repeating: "  ", count: indent)
            out += pad + paint(terminalSafe(text)) + "\n"
        }
        line(0, "\(d.title) in workspace \(quoted(d.workspace)) at \(d.workflow.location)", style.bold)
        var about = [d.workflow.enabled ? "enabled" : "disabled", "environment: \(d.workflow.environment?.rawValue ?? "not set")"]
        if d.workflow.expectations.isEmpty { about.append("no workflow expectations") }
        line(1, about.joined(separator: "; "))
        for e in d.workflow.expectations { line(1, "expects \(e.app) account \(quoted(e.pattern)) at \(e.location)") }
        line(1, "checked at \(d.now)")
        for c in d.checks { checkLine(c, 1, style, &out) }
        out += "\n"
        line(0, "verdict: \(d.verdict.phrase)" + (d.uses.isEmpty ? " (no trigger and no step)" : " (\(d.tally))"), { verdictPaint($0, d.verdict, style) })
        for u in d.uses {
            out += "\n"
            use(u, d.now, style, &out)
        }
        if !d.inputErrors.isEmpty {
            out += "\n"
            line(0, "\(d.inputErrors.count) input(s) could not be analysed; what they hold is not in this diagnosis:", style.red)
            for e in d.inputErrors { line(1, "\(e.location): \(e.message)") }
        }
        return out
    }

    private func use(_ u: UseDiagnosis, _ now: Timestamp, _ style: ANSI, _ out: inout String) {
        func line(_ indent: Int, _ text: String, _ paint: (String) -> String = { $0 }) {
            let pad = String(repeating: "  ", count: indent)
            out += pad + paint(terminalSafe(text)) + "\n"
        }
        line(0, "\(u.heading) at \(u.location)", style.underline)
        line(1, "verdict: \(u.verdict.phrase)", { verdictPaint($0, u.verdict, style) })
        for r in u.verdict.reasons { line(2, "because: \(r)") }
        if let fix = u.verdict.fix { line(2, "fix: \(fix)" + (u.verdict.fixRule.map { " [\($0.id) \($0.name)]" } ?? ""), style.green) }
        for r in u.verdict.risks { line(2, "risk: \(r)") }

        let ch = u.choice
        line(1, "connection: " + (ch.ruleNumber.map { "rule \($0), " } ?? "") + ch.rule, style.bold)
        if let r = ch.reference { line(2, "written: connection \(r.by) \(quoted(r.value)) at \(r.location)") }
        for c in ch.candidates {
            line(2, "\(c.label): \(quoted(c.id)) (\(c.name)) at \(c.location): \(c.reason)")
        }
        if ch.candidates.isEmpty, u.connection == nil, ch.failure != .noApp { line(2, "nothing is picked", style.red) }
        if let open = ch.undetermined { line(2, open, style.red) }

        // The connection shown, then (undetermined pick) each other one the use may run as.
        func connection(_ c: ConnectionFacts?, _ access: AccessCheck?, other: Bool) {
            if let c {
                line(1, "state of \(quoted(c.id))" + (other ? " (\(PossibleConnection.note))" : "") + ": \(c.statePhrase)", style.bold)
                if let e = c.lastErrorPhrase { line(2, "last error: \(e)") }
                line(2, "token: \(c.tokenPhrase(now: now))")
                if let r = c.refreshPhrase(now: now) { line(2, "refresh token: \(r)") }
                if let i = c.issuedAt { line(2, "issued: \(i) (\(ConnectionHealth.relative(i, now: now)))") }
                line(2, "environment: \(c.environment?.rawValue ?? "not set")")
                line(2, "account: \(c.accountPhrase)" + (c.mode.map { "; mode \($0.rawValue)" } ?? ""))
                line(2, "auth: \(c.authPhrase)")
            }
            if let a = access {
                line(1, (other ? "access through \(quoted(c?.id ?? "")): " : "access: ") + a.title, style.bold)
                if let g = a.grant {
                    if !a.catalogued {
                        line(2, "needs: unknown (the catalog has no \(u.app ?? "") \(a.kind) \(quoted(a.operation)))")
                    } else if a.groups.isEmpty {
                        line(2, "needs: no scope")
                    }
                    for group in a.groups { line(2, "needs \(group.acceptedPhrase): \(group.resultPhrase)") }
                    line(2, "granted: \(g.phrase)")
                    if !a.missing.isEmpty { line(2, "missing: " + a.missing.map(\.acceptedPhrase).joined(separator: " and "), style.red) }
                    if let t = a.tokenKindPhrase { line(2, "token kind: \(t)") }
                } else {
                    line(2, "not compared: \(UseDiagnosis.notCompared(u, through: c))")
                }
            }
        }
        connection(u.connection, u.access, other: false)
        for o in u.others { connection(o.connection, o.access, other: true) }
        if !u.expectations.isEmpty {
            line(1, "expectations:", style.bold)
            for e in u.expectations {
                line(2, "\(e.source) expects \(quoted(e.pattern)) at \(e.location): \(e.resultPhrase(u.connection?.accountPhrase))")
            }
        }
        line(1, "checks (\(u.checks.count)):", style.bold)
        for c in u.checks { checkLine(c, 2, style, &out) }
    }

    private func checkLine(_ c: CheckResult, _ indent: Int, _ style: ANSI, _ out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        let word = c.resultWord
        let padded = word + String(repeating: " ", count: max(0, 7 - word.count))
        let label = c.passed ? style.green(padded) : c.breaksUse ? style.red(padded) : padded
        out += pad + label + " " + terminalSafe("\(c.rule.id) \(c.rule.name) on \(c.subject)") + "\n"
        for f in c.findings {
            var text = "\(f.location): \(f.message) [fingerprint \(f.fingerprint)]"
            if let s = f.suppression { text += " (suppressed at \(s.location): \(s.reason))" }
            out += pad + "        " + terminalSafe(text) + "\n"
        }
        if let note = c.scopeNote { out += pad + "        " + style.dim(terminalSafe(note)) + "\n" }
    }

    private func verdictPaint(_ s: String, _ v: Verdict, _ style: ANSI) -> String {
        switch v.outcome {
        case .runs: return style.green(style.bold(s))
        case .willFail, .mayFail: return style.wrap("1;33", s)
        case .fails, .disabled: return style.wrap("1;31", s)
        }
    }
}

/// A message for standard error holding export text: control and bidi
/// characters escaped visibly (see `terminalSafe`).
public func terminalLine(_ s: String) -> String { terminalSafe(s) }
