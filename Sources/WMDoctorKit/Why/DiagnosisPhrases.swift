/// The words every `why` renderer uses for the facts of a diagnosis, in one
/// place: the renderers only lay them out (and escape them for their medium).
extension ConnectionFacts {
    /// `active`, `revoked`, `active, but refresh token expired on …`: the status, and whether it is usable.
    public var statePhrase: String {
        switch usability {
        case .usable: return "\(status.rawValue), usable"
        case .notActive: return "\(status.rawValue): not usable (a connection that is not active fails every step that uses it)"
        case .tokenExpired, .refreshExpired: return "\(status.rawValue), but not usable: \(usability.phrase)"
        }
    }

    /// `expires 2026-11-28T00:00:00Z (in 4 days), not refreshable`, `does not expire (no expires_at)`.
    public func tokenPhrase(now: Timestamp) -> String {
        var s = expiresAt.map { "expires \($0) (\(ConnectionHealth.relative($0, now: now)))" } ?? "does not expire (no expires_at)"
        s += refreshable ? "; refreshable: the platform renews it" : (expiresAt == nil ? "" : "; not refreshable")
        return s
    }

    /// The refresh token's expiry, nil when the connection is not refreshable.
    public func refreshPhrase(now: Timestamp) -> String? {
        guard refreshable else { return nil }
        return refreshExpiresAt.map { "expires \($0) (\(ConnectionHealth.relative($0, now: now)))" } ?? "does not expire (no refresh_expires_at)"
    }

    /// `id T024BE7LD, label acme-marketing, email ops@acme.com`.
    public var accountPhrase: String {
        account.isEmpty ? "not given" : account.map { "\($0.field) \($0.value)" }.joined(separator: ", ")
    }

    /// `oauth2, bot token`; `api_key, restricted key (rk_live_)`.
    public var authPhrase: String {
        var parts = [authType?.rawValue ?? "no auth type"]
        if let t = tokenKind { parts.append("\(t.rawValue) token") }
        if let k = key { parts.append("\(k.fullAccess ? "secret key, full access" : "restricted key") (\(k.prefix))") }
        return parts.joined(separator: ", ")
    }

    /// `invalid_grant: Token has been expired or revoked. (at …)`, nil when there is none.
    public var lastErrorPhrase: String? {
        guard let e = lastError else { return nil }
        var s = [e.code, e.message].compactMap { $0 }.joined(separator: ": ")
        if s.isEmpty { s = "(no code or message)" }
        if let at = e.at { s += " (at \(at))" }
        return s
    }
}

extension Grant {
    /// `chat:write, channels:read`; `full access (a sk_live_ key)`; `not known (…)`.
    public var phrase: String {
        switch self {
        case .scopes(let s): return s.isEmpty ? "nothing (an empty `scopes` list)" : s.joined(separator: ", ")
        case .fullAccess(.keyPrefix(let p)): return "full access (a \(p) key)"
        case .fullAccess(.noScopesListed(let t)): return "full access (an \(t.rawValue) connection exported without `scopes`)"
        case .fullAccess(.catalog): return "full access (the catalog says an OAuth connection of this app without `scopes` has every scope)"
        case .unknown: return "not known (an OAuth connection exported without `scopes`)"
        }
    }
}

extension ScopeGroup {
    /// `chat:write`, `one of gmail.send / gmail.compose`.
    public var acceptedPhrase: String { accepted.count == 1 ? accepted[0] : "one of " + accepted.joined(separator: " / ") }

    /// `OK (granted chat:write:bot)`, `MISSING`, `unknown`.
    public var resultPhrase: String {
        switch met {
        case true?: return metBy.isEmpty ? "OK (full access)" : "OK (granted \(metBy.joined(separator: ", ")))"
        case false?: return "MISSING"
        case nil: return "unknown (the grant is not in the export)"
        }
    }
}

extension AccessCheck {
    /// The groups the grant leaves unmet.
    public var missing: [ScopeGroup] { groups.filter { $0.met == false } }

    /// `needs a user token, has a bot token: MISSING`, nil when the operation needs no kind.
    public var tokenKindPhrase: String? {
        guard let needed = tokenKindNeeded else { return nil }
        let has = tokenKind.map { "has a \($0.rawValue) token" } ?? "the export does not say which kind it has"
        let result = tokenKind == needed ? "OK" : tokenKind == nil ? "unknown" : "WRONG KIND"
        return "needs a \(needed.rawValue) token, \(has): \(result)"
    }

    /// `action send_message (chat.postMessage)`.
    public var title: String { "\(kind) \(operation)" + (method.map { " (\($0))" } ?? "") }
}

extension ExpectationCheck {
    /// `met: label acme-marketing`, `NOT met: the account is id T0ENG42, label initech-eng`.
    public func resultPhrase(_ account: String?) -> String {
        if let m = match { return "met (\(m.field) \(m.value))" }
        guard connection != nil else { return "not checked: no connection is chosen" }
        return "NOT met: the connection signs in as \(account ?? "an account the export does not name")"
    }
}

extension CheckResult {
    /// `OK`, or the worst severity of its findings.
    public var resultWord: String {
        guard let worst = findings.map(\.severity).max() else { return "OK" }
        return worst.rawValue
    }

    /// Said of a finding that does not break the use: what it is about.
    public var scopeNote: String? {
        guard !passed, !breaksUse else { return nil }
        return "about the \(subject.hasPrefix("connection") ? "connection" : subject.hasPrefix("app") ? "app" : subject); it does not break this use"
    }
}

extension UseDiagnosis {
    /// `step "notify": slack send_message`, `trigger: stripe customer.created`.
    public var heading: String {
        "\(title): \([app, operation].compactMap { $0 }.joined(separator: " "))"
    }
}

extension WorkflowDiagnosis {
    /// `workflow "wf_leads" (Leads to CRM)`.
    public var title: String {
        "workflow \(quoted(workflow.id))" + (workflow.name != workflow.id ? " (\(workflow.name))" : "")
    }

    /// How many uses have each outcome: `2 fail, 1 runs`.
    public var tally: String {
        var parts: [String] = []
        for outcome in [Verdict.Outcome.fails, .mayFail, .willFail, .runs] {
            let n = uses.lazy.filter { $0.verdict.outcome == outcome }.count
            guard n > 0 else { continue }
            switch outcome {
            case .fails: parts.append("\(n) \(n == 1 ? "fails" : "fail")")
            case .mayFail: parts.append("\(n) may fail")
            case .willFail: parts.append("\(n) will fail later")
            case .runs: parts.append("\(n) \(n == 1 ? "runs" : "run")")
            case .disabled: break
            }
        }
        return parts.joined(separator: ", ")
    }
}

extension UseDiagnosis {
    /// Why the operation's needs were not compared with the grant.
    static func notCompared(_ u: UseDiagnosis, through connection: ConnectionFacts? = nil) -> String {
        if let c = connection ?? u.connection, c.app != u.app { return "connection \(quoted(c.id)) is a \(c.app) connection, not \(u.app ?? "of the use's app")" }
        if u.operation == nil { return "no \(u.kind == .trigger ? "event" : "action") is written" }
        return "the catalog does not know app \(quoted(u.app ?? ""))"
    }
}

extension ChoiceCandidate {
    /// `picked`, `not picked`, `tied, shown` (the pick among candidates the export cannot tell apart), `tied`.
    public var label: String {
        tied ? (picked ? "tied, shown" : "tied") : (picked ? "picked" : "not picked")
    }
}

extension PossibleConnection {
    /// Beside the state of a connection the use may run as, not the one shown first.
    static let note = "it may run as this one instead"
}
