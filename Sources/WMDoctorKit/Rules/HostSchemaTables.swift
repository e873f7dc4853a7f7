import CEL

/// The host schema: every type rules see, one table of fields each.
/// docs/RULES.md's field reference is generated from it (`HostSchemaDocs`).
enum HostSchema {
    typealias T = CELStaticType
    private static let str = T.string, optStr = T.string.orNull, optTime = T.timestamp.orNull
    private static let strings = T.list(.string)

    // MARK: workspace

    static let workspace = HostType<WorkspaceObjects>(
        "wm.Workspace", "The workspace being analysed (`workspace`).", object: true,
        [
            HostField("slug", str, "the workspace's slug") { .string($0.resolved.workspace.slug) },
            HostField("connections", .list(.object("wm.Connection")), "its connections, in export order") { $0.connectionList },
            HostField("workflows", .list(.object("wm.Workflow")), "its workflows, in export order") { $0.workflowList },
            HostField("apps", strings, "the app keys its connections, steps and triggers use, sorted") { HostValue.strings($0.apps) },
            HostField("others", .list(.object("wm.OtherWorkspace")), "the other workspaces of the same run") { $0.others },
            HostField("connection_ids", strings, "every connection id, in export order") { $0.connectionIDs },
            HostField("connection_names", .map(.string, strings), "app key → the names of its connections") { $0.connectionNamesByApp },
            HostField(
                "unsure_apps", strings,
                "the app keys of its steps and triggers whose `connection` is no reference (`binding.failure` is `invalid-reference`): which of the app's connections they use is not determined, sorted"
            ) { $0.unsureApps },
        ])

    static let otherWorkspace = HostType<Workspace>(
        "wm.OtherWorkspace", "Another workspace of the same run (`workspace.others`).",
        [
            HostField("slug", str, "its slug") { .string($0.slug) },
            HostField("connection_ids", strings, "its connection ids") { HostValue.strings($0.connections.map(\.id.value)) },
            HostField("connection_names", strings, "its connection names") { HostValue.strings($0.connections.map(\.name.value)) },
        ])

    // MARK: connection

    static let account = HostType<Account>(
        "wm.Account", "The account a connection signs in to (`connection.account`).", at: { $0.location },
        [
            HostField("id", optStr, "the provider's account id", at: .value { $0.id?.location }) { HostValue.string($0.id) },
            HostField("label", optStr, "a display label", at: .value { $0.label?.location }) { HostValue.string($0.label) },
            HostField("email", optStr, "the account's e-mail", at: .value { $0.email?.location }) { HostValue.string($0.email) },
            HostField("mode", optStr, "`live` or `test`", at: .value { $0.mode?.location }) { HostValue.raw($0.mode) },
        ])

    static let auth = HostType<Auth>(
        "wm.Auth", "How a connection authenticates (`connection.auth`).", at: { $0.location },
        [
            HostField("type", optStr, "`oauth2`, `api_key`, `token`, `basic` or `custom`", at: .value { $0.type?.location }) {
                HostValue.raw($0.type)
            },
            HostField("scopes", T.list(.string).orNull, "the granted scopes; null when not exported", at: .value { $0.scopes?.location }) {
                a in a.scopes.map { HostValue.strings($0.value.map(\.value)) } ?? .null
            },
            HostField("token_kind", optStr, "the kind of token (`bot`, `user`, ...)", at: .value { $0.tokenKind?.location }) {
                HostValue.raw($0.tokenKind)
            },
            HostField("key_hint", optStr, "the visible part of a key (`sk_live_…42`)", at: .value { $0.keyHint?.location }) {
                HostValue.string($0.keyHint)
            },
            HostField("expires_at", optTime, "when the token expires", at: .value { $0.expiresAt?.location }) {
                HostValue.timestamp($0.expiresAt)
            },
            HostField("refreshable", .bool, "whether the token can be refreshed (default false)", at: .value { $0.refreshable?.location }) {
                .bool($0.refreshable?.value ?? false)
            },
            HostField("refresh_expires_at", optTime, "when the refresh token expires", at: .value { $0.refreshExpiresAt?.location }) {
                HostValue.timestamp($0.refreshExpiresAt)
            },
            HostField("issued_at", optTime, "when the key or token was issued", at: .value { $0.issuedAt?.location }) {
                HostValue.timestamp($0.issuedAt)
            },
            HostField(
                "expiry", optTime, "the expiry that decides: `refresh_expires_at` for a refreshable connection, else `expires_at`",
                at: .value { ($0.refreshable?.value == true ? $0.refreshExpiresAt : $0.expiresAt)?.location }
            ) { HostValue.timestamp($0.refreshable?.value == true ? $0.refreshExpiresAt : $0.expiresAt) },
            HostField("secrets", strings, "names of the secret fields present in the export", at: .value { $0.secretsPresent.first?.location }) {
                HostValue.strings($0.secretsPresent.map(\.value))
            },
        ])

    static let lastError = HostType<LastError>(
        "wm.LastError", "The last error Workflow Machine recorded for a connection (`connection.last_error`).",
        at: { $0.location },
        [
            HostField("code", optStr, "the error code", at: .value { $0.code?.location }) { HostValue.string($0.code) },
            HostField("message", optStr, "the error message", at: .value { $0.message?.location }) { HostValue.string($0.message) },
            HostField("at", optTime, "when it happened", at: .value { $0.at?.location }) { HostValue.timestamp($0.at) },
        ])

    static let connection = HostType<ConnectionObject>(
        "wm.Connection", "A connection of the export (`connection`, `choice`, items of `connections`).",
        object: true, at: { $0.connection.location },
        [
            HostField("id", str, "its id", at: .value { $0.connection.id.location }) { .string($0.connection.id.value) },
            HostField("name", str, "its display name", at: .value { $0.connection.name.location }) { .string($0.connection.name.value) },
            HostField("app", str, "its app key", at: .value { $0.connection.app.location }) { .string($0.connection.app.value) },
            HostField("default", .bool, "marked as its app's default (default false)", at: .value { $0.connection.isDefault?.location }) {
                .bool($0.connection.markedDefault)
            },
            HostField(
                "status", str, "`active` (also when absent), `expired`, `revoked`, `error` or `disabled`",
                at: .value { $0.connection.status?.location }
            ) { .string($0.connection.effectiveStatus.rawValue) },
            HostField("environment", optStr, "`production`, `staging` or `development`", at: .value { $0.connection.environment?.location }) {
                HostValue.raw($0.connection.environment)
            },
            HostField("owner", optStr, "who owns it", at: .value { $0.connection.owner?.location }) { HostValue.string($0.connection.owner) },
            HostField("created_at", optTime, "when it was created", at: .value { $0.connection.createdAt?.location }) {
                HostValue.timestamp($0.connection.createdAt)
            },
            HostField("updated_at", optTime, "when it was last changed", at: .value { $0.connection.updatedAt?.location }) {
                HostValue.timestamp($0.connection.updatedAt)
            },
            HostField("last_used_at", optTime, "when a workflow last used it", at: .value { $0.connection.lastUsedAt?.location }) {
                HostValue.timestamp($0.connection.lastUsedAt)
            },
            HostField("account", .object("wm.Account"), "the account it signs in to", at: account.nested { $0.connection.account }) {
                $0.accountValue
            },
            HostField("auth", .object("wm.Auth"), "how it authenticates", at: auth.nested { $0.connection.auth }) { $0.authValue },
            HostField("last_error", T.object("wm.LastError").orNull, "its last error, or null", at: lastError.nested { $0.connection.lastError }) {
                $0.lastErrorValue
            },
            HostField("usage", .list(.object("wm.Usage")), "the steps and triggers bound to it") { $0.usageList },
            HostField("used_by", .int, "how many uses belong to enabled workflows") { .int(Int64($0.usedBy)) },
            HostField("index", .int, "its position in the export") { .int(Int64($0.index)) },
            HostField(
                "same_account", .list(.object("wm.Connection")),
                "the other connections of the same app on the same account id (or e-mail when neither has an id), in export order"
            ) { $0.sameAccount },
            HostField(
                "usable", .bool,
                "the spec's rule 4 at `now`: `status` is `active`, the token has not expired unless `refreshable`, the refresh token of a refreshable connection has not expired"
            ) { .bool($0.usability.isUsable) },
            HostField(
                "health", str, "`usable`, `expired`, `revoked`, `error`, `disabled`, `token-expired` or `refresh-expired`"
            ) { .string($0.usability.key) },
            HostField(
                "fallback", .bool,
                "what a step of its app that names no connection gets (the default, the only or the most recent connection)"
            ) { .bool($0.isFallback) },
            HostField(
                "tied_usage", .list(.object("wm.Usage")),
                "the steps and triggers that may run as it: the export does not determine their pick among tied candidates, and `usage` lists them for another"
            ) { $0.tiedUsageList },
            HostField("tied_uses", .int, "how many they are (`tied_usage.size()`)") { .int(Int64($0.tiedUses.count)) },
        ])

    static let usage = HostType<ConnectionUsage>(
        "wm.Usage", "One use of a connection by a step or trigger (`connection.usage`, `uses`).", object: true,
        [
            HostField("workflow", str, "the workflow's id") { .string($0.workflow) },
            HostField("workflow_name", str, "the workflow's name") { .string($0.workflowName) },
            HostField("step", optStr, "the step's id; null for the trigger") { HostValue.string($0.step) },
            HostField("kind", str, "`step` or `trigger`") { .string($0.step == nil ? "trigger" : "step") },
            HostField("method", str, "how the connection was bound (see binding.method)") { .string($0.method.rawValue) },
            HostField("enabled", .bool, "whether the workflow is enabled") { .bool($0.enabled) },
            HostField(
                "undetermined", .bool,
                "whether the export does not determine its connection among tied candidates: it may run as one of `binding.tied` instead"
            ) { .bool($0.undetermined) },
            HostField("expects", strings, "the account patterns it must match: its own `expect.account` and its workflow's for its app") {
                HostValue.strings($0.expects)
            },
        ])

    // MARK: workflows

    static let connectionReference = HostType<ConnectionReference>(
        "wm.ConnectionRef", "The connection a step or trigger names (`use.connection`).", at: { $0.location },
        [
            HostField("by", str, "`id` or `name`") { r in
                switch r {
                case .id: return .string("id")
                case .name: return .string("name")
                case .invalid: return .null  // never a `wm.ConnectionRef`: `use.connection` is null
                }
            },
            HostField("value", str, "the id or name written") { r in
                switch r {
                case .id(let v), .name(let v): return .string(v.value)
                case .invalid: return .null
                }
            },
        ])

    private static func useFields(_ extra: HostField<UseObject>?) -> [HostField<UseObject>] {
        var fields: [HostField<UseObject>] = [
            HostField("kind", str, "`step` or `trigger`") { .string($0.kind.rawValue) },
            HostField("id", str, "the step's id; `trigger` for a trigger", at: .value { $0.idLocation }) { .string($0.id) },
            HostField("name", optStr, "the step's name") { HostValue.string($0.name) },
            HostField("app", optStr, "the app key it runs", at: .value { $0.app?.location }, key: { $0.appNumber.words }) {
                HostValue.string($0.app)
            },
            HostField(
                "operation", optStr, "the step's action or the trigger's event", at: .value { $0.operation?.location },
                key: { $0.operationNumber.words }
            ) {
                HostValue.string($0.operation)
            },
        ]
        if let extra { fields.append(extra) }
        fields += [
            HostField(
                "connection", T.object("wm.ConnectionRef").orNull,
                "the connection the export names; null when it names none, or gives `connection` a value that is no reference (`binding.failure` is then `invalid-reference`)",
                at: connectionReference.nested { $0.reference }
            ) { u in
                guard let r = u.reference else { return .null }
                if case .invalid = r { return .null }
                return connectionReference.map(r)
            },
            HostField("expect", optStr, "the expected account pattern", at: .value { $0.expect?.location }) { HostValue.string($0.expect) },
            HostField("workflow", str, "its workflow's id") { .string($0.workflowID) },
            HostField("what", str, "how messages name it: `step \"notify\"` or `the trigger`") { .string($0.what) },
            HostField(
                "secret_params", strings, "keys of its params that look secret", at: .value { $0.secretParams.first?.location },
                key: { $0.secretParams.isEmpty ? (0, 0) : nil }
            ) {
                HostValue.strings($0.secretParams.map(\.value))
            },
        ]
        return fields
    }

    static let use = HostType<UseObject>(
        "wm.Use", "A step or a trigger (`use` in a rule for both).", object: true, at: { $0.location },
        useFields(nil))
    static let step = HostType<UseObject>(
        "wm.Step", "A workflow step (`step`, `use` in a steps rule).", object: true, at: { $0.location },
        useFields(HostField("action", optStr, "the step's action (= operation)", at: .value { $0.operation?.location }, key: { $0.operationNumber.words }) {
            HostValue.string($0.operation)
        }))
    static let trigger = HostType<UseObject>(
        "wm.Trigger", "A workflow's trigger (`trigger`, `use` in a triggers rule).", object: true, at: { $0.location },
        useFields(HostField("event", optStr, "the trigger's event (= operation)", at: .value { $0.operation?.location }, key: { $0.operationNumber.words }) {
            HostValue.string($0.operation)
        }))

    static let workflow = HostType<WorkflowObject>(
        "wm.Workflow", "A workflow (`workflow`).", object: true, at: { $0.workflow.location },
        [
            HostField("id", str, "its id", at: .value { $0.workflow.id.location }) { .string($0.workflow.id.value) },
            HostField("name", str, "its name", at: .value { $0.workflow.name.location }) { .string($0.workflow.name.value) },
            HostField("enabled", .bool, "whether it runs (default true)", at: .value { $0.workflow.enabled?.location }) {
                .bool($0.workflow.isEnabled)
            },
            HostField("environment", optStr, "`production`, `staging` or `development`", at: .value { $0.workflow.environment?.location }) {
                HostValue.raw($0.workflow.environment)
            },
            HostField("owner", optStr, "who owns it", at: .value { $0.workflow.owner?.location }) { HostValue.string($0.workflow.owner) },
            HostField(
                "expect", .map(.string, .string), "app key → expected account pattern (`at: workflow.expect.gmail`: that entry)",
                at: .keyed { w, app in
                    if let app, let e = w.workflow.expect?.accounts.first(where: { $0.app.value == app }) { return e.pattern.location }
                    return w.workflow.expect?.location
                },
                key: { $0.workflow.expect == nil ? (0, 0) : (1, UInt64($0.index)) }
            ) { $0.expectMap },
            HostField("trigger", T.object("wm.Trigger").orNull, "its trigger, or null", at: trigger.nested { $0.trigger }) {
                $0.trigger.map { .object($0) } ?? .null
            },
            HostField("steps", .list(.object("wm.Step")), "its steps, in order", key: { (1, UInt64($0.index)) }) { $0.stepList },
        ])

    static let binding = HostType<BindingObject>(
        "wm.Binding", "How Workflow Machine resolves a step's or trigger's connection at run time (`binding`).",
        object: true,
        [
            HostField("method", str, "`id`, `name`, `default`, `only-connection`, `most-recent` or `none`") { .string($0.binding.method.rawValue) },
            HostField("connection", T.object("wm.Connection").orNull, "the connection it gets, or null") { $0.connection.map { .object($0) } ?? .null },
            HostField(
                "candidates", .list(.object("wm.Connection")), "the connections considered", key: { HostFieldKey.indices($0.binding.candidates) },
                connections: { ConnectionIndices($0.binding.candidates) }, all: { $0.allConnections }
            ) {
                $0.candidateList
            },
            HostField("failure", optStr, "`unknown-id`, `unknown-name`, `no-connection`, `no-app`, `invalid-reference` (`connection` holds no reference), or null") {
                HostValue.string($0.binding.failure?.rawValue)
            },
            HostField("ambiguous", .bool, "whether several connections were equally good") { .bool($0.binding.isAmbiguous) },
            HostField("undetermined", .bool, "whether the export does not determine the pick (missing or equal dates decide it)") {
                .bool($0.binding.isUndetermined)
            },
            HostField(
                "tied", .list(.object("wm.Connection")), "the candidates the export cannot tell apart (empty when determined)",
                key: { HostFieldKey.indices($0.binding.tied) }, connections: { ConnectionIndices($0.binding.tied) }, all: { $0.allConnections }
            ) { $0.tiedList },
            HostField(
                "possible", .list(.object("wm.Connection")), "every connection the use may run as: the tied ones, else the one it gets",
                key: { $0.binding.isUndetermined ? HostFieldKey.indices($0.binding.tied) : HostFieldKey.index($0.binding.connection) },
                connections: { $0.binding.isUndetermined ? ConnectionIndices($0.binding.tied) : ConnectionIndices(one: $0.binding.connection) },
                all: { $0.allConnections }
            ) {
                $0.possibleList
            },
            HostField("why_undetermined", optStr, "why the export does not determine the pick, or null") { HostValue.string($0.whyUndetermined) },
        ])

    // MARK: catalog

    static let app = HostType<AppObject>(
        "wm.App", "An app key as the catalog describes it (`app`); unknown apps have `known` false and empty lists.",
        object: true,
        [
            HostField("key", str, "the app key") { .string($0.key) },
            HostField("known", .bool, "whether the catalog knows it") { .bool($0.app != nil) },
            HostField("name", str, "its display name (the key when unknown)") { .string($0.app?.name ?? $0.key) },
            HostField("auth", strings, "the auth types it accepts") { HostValue.strings($0.app?.authTypes.map(\.rawValue) ?? []) },
            HostField("token_kinds", strings, "the token kinds it issues") { HostValue.strings($0.app?.tokenKinds.map(\.rawValue) ?? []) },
            HostField("actions", strings, "its action keys, sorted") { $0.actions },
            HostField("triggers", strings, "its trigger event keys, sorted") { $0.triggers },
        ])

    static let operation = HostType<OperationObject>(
        "wm.Operation", "A catalog action or trigger event (`operation`).", object: true,
        [
            HostField("key", str, "its key") { .string($0.operation.key) },
            HostField("needs", .list(strings), "scope groups: any one scope of a group, every group") {
                .list(CELList($0.operation.needs.map { HostValue.strings($0) }))
            },
            HostField("token_kind", optStr, "the token kind it needs") { HostValue.string($0.operation.tokenKind?.rawValue) },
            HostField("method", optStr, "the provider's API method") { HostValue.string($0.operation.method) },
            HostField("note", optStr, "a note from the catalog") { HostValue.string($0.operation.note) },
        ])

    /// Every type, in the order of the documentation.
    static let types: [HostTypeInfo] = [
        workspace.info, otherWorkspace.info, connection.info, account.info, auth.info, lastError.info, usage.info,
        workflow.info, use.info, step.info, trigger.info, connectionReference.info, binding.info, app.info, operation.info,
    ]

    static let byName: [String: HostTypeInfo] = Dictionary(uniqueKeysWithValues: types.map { ($0.name, $0) })
}
