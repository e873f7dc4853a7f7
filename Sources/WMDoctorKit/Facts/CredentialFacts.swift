/// What a connection's credential reaches, from the export and the app
/// catalog: the data (live or test) and the permissions. Worked out once per
/// connection; the inventory and the HTML connection table show it, and it
/// agrees with what the rules see (`wm.mode`, `wm.keyAccess`).
public struct CredentialFacts: Sendable, Hashable {
    /// What the grant is.
    public enum Grant: Sendable, Hashable {
        /// The scopes or permissions the export lists.
        case listed([String])
        /// Every permission: a full-access key (a Stripe secret key), or an
        /// API key, token or basic credential exported without scopes (spec).
        case full
        /// An OAuth connection exported without scopes: the export does not say.
        case unknown
    }

    /// `live` or `test`: the key's prefix decides, else `account.mode`; nil when neither says.
    public var mode: AccountMode?
    /// What the key hint's prefix says about the key: `full` or `restricted`; nil when it says nothing.
    public var keyAccess: String?
    public var grant: Grant

    public static func of(_ c: Connection, catalog: AppCatalog?) -> CredentialFacts {
        let app = catalog?.app(c.app.value)
        let keyMode = c.auth.keyHint.flatMap { app?.keyMode(forHint: $0.value) }
        let grant: Grant
        if keyMode?.fullAccess == true {
            grant = .full
        } else if let scopes = c.auth.scopes?.value {
            grant = .listed(scopes.map(\.value))
        } else {
            switch c.auth.type?.value {
            case .apiKey?, .token?, .basic?: grant = .full
            case .oauth2?, .custom?, nil: grant = app?.scopesAbsentMeansFull == true ? .full : .unknown
            }
        }
        return CredentialFacts(
            mode: keyMode?.mode ?? c.account.mode?.value, keyAccess: keyMode.map { $0.fullAccess ? "full" : "restricted" },
            grant: grant)
    }

    /// For people: `chat:write channels:read`, `none`, `full access`, `not exported (OAuth: unknown)`.
    public var grantDescription: String {
        switch grant {
        case .listed(let s): return s.isEmpty ? "none" : s.joined(separator: " ")
        case .full: return "full access"
        case .unknown: return "not exported (unknown for OAuth)"
        }
    }
}
