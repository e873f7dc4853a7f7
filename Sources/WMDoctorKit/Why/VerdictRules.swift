import Foundation

/// The verdict of a use, from the findings that break it (the same as
/// `check`'s) and the facts the export leaves open. A finding on the app
/// (several defaults, an implicit pick) says how the connection is picked,
/// not whether it works, and one whose rule puts its uses at risk (a secret
/// in the step's params: the step runs, the secret is exposed) says what
/// else is wrong: each is a risk, listed apart, and the checks on the use
/// and on each connection it may run as decide:
/// - an error that breaks it: it fails. When the export does not determine
///   its connection, only if the error holds whichever it runs as (a rule that
///   does not judge the connection, or an error on every possible connection);
/// - else a warning that breaks it (other than an expiry coming), an error on
///   only some of the connections it may run as, or a grant the export does
///   not list: it may fail;
/// - else the connection (every connection it may run as) stops being usable
///   later: it will fail on that date;
/// - else it runs.
/// The fix is the remediation of the finding that matters most: a wrong
/// connection before a dead one, before missing scopes, before a wrong account.
enum VerdictRules {
    /// `independent`: the ids of the rules that do not judge the connection (``Rule/judgesConnection``).
    static func judge(_ u: UseDiagnosis, now: Timestamp, independent: Set<String>) -> Verdict {
        var breaking: [Finding] = []
        var risks: [Finding] = []
        var seen: Set<String> = []
        for c in u.checks where c.breaksUse {
            for f in c.findings where seen.insert(f.fingerprint).inserted {
                if f.entity.kind == .app || f.affectsMeaning == .risks { risks.append(f) } else { breaking.append(f) }
            }
        }
        var v = outcome(u, breaking, now: now, independent: independent)
        v.risks = risks.map(\.message)
        return v
    }

    private static func outcome(_ u: UseDiagnosis, _ breaking: [Finding], now: Timestamp, independent: Set<String>) -> Verdict {
        let possible = (u.connection.map { [($0, u.access)] } ?? []) + u.others.map { ($0.connection, $0.access) }
        let tied = !u.others.isEmpty
        let errors = breaking.filter { $0.severity == .error }
        if !errors.isEmpty, let decisive = tied ? decisive(errors, possible.map(\.0.id), independent: independent) : errors {
            var v = verdict(.fails, decisive)
            v.reasons = errors.map(\.message)
            return v
        }
        let uncertain = errors + breaking.filter { $0.severity == .warning && $0.category != .expiredToken }
        var open = uncertain.map(\.message)
        for (c, access) in possible where access?.groups.contains(where: { $0.met == nil }) ?? false {
            open.append("the export does not list the scopes granted to connection \(quoted(c.id)) (\(c.authType?.rawValue ?? "no auth type") without `scopes`): whether it may \(access?.operation ?? "") cannot be told")
        }
        let ends = possible.compactMap { c, _ in c.unusableFrom.flatMap { $0 > now ? (c, $0) : nil } }
        if tied, !ends.isEmpty, ends.count < possible.count {
            for (c, date) in ends {
                open.append("it may run as connection \(quoted(c.id)), whose \(token(c)) expires on \(date)")
            }
        }
        if !open.isEmpty {
            if tied, let why = u.choice.undetermined { open.append(why) }
            var v = verdict(.mayFail, uncertain)
            v.reasons = open
            return v
        }
        if let last = ends.map(\.1).max(), ends.count == possible.count {
            var v = verdict(.willFail, breaking.filter { $0.severity == .warning })
            v.date = last
            if v.reasons.isEmpty {
                v.reasons = ends.map { c, date in "connection \(quoted(c.id))'s \(token(c)) expires on \(date)" }
            }
            return v
        }
        return verdict(.runs, [])
    }

    /// The token whose expiry ends a connection's use: the refresh token of a refreshable one.
    private static func token(_ c: ConnectionFacts) -> String { c.refreshable ? "refresh token" : "token" }

    /// The errors that break a use whatever connection of `possible` it runs
    /// as (nil: none do): those of a rule that does not judge the connection,
    /// else every error when each possible connection has one of its own.
    private static func decisive(_ errors: [Finding], _ possible: [String], independent: Set<String>) -> [Finding]? {
        let own = errors.filter { ($0.entity.kind == .step || $0.entity.kind == .trigger) && independent.contains($0.rule.id) }
        if !own.isEmpty { return own }
        let dead = Set(errors.compactMap { $0.entity.kind == .connection ? $0.entity.connection : nil })
        return possible.allSatisfy(dead.contains) ? errors : nil
    }

    private static func verdict(_ outcome: Verdict.Outcome, _ findings: [Finding]) -> Verdict {
        let first = findings.enumerated().min { a, b in
            let (pa, pb) = (priority(a.element.category), priority(b.element.category))
            return pa != pb ? pa < pb : a.offset < b.offset
        }?.element
        return Verdict(
            outcome: outcome, date: nil, reasons: findings.map(\.message), fix: first?.remediation.map(oneLine),
            fixRule: first?.rule)
    }

    /// Which cause to fix first: what the step points at, then whether it can sign in, then what it may do.
    private static func priority(_ c: FindingCategory) -> Int {
        switch c {
        case .invalidExport: return 0
        case .wrongConnection: return 1
        case .ambiguousDefault: return 2
        case .expiredToken: return 3
        case .missingScope: return 4
        case .wrongAccount: return 5
        case .secretExposure: return 6
        case .hygiene: return 7
        }
    }

    /// A remediation written over several lines, as one.
    static func oneLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
