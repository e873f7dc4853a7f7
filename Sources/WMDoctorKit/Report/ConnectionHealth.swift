/// One row of the HTML report's connection table: what support staff need
/// to know about a connection, from non-secret fields only.
public struct ConnectionHealth: Sendable {
    public var workspace: String
    public var id: String
    public var name: String
    public var app: String
    public var status: ConnectionStatus
    /// `last_error.code`, if any.
    public var lastError: String?
    /// `id T024BE7LD`, `label acme-marketing`, `email ops@acme.com`, `mode live` (as `account.mode` says).
    public var account: [String]
    /// `auth.expires_at` and how far it is from the report's `now`.
    public var expiry: String
    /// Whether the connection can run a step at the report's `now` (the rules' definition).
    public var usability: Usability
    /// `production`, `staging`, `development`, if the export says.
    public var environment: String?
    /// Mode, key access and grant, as the rules see them.
    public var credential: CredentialFacts
    /// The token can no longer be used or renewed (spec, binding rule 4).
    public var expired: Bool {
        switch usability {
        case .tokenExpired, .refreshExpired: return true
        case .usable, .notActive: return false
        }
    }
    /// Granted scopes as exported; nil when the export does not list them (see `credential.grant`).
    public var scopes: [String]?

    /// `live, restricted key`, `test`, `full-access key`, or nil when nothing is known.
    public var keyDescription: String? {
        var parts: [String] = []
        if let m = credential.mode { parts.append(m.rawValue) }
        if let k = credential.keyAccess { parts.append("\(k)\(k == "full" ? "-access" : "") key") }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// `usable`, or `unusable: revoked` / `unusable: token expired on …`.
    public var healthDescription: String { usability.isUsable ? "usable" : "unusable: " + usability.phrase }
    public var isDefault: Bool
    /// Steps and triggers whose resolved binding is this connection, and no other.
    public var boundSteps: Int
    public var boundTriggers: Int
    /// Steps and triggers that may run as this connection: the export does
    /// not determine which of the tied connections they get.
    public var mayRun: Int = 0
    public var findings: Int
    public var location: SourceLocation

    /// Every connection of every workspace, in workspace and export order.
    public static func rows(_ report: Report) -> [ConnectionHealth] {
        var rows: [ConnectionHealth] = []
        for ws in report.workspaces {
            let slug = ws.workspace.slug
            var findings: [String: Int] = [:]
            for f in report.findings where f.entity.workspace == slug {
                if let c = f.entity.connection { findings[c, default: 0] += 1 }
            }
            for (i, c) in ws.workspace.connections.enumerated() {
                let bound = ws.usage.byConnection[i]
                let uses = bound.filter { !ws.isUndetermined($0) }
                let triggers = uses.lazy.filter(\.isTrigger).count
                var r = row(
                    c, workspace: slug, usability: ws.usability[i], credential: ws.credentials[i], steps: uses.count - triggers, triggers: triggers,
                    findings: findings[c.id.value] ?? 0, now: report.now)
                r.mayRun = bound.count - uses.count + ws.usage.tiedByConnection[i].count
                rows.append(r)
            }
        }
        return rows
    }

    private static func row(
        _ c: Connection, workspace: String, usability: Usability, credential: CredentialFacts, steps: Int, triggers: Int, findings: Int,
        now: Timestamp
    ) -> ConnectionHealth {
        var account: [String] = []
        if let v = c.account.id?.value { account.append("id \(v)") }
        if let v = c.account.label?.value { account.append("label \(v)") }
        if let v = c.account.email?.value { account.append("email \(v)") }
        if let v = c.account.mode?.value { account.append("mode \(v.rawValue)") }
        var expiry = "does not expire"
        if let at = c.auth.expiresAt?.value { expiry = "\(at) (\(relative(at, now: now)))" }
        let refreshable = c.auth.refreshable?.value ?? false
        if refreshable {
            expiry += "; refreshable"
            if let r = c.auth.refreshExpiresAt?.value { expiry += " until \(r) (\(relative(r, now: now)))" }
        }
        return ConnectionHealth(
            workspace: workspace, id: c.id.value, name: c.name.value, app: c.app.value, status: c.effectiveStatus,
            lastError: c.lastError?.code?.value, account: account, expiry: expiry,
            usability: usability, environment: c.environment?.value.rawValue, credential: credential,
            scopes: c.auth.scopes.map { $0.value.map(\.value) }, isDefault: c.markedDefault,
            boundSteps: steps, boundTriggers: triggers, findings: findings, location: c.location)
    }

    /// `in 3 days`, `2 hours ago`, `now`: the largest whole unit.
    public static func relative(_ t: Timestamp, now: Timestamp) -> String {
        let delta = now.secondsUntil(t)
        let seconds = Int64(abs(delta))
        let (n, unit): (Int64, String)
        if seconds >= 86_400 {
            (n, unit) = (seconds / 86_400, "day")
        } else if seconds >= 3_600 {
            (n, unit) = (seconds / 3_600, "hour")
        } else if seconds >= 60 {
            (n, unit) = (seconds / 60, "minute")
        } else {
            return "now"
        }
        let amount = "\(n) \(unit)\(n == 1 ? "" : "s")"
        return delta > 0 ? "in \(amount)" : "\(amount) ago"
    }
}
