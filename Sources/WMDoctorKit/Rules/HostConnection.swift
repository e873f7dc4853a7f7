import CEL

/// One use of a connection: a step or trigger that binds it, and how.
/// As rules see it: `u.workflow`, `u.step` (null for a trigger), `u.kind`, `u.method`, `u.enabled`.
final class ConnectionUsage: CELObject {
    /// The workspace's workflows (shared, not copied) and where the use is in them:
    /// a large workspace has one of these per step.
    private let workflows: [Workflow]
    private let workflowIndex: Int32
    /// The step's index, or -1 for the trigger.
    private let stepIndex: Int32
    let method: BindingMethod

    init(_ workflows: [Workflow], workflow: Int, step: Int?, method: BindingMethod) {
        self.workflows = workflows
        workflowIndex = Int32(clamping: workflow)
        stepIndex = Int32(clamping: step ?? -1)
        self.method = method
    }

    // Read in place (a computed `Workflow` would copy the whole struct per field).
    var workflow: String { workflows[Int(workflowIndex)].id.value }
    var workflowName: String { workflows[Int(workflowIndex)].name.value }
    /// The step id, or nil for the trigger.
    var step: String? { stepIndex < 0 ? nil : workflows[Int(workflowIndex)].steps[Int(stepIndex)].id.value }
    var enabled: Bool { workflows[Int(workflowIndex)].isEnabled }
    var location: SourceLocation {
        stepIndex < 0
            ? (workflows[Int(workflowIndex)].trigger?.location ?? workflows[Int(workflowIndex)].location)
            : workflows[Int(workflowIndex)].steps[Int(stepIndex)].location
    }

    var celTypeName: String { "wm.Usage" }
    var fieldNames: [String] { HostSchema.usage.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.usage.value(self, name) }

    var phrase: String {
        let what = step.map { "step \(quoted($0))" } ?? "the trigger"
        return "\(what) of workflow \(quoted(workflow))\(enabled ? "" : " (disabled)") uses it (by \(method.rawValue))"
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
    /// Earlier connections of the same app signing in to the same account
    /// (same account id, or same e-mail when neither has an id).
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

    init(_ c: Connection, index: Int, usages: [ConnectionUsage], twins: [Int], registry: ConnectionRegistry, catalog: AppCatalog? = nil) {
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
