import Foundation

/// The verdict of a use, from the findings that break it (the same as
/// `check`'s) and the facts the export leaves open:
/// - an error that breaks it: it fails;
/// - else a warning that breaks it (other than an expiry coming), a pick the
///   export cannot decide, or a grant the export does not list: it may fail;
/// - else a connection that stops being usable later: it will fail on that date;
/// - else it runs.
/// The fix is the remediation of the finding that matters most: a wrong
/// connection before a dead one, before missing scopes, before a wrong account.
enum VerdictRules {
    static func judge(_ u: UseDiagnosis, now: Timestamp) -> Verdict {
        var breaking: [Finding] = []
        for c in u.checks where c.breaksUse {
            for f in c.findings where !breaking.contains(where: { $0.fingerprint == f.fingerprint }) { breaking.append(f) }
        }
        let errors = breaking.filter { $0.severity == .error }
        if !errors.isEmpty { return verdict(.fails, errors) }
        let warnings = breaking.filter { $0.severity == .warning }
        var open: [String] = warnings.filter { $0.category != .expiredToken }.map(\.message)
        if let why = u.choice.undetermined { open.append(why) }
        if let a = u.access, a.groups.contains(where: { $0.met == nil }), let c = u.connection {
            open.append("the export does not list the scopes granted to connection \(quoted(c.id)) (\(c.authType?.rawValue ?? "no auth type") without `scopes`): whether it may \(a.operation) cannot be told")
        }
        if !open.isEmpty {
            var v = verdict(.mayFail, warnings.filter { $0.category != .expiredToken })
            v.reasons = open
            return v
        }
        if let date = u.connection?.unusableFrom, date > now {
            var v = verdict(.willFail, warnings)
            v.date = date
            if v.reasons.isEmpty, let c = u.connection {
                v.reasons = ["connection \(quoted(c.id))'s \(c.refreshable ? "refresh token" : "token") expires on \(date)"]
            }
            return v
        }
        return verdict(.runs, [])
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
