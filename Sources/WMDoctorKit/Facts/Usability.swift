/// Whether a connection can run a step now, and if not why: the spec's rule 4
/// ("How Workflow Machine picks a step's connection at run time"). The one
/// definition of "usable": rules see it as `connection.usable` and
/// `connection.health`, and every report shows it.
public enum Usability: Sendable, Hashable {
    case usable
    /// `status` is not `active`.
    case notActive(ConnectionStatus)
    /// `auth.expires_at` has passed and the connection is not `refreshable`.
    case tokenExpired(Timestamp)
    /// The connection is `refreshable` and its `auth.refresh_expires_at` has passed.
    case refreshExpired(Timestamp)

    public static func of(_ c: Connection, now: Timestamp) -> Usability {
        let status = c.effectiveStatus
        if status != .active { return .notActive(status) }
        let refreshable = c.auth.refreshable?.value ?? false
        if !refreshable, let at = c.auth.expiresAt?.value, at <= now { return .tokenExpired(at) }
        if refreshable, let at = c.auth.refreshExpiresAt?.value, at <= now { return .refreshExpired(at) }
        return .usable
    }

    /// When an active connection stops being usable if nothing changes: its
    /// token's expiry when it is not refreshable, its refresh token's expiry
    /// when it is; nil when neither is set or the status is not `active`.
    /// `of(c, now:)` is `.usable` exactly when `now` is before this.
    public static func unusableFrom(_ c: Connection) -> Timestamp? {
        guard c.effectiveStatus == .active else { return nil }
        return (c.auth.refreshable?.value ?? false) ? c.auth.refreshExpiresAt?.value : c.auth.expiresAt?.value
    }

    public var isUsable: Bool { self == .usable }

    /// `usable`, `revoked`, `expired`, `error`, `disabled`, `token-expired`, `refresh-expired`.
    public var key: String {
        switch self {
        case .usable: return "usable"
        case .notActive(let s): return s.rawValue
        case .tokenExpired: return "token-expired"
        case .refreshExpired: return "refresh-expired"
        }
    }

    /// For people: `usable`, `revoked`, `token expired on 2026-11-20T10:00:00Z (not refreshable)`.
    public var phrase: String {
        switch self {
        case .usable: return "usable"
        case .notActive(let s): return s.rawValue
        case .tokenExpired(let at): return "token expired on \(at) (not refreshable)"
        case .refreshExpired(let at): return "refresh token expired on \(at)"
        }
    }
}
