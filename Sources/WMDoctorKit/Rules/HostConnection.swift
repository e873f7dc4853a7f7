import CEL

/// One use of a connection: a step or trigger that binds it, and how.
/// As rules see it: `u.workflow`, `u.step` (null for a trigger), `u.kind`, `u.method`, `u.enabled`.
final class ConnectionUsage: CELObject {
    /// The workspace's workflows (shared, not copied) and which use this is:
    /// a large workspace has one of these per step.
    private let workflows: [Workflow]
    let use: UseRef
    let method: BindingMethod

    init(_ workflows: [Workflow], use: UseRef, method: BindingMethod) {
        self.workflows = workflows
        self.use = use
        self.method = method
    }

    // Read in place (a computed `Workflow` would copy the whole struct per field).
    var workflow: String { workflows[Int(use.workflow)].id.value }
    var workflowName: String { workflows[Int(use.workflow)].name.value }
    /// The step id, or nil for the trigger.
    var step: String? { use.isTrigger ? nil : workflows[Int(use.workflow)].steps[Int(use.step)].id.value }
    var enabled: Bool { workflows[Int(use.workflow)].isEnabled }
    var location: SourceLocation {
        use.isTrigger
            ? (workflows[Int(use.workflow)].trigger?.location ?? workflows[Int(use.workflow)].location)
            : workflows[Int(use.workflow)].steps[Int(use.step)].location
    }

    /// The account patterns this use must match: its own `expect.account`, and
    /// its workflow's `expect.accounts` entry for its app.
    var expects: [String] {
        let wf = workflows[Int(use.workflow)]
        let own = use.isTrigger ? wf.trigger?.expect?.account?.value : wf.steps[Int(use.step)].expect?.account?.value
        let app = use.isTrigger ? wf.trigger?.app?.value : wf.steps[Int(use.step)].app.value
        let forApp = app.flatMap { a in wf.expect?.accounts.first(where: { $0.app.value == a })?.pattern.value }
        return [own, forApp].compactMap { $0 }
    }

    var celTypeName: String { "wm.Usage" }
    var fieldNames: [String] { ["workflow", "workflow_name", "step", "kind", "method", "enabled", "expects"] }

    func field(_ name: String) -> CELValue? {
        switch name {
        case "workflow": return .string(workflow)
        case "workflow_name": return .string(workflowName)
        case "step": return HostValue.string(step)
        case "kind": return .string(step == nil ? "trigger" : "step")
        case "method": return .string(method.rawValue)
        case "enabled": return .bool(enabled)
        case "expects": return HostValue.strings(expects)
        default: return nil
        }
    }
}

/// The connection objects of one workspace, filled once while the workspace's
/// host objects are built and only read afterwards (evaluation starts later).
final class ConnectionRegistry: @unchecked Sendable {
    var objects: [ConnectionObject] = []
}

/// A connection as rules see it: `connection.id`, `connection.auth.scopes`, `connection.usage`, ...
final class ConnectionObject: CELObject, Locatable {
    let connection: Connection
    let usages: [ConnectionUsage]
    /// Position in the workspace's connections (export order).
    let index: Int
    /// The other connections of the same app signing in to the same account
    /// (same account id, or same e-mail when neither has an id), in export order.
    private let twins: [Int]
    private unowned let registry: ConnectionRegistry
    private let account: CELValue
    private let auth: CELValue
    private let lastError: CELValue
    private let usageList: CELValue
    /// The closure of the grant under the connection's own catalog app, computed
    /// once (every step through the connection asks): nil when the app is not in
    /// the catalog; `.some(nil)` when the grant is unknown.
    private let grant: (app: String, closure: Set<String>?)?
    /// `wm.mode(connection)`, worked out once when the catalog is known (nil: not worked out).
    let mode: CELValue?

    /// Whether the connection can run a step at the analysis' `now` (``Usability``).
    let usability: Usability
    /// Whether its app's steps naming no connection get this connection.
    let isFallback: Bool
    /// Uses that may run as this connection: the export does not determine
    /// their pick among tied candidates, and `usage` counts the first of them.
    let tiedUses: Int

    init(
        _ c: Connection, index: Int, usages: [ConnectionUsage], twins: [Int], registry: ConnectionRegistry,
        usability: Usability, fallback: Bool, tiedUses: Int = 0, catalog: AppCatalog? = nil
    ) {
        self.tiedUses = tiedUses
        self.usability = usability
        isFallback = fallback
        let catalogApp = catalog?.app(c.app.value)
        grant = catalogApp.map { app in (app.key, RuleFunctions.grantedScopes(c, app: app).map { app.closure(of: $0) }) }
        mode = catalog.map { HostValue.string(RuleFunctions.mode(of: c, catalog: $0)?.rawValue) }
        connection = c
        self.index = index
        self.twins = twins
        self.registry = registry
        self.usages = usages
        account = HostValue.map([
            ("id", HostValue.string(c.account.id)), ("label", HostValue.string(c.account.label)),
            ("email", HostValue.string(c.account.email)), ("mode", HostValue.raw(c.account.mode)),
        ])
        let a = c.auth
        auth = HostValue.map([
            ("type", HostValue.raw(a.type)),
            ("scopes", a.scopes.map { HostValue.strings($0.value.map(\.value)) } ?? .null),
            ("token_kind", HostValue.raw(a.tokenKind)), ("key_hint", HostValue.string(a.keyHint)),
            ("expires_at", HostValue.timestamp(a.expiresAt)), ("refreshable", .bool(a.refreshable?.value ?? false)),
            ("refresh_expires_at", HostValue.timestamp(a.refreshExpiresAt)), ("issued_at", HostValue.timestamp(a.issuedAt)),
            ("secrets", HostValue.strings(a.secretsPresent.map(\.value))),
        ])
        lastError = c.lastError.map { e in
            HostValue.map([("code", HostValue.string(e.code)), ("message", HostValue.string(e.message)), ("at", HostValue.timestamp(e.at))])
        } ?? .null
        usageList = .list(CELList(usages.map { CELValue.object($0) }))
    }

    var celTypeName: String { "wm.Connection" }

    var fieldNames: [String] {
        ["id", "name", "app", "default", "status", "environment", "owner", "created_at", "updated_at", "last_used_at",
         "account", "auth", "last_error", "usage", "used_by", "index", "same_account", "usable", "health", "fallback",
         "tied_uses"]
    }

    func field(_ name: String) -> CELValue? {
        let c = connection
        switch name {
        case "id": return .string(c.id.value)
        case "name": return .string(c.name.value)
        case "app": return .string(c.app.value)
        case "default": return .bool(c.markedDefault)
        case "status": return .string(c.effectiveStatus.rawValue)
        case "environment": return HostValue.raw(c.environment)
        case "owner": return HostValue.string(c.owner)
        case "created_at": return HostValue.timestamp(c.createdAt)
        case "updated_at": return HostValue.timestamp(c.updatedAt)
        case "last_used_at": return HostValue.timestamp(c.lastUsedAt)
        case "account": return account
        case "auth": return auth
        case "last_error": return lastError
        case "usage": return usageList
        case "used_by": return .int(Int64(usages.lazy.filter(\.enabled).count))
        case "index": return .int(Int64(index))
        case "same_account": return .list(CELList(twins.map { CELValue.object(registry.objects[$0]) }))
        case "usable": return .bool(usability.isUsable)
        case "health": return .string(usability.key)
        case "fallback": return .bool(isFallback)
        case "tied_uses": return .int(Int64(tiedUses))
        default: return nil
        }
    }

    /// `wm.unmetGroups` answers by operation: every step that runs one action
    /// through this connection asks the same question. The operation is kept
    /// with its answer, so its identity cannot be reused by another object.
    private let unmet = Memo<ObjectIdentifier, (operation: AnyObject, value: CELValue)>()

    /// The answer for `operation`, worked out by `compute` on first use.
    func unmetGroups(for operation: AnyObject, _ compute: () -> CELValue) -> CELValue {
        unmet.value(for: ObjectIdentifier(operation)) { (operation, compute()) }.value
    }

    /// The scopes the grant reaches under `app`'s aliases and implications; nil when the grant is unknown.
    func grantClosure(under app: CatalogApp) -> Set<String>? {
        if let grant, grant.app == app.key { return grant.closure }
        return RuleFunctions.grantedScopes(connection, app: app).map { app.closure(of: $0) }
    }

    var location: SourceLocation { c.location }
    private var c: Connection { connection }

    func location(of path: ArraySlice<String>) -> SourceLocation? {
        guard let first = path.first else { return c.location }
        let rest = path.dropFirst()
        switch first {
        case "id": return c.id.location
        case "name": return c.name.location
        case "app": return c.app.location
        case "default": return c.isDefault?.location
        case "status": return c.status?.location
        case "environment": return c.environment?.location
        case "owner": return c.owner?.location
        case "created_at": return c.createdAt?.location
        case "updated_at": return c.updatedAt?.location
        case "last_used_at": return c.lastUsedAt?.location
        case "account":
            switch rest.first {
            case nil: return c.account.location
            case "id": return c.account.id?.location
            case "label": return c.account.label?.location
            case "email": return c.account.email?.location
            case "mode": return c.account.mode?.location
            default: return nil
            }
        case "auth":
            let a = c.auth
            switch rest.first {
            case nil: return a.location
            case "type": return a.type?.location
            case "scopes": return a.scopes?.location
            case "token_kind": return a.tokenKind?.location
            case "key_hint": return a.keyHint?.location
            case "expires_at": return a.expiresAt?.location
            // The expiry that decides: the refresh token's for a refreshable connection.
            case "expiry": return (a.refreshable?.value == true ? a.refreshExpiresAt : a.expiresAt)?.location
            case "refreshable": return a.refreshable?.location
            case "refresh_expires_at": return a.refreshExpiresAt?.location
            case "issued_at": return a.issuedAt?.location
            case "secrets": return a.secretsPresent.first?.location
            default: return nil
            }
        case "last_error":
            return c.lastError?.location
        default: return nil
        }
    }
}
