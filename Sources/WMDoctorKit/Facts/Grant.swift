/// What a connection was granted, as the export and the catalog tell it: the
/// one definition behind `wm.unmetGroups`, `wm.grants` and `why`.
public enum Grant: Sendable, Equatable {
    /// The scopes `auth.scopes` lists, as written.
    case scopes([String])
    /// Every scope of the app.
    case fullAccess(FullAccess)
    /// An OAuth (or custom) connection exported without `scopes`: the export does not say.
    case unknown

    /// Why a connection has full access.
    public enum FullAccess: Sendable, Equatable {
        /// Its key's visible prefix is one the catalog marks as full access (Stripe `sk_live_`).
        case keyPrefix(String)
        /// An `api_key`, `token` or `basic` connection exported without `scopes` (the export format says so).
        case noScopesListed(AuthType)
        /// An OAuth connection without `scopes` of an app whose catalog says that means full access.
        case catalog
    }

    /// The grant of connection `c` under its app's catalog entry.
    public static func of(_ c: Connection, app: CatalogApp) -> Grant {
        if let hint = c.auth.keyHint?.value, let km = app.keyMode(forHint: hint), km.fullAccess {
            return .fullAccess(.keyPrefix(km.prefix))
        }
        if let scopes = c.auth.scopes?.value { return .scopes(scopes.map(\.value)) }
        switch c.auth.type?.value {
        case .apiKey?: return .fullAccess(.noScopesListed(.apiKey))
        case .token?: return .fullAccess(.noScopesListed(.token))
        case .basic?: return .fullAccess(.noScopesListed(.basic))
        case .oauth2?, .custom?, nil: return app.scopesAbsentMeansFull ? .fullAccess(.catalog) : .unknown
        }
    }

    /// The scopes granted, full access as every scope any operation of the app
    /// accepts; nil when unknown.
    public func scopes(in app: CatalogApp) -> [String]? {
        switch self {
        case .scopes(let s): return s
        case .unknown: return nil
        case .fullAccess:
            var all: [String] = []
            for op in app.actions.values { all += op.needs.flatMap { $0 } }
            for op in app.triggers.values { all += op.needs.flatMap { $0 } }
            return all
        }
    }
}
