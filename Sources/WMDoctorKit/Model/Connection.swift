/// The external account a connection signs in as.
public struct Account: Sendable {
    public var id: Located<String>?
    public var label: Located<String>?
    public var email: Located<String>?
    public var mode: Located<AccountMode>?
    public var location: SourceLocation
}

/// How a connection authenticates. Secret values are never kept: only where
/// they were, so a hygiene rule can say that a secret was exported.
public struct Auth: Sendable {
    public var type: Located<AuthType>?
    /// Granted scopes; nil when the export does not say.
    public var scopes: Located<[Located<String>]>?
    public var tokenKind: Located<TokenKind>?
    public var keyHint: Located<String>?
    public var expiresAt: Located<Timestamp>?
    public var refreshable: Located<Bool>?
    public var refreshExpiresAt: Located<Timestamp>?
    public var issuedAt: Located<Timestamp>?
    /// Secret fields present in the export (their names and positions, never values).
    public var secretsPresent: [Located<String>]
    public var location: SourceLocation
}

/// The last error the platform saw when using a connection.
public struct LastError: Sendable {
    public var code: Located<String>?
    public var message: Located<String>?
    public var at: Located<Timestamp>?
    public var location: SourceLocation
}

/// A saved, authenticated account for an app.
public struct Connection: Sendable {
    public var id: Located<String>
    public var name: Located<String>
    public var app: Located<String>
    public var isDefault: Located<Bool>?
    public var status: Located<ConnectionStatus>?
    public var environment: Located<Environment>?
    public var owner: Located<String>?
    public var createdAt: Located<Timestamp>?
    public var updatedAt: Located<Timestamp>?
    public var lastUsedAt: Located<Timestamp>?
    public var account: Account
    public var auth: Auth
    public var lastError: LastError?
    /// Where the connection's mapping starts.
    public var location: SourceLocation

    /// `default`, false when absent.
    public var markedDefault: Bool { isDefault?.value ?? false }
    /// `status`, `active` when absent.
    public var effectiveStatus: ConnectionStatus { status?.value ?? .active }
}
