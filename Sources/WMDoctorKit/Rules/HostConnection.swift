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
    var fieldNames: [String] { HostSchema.usage.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.usage.value(self, name) }
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
    let accountValue: CELValue
    let authValue: CELValue
    let lastErrorValue: CELValue
    let usageList: CELValue
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
        accountValue = HostSchema.account.map(c.account)
        authValue = HostSchema.auth.map(c.auth)
        lastErrorValue = c.lastError.map { HostSchema.lastError.map($0) } ?? .null
        usageList = .list(CELList(usages.map { CELValue.object($0) }))
    }

    var celTypeName: String { "wm.Connection" }
    var fieldNames: [String] { HostSchema.connection.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.connection.value(self, name) }

    /// Earlier connections of the same app and account.
    var sameAccount: CELValue { .list(CELList(twins.map { CELValue.object(registry.objects[$0]) })) }

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

    var location: SourceLocation { connection.location }

    func location(of path: ArraySlice<String>) -> SourceLocation? { HostSchema.connection.location(self, path) }
}
