/// One action or trigger of an app, and what its connection must grant.
public struct CatalogOperation: Sendable {
    /// The action key (`send_message`) or trigger event (`new_message`, `customer.created`).
    public let key: String
    /// Groups of scopes: any ONE scope of a group satisfies it; ALL groups must
    /// be satisfied. Empty: no scope is needed. Written as in the catalog file.
    public let needs: [[String]]
    /// The token kind the provider requires (Slack `search.messages`: `user`), if any.
    public let tokenKind: TokenKind?
    /// The provider's API method, for messages.
    public let method: String?
    /// A fact worth showing next to a finding about this operation.
    public let note: String?
    /// Where the operation's key is written.
    public let location: SourceLocation

    public init(
        key: String, needs: [[String]], tokenKind: TokenKind? = nil, method: String? = nil, note: String? = nil,
        location: SourceLocation
    ) {
        self.key = key
        self.needs = needs
        self.tokenKind = tokenKind
        self.method = method
        self.note = note
        self.location = location
    }
}

/// What the visible prefix of a key tells: its mode, and whether the key type has full access.
public struct CatalogKeyMode: Sendable, Equatable {
    /// The key's prefix, e.g. `rk_live_`.
    public let prefix: String
    public let mode: AccountMode
    /// True for keys with every permission (Stripe secret keys); false for
    /// restricted keys, whose permissions are the connection's `scopes`.
    public let fullAccess: Bool

    public init(prefix: String, mode: AccountMode, fullAccess: Bool) {
        self.prefix = prefix
        self.mode = mode
        self.fullAccess = fullAccess
    }
}

/// Everything the catalog knows about one app type.
///
/// Scope names are compared in canonical form (see `canonical(_:)`); the
/// initializer puts `aliases` and `implies` into that form, so a later
/// `scope_prefix` or alias applies to implications written before it.
public struct CatalogApp: Sendable {
    /// The app type key of the export (`slack`).
    public let key: String
    public let name: String
    /// The `auth.type` values the app supports; empty when not declared.
    public let authTypes: [AuthType]
    /// The token kinds the app issues; empty when it has one kind only.
    public let tokenKinds: [TokenKind]
    /// Granted scopes with this prefix are compared without it (Google).
    public let scopePrefix: String?
    /// Legacy scope name → canonical name (both without `scopePrefix`).
    public let aliases: [String: String]
    /// A canonical scope → the narrower canonical scopes it satisfies (followed transitively).
    public let implies: [String: [String]]
    /// Mode and access by key prefix (Stripe).
    public let keyModes: [CatalogKeyMode]
    /// For this app's OAuth connections without `scopes`: true when that means
    /// full access, false (the default) when the grant is unknown.
    public let scopesAbsentMeansFull: Bool
    public let actions: [String: CatalogOperation]
    public let triggers: [String: CatalogOperation]
    /// Free-text facts (token lifetimes, pitfalls).
    public let notes: [String]
    /// Provider error code → plain explanation.
    public let errors: [String: String]
    /// Where the app is (first) defined.
    public let location: SourceLocation
    /// The optional single-valued keys the file wrote (`name`, `scope_prefix`,
    /// `scopes_absent_means`): a later file overrides only what it writes.
    let written: Set<String>

    public init(
        key: String, name: String? = nil, authTypes: [AuthType] = [], tokenKinds: [TokenKind] = [],
        scopePrefix: String? = nil, aliases: [String: String] = [:], implies: [String: [String]] = [:],
        keyModes: [CatalogKeyMode] = [], scopesAbsentMeansFull: Bool? = nil,
        actions: [String: CatalogOperation] = [:], triggers: [String: CatalogOperation] = [:],
        notes: [String] = [], errors: [String: String] = [:], location: SourceLocation
    ) {
        var written: Set<String> = []
        if scopesAbsentMeansFull != nil { written.insert("scopes_absent_means") }
        if name != nil { written.insert("name") }
        if scopePrefix != nil { written.insert("scope_prefix") }
        self.init(
            key: key, name: name ?? key, authTypes: authTypes, tokenKinds: tokenKinds, scopePrefix: scopePrefix,
            aliases: aliases, implies: implies, keyModes: keyModes,
            scopesAbsentMeansFull: scopesAbsentMeansFull ?? false, actions: actions, triggers: triggers, notes: notes,
            errors: errors, location: location, written: written)
    }

    init(
        key: String, name: String, authTypes: [AuthType], tokenKinds: [TokenKind], scopePrefix: String?,
        aliases: [String: String], implies: [String: [String]], keyModes: [CatalogKeyMode],
        scopesAbsentMeansFull: Bool, actions: [String: CatalogOperation], triggers: [String: CatalogOperation],
        notes: [String], errors: [String: String], location: SourceLocation, written: Set<String>
    ) {
        let prefix = scopePrefix.flatMap { $0.isEmpty ? nil : $0 }
        var canonicalAliases: [String: String] = [:]
        for (from, to) in aliases {
            canonicalAliases[ScopeNames.strip(from, prefix: prefix)] = ScopeNames.strip(to, prefix: prefix)
        }
        var canonicalImplies: [String: [String]] = [:]
        // Sorted so that merged keys list their scopes in a fixed order.
        for (broad, narrower) in implies.sorted(by: { $0.key < $1.key }) {
            let b = ScopeNames.canonical(broad, prefix: prefix, aliases: canonicalAliases)
            var list = canonicalImplies[b] ?? []
            for n in narrower {
                let c = ScopeNames.canonical(n, prefix: prefix, aliases: canonicalAliases)
                if !list.contains(c) { list.append(c) }
            }
            canonicalImplies[b] = list
        }
        self.key = key
        self.name = name
        self.authTypes = authTypes
        self.tokenKinds = tokenKinds
        self.scopePrefix = prefix
        self.aliases = canonicalAliases
        self.implies = canonicalImplies
        self.keyModes = keyModes
        self.scopesAbsentMeansFull = scopesAbsentMeansFull
        self.actions = actions
        self.triggers = triggers
        self.notes = notes
        self.errors = errors
        self.location = location
        self.written = written
    }
}

/// One catalog file as read.
public struct CatalogFile: Sendable {
    public let path: String
    /// In the order the file defines them.
    public let apps: [CatalogApp]

    public init(path: String, apps: [CatalogApp]) {
        self.path = path
        self.apps = apps
    }
}
