import CEL

/// One use of a connection: a step or trigger that binds it, and how.
/// As rules see it: `u.workflow`, `u.step` (null for a trigger), `u.kind`, `u.method`, `u.enabled`, `u.undetermined`.
/// Made when a rule reads it (``UseSource``), never kept for every use of a
/// large workspace; two made for the same use are the same to `==`.
final class ConnectionUsage: CELObject {
    /// The workspace's uses (its workflows, shared, not copied) and which use this is.
    private let table: UseSource
    let use: UseRef

    init(_ table: UseSource, use: UseRef) {
        self.table = table
        self.use = use
    }

    /// How its connection was chosen (looked up when read, not when made).
    var method: BindingMethod { table.method(of: use) }
    /// Whether the export does not determine its connection (tied candidates): it may run as another.
    var undetermined: Bool { table.isUndetermined(use) }

    private var workflows: [Workflow] { table.workflows }

    var workflow: String { table.workflowID(of: use) }
    var workflowName: String { table.workflowName(of: use).string }
    /// The step id, or nil for the trigger.
    var step: String? { table.stepID(of: use) }
    var enabled: Bool { table.isEnabled(use) }
    var location: SourceLocation { table.location(of: use) }

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
    func isSame(as other: any CELObject) -> Bool {
        guard let o = other as? ConnectionUsage else { return false }
        return o.use == use && o.table === table
    }
}

/// The uses of one workspace as rules see them, made on demand: a workspace
/// of a million steps does not hold a million usage objects (and the arrays
/// listing them) while its rules run. Lists of uses are ``UsageList``s over
/// the usage index's references, which exist anyway.
extension UseSource {
    func usage(_ use: UseRef) -> ConnectionUsage { ConnectionUsage(self, use: use) }

    /// `uses` as a CEL list of `wm.Usage`.
    func list(_ uses: UseList) -> CELValue { .list(CELList(host: UsageList(self, uses))) }
}

/// A list of uses whose objects are made when read.
final class UsageList: CELListProtocol {
    private let table: UseSource
    private let uses: UseList

    init(_ table: UseSource, _ uses: UseList) {
        self.table = table
        self.uses = uses
    }

    var count: Int { uses.count }
    subscript(index: Int) -> CELValue { .object(table.usage(uses[index])) }
}

/// The connection objects of one workspace, filled once while the workspace's
/// host objects are built and only read afterwards (evaluation starts later).
final class ConnectionRegistry: @unchecked Sendable {
    var objects: [ConnectionObject] = []
    /// The classes of `objects` under each projection a rule's memo keys by
    /// (``ConnectionProjection``): made once, the other threads waiting.
    let classes = Memo<ConnectionProjection, [UInt32]>()
}

/// A connection as rules see it: `connection.id`, `connection.auth.scopes`, `connection.usage`, ...
final class ConnectionObject: CELObject, Locatable {
    /// The workspace's connections, this one read in place at `index`: a
    /// copy in every object was 3.5 MB at 4,400 connections, held while
    /// the rules run.
    private let connections: [Connection]
    var connection: Connection { _read { yield connections[index] } }
    /// The steps and triggers bound to it (the usage index's list).
    let uses: UseList
    private let table: UseSource
    /// Position in the workspace's connections (export order).
    let index: Int
    /// The other connections of the same app signing in to the same account
    /// (same account id, or same e-mail when neither has an id), in export order.
    private let twins: [Int]
    private unowned let registry: ConnectionRegistry
    /// The class of each connection of its workspace, by index, under
    /// `projection`: made once per workspace, whichever thread asks first.
    func workspaceClasses(_ projection: ConnectionProjection) -> [UInt32] {
        let registry = registry
        return registry.classes.valueOnce(for: projection) { projection.classes(of: registry.objects) }
    }
    let accountValue: CELValue
    let authValue: CELValue
    let lastErrorValue: CELValue
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
    let tiedUses: UseList

    init(
        _ connections: [Connection], index: Int, uses: UseList, table: UseSource, twins: [Int], registry: ConnectionRegistry,
        usability: Usability, fallback: Bool, tiedUses: UseList = UseList(), catalog: AppCatalog? = nil
    ) {
        self.tiedUses = tiedUses
        self.usability = usability
        isFallback = fallback
        let c = connections[index]
        let catalogApp = catalog?.app(c.app.value)
        grant = catalogApp.map { app in (app.key, RuleFunctions.grantedScopes(c, app: app).map { app.closure(of: $0) }) }
        mode = catalog.map { HostValue.string(RuleFunctions.mode(of: c, catalog: $0)?.rawValue) }
        self.connections = connections
        self.index = index
        self.twins = twins
        self.registry = registry
        self.uses = uses
        self.table = table
        accountValue = HostSchema.account.map(c.account)
        authValue = HostSchema.auth.map(c.auth)
        lastErrorValue = c.lastError.map { HostSchema.lastError.map($0) } ?? .null
    }

    /// `connection.usage`: its uses, made when read.
    var usageList: CELValue { table.list(uses) }
    /// `connection.tied_usage`: the uses that may run as it, made when read.
    var tiedUsageList: CELValue { table.list(tiedUses) }
    /// `connection.used_by`: how many of its uses belong to enabled workflows.
    var usedBy: Int { uses.lazy.filter(table.isEnabled).count }

    var celTypeName: String { "wm.Connection" }
    var fieldNames: [String] { HostSchema.connection.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.connection.value(self, name) }

    /// The other connections of the same app and account, in export order.
    var sameAccount: CELValue { .list(CELList(twinObjects.map { CELValue.object($0) })) }

    /// The other connections of the same app and account, in export order.
    var twinObjects: [ConnectionObject] { twins.map { registry.objects[$0] } }

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
