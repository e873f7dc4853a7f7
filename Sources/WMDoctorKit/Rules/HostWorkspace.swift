import CEL

/// The host objects of one resolved workspace, built once and shared by every rule.
final class WorkspaceObjects: CELObject {
    let resolved: ResolvedWorkspace
    let connections: [ConnectionObject]
    /// Keeps the connection objects that refer to each other alive.
    private let registry: ConnectionRegistry
    /// Its workflows' objects, made when visited or read.
    let workflows: WorkflowObjects
    /// Its uses' objects, made when read.
    let uses: UseSource
    let apps: [String]
    let connectionList: CELValue
    /// Each connection alone in a list, made once: what most bindings'
    /// `possible` and `candidates` are (``BindingObject``).
    let singleConnectionLists: [CELValue]
    /// The connection objects as the bindings of one thread's range read them (``BindingConnections``).
    func bindingConnections() -> BindingConnections { BindingConnections(connections, singles: singleConnectionLists) }
    let others: CELValue
    let connectionIDs: CELValue
    /// "Did you mean" answers, memoised: a deleted connection is usually
    /// referenced by many steps.
    private let closest = Memo<String, String?>()
    /// Where each connection is defined, as findings on the steps bound to it
    /// relate it: one list per connection, which those findings share.
    private let definitions = Memo<Int, [RelatedLocation]>()
    /// Candidate indexes for "did you mean", built on first use.
    private let candidateIndexes = Memo<String, DidYouMeanIndex>()
    let connectionNamesByApp: CELValue
    /// `workspace.unsure_apps`, worked out when first read (by a rule about
    /// a connection no use is bound to: most runs never read it).
    private let unsure = Memo<Int, CELValue>()
    var unsureApps: CELValue {
        unsure.valueOnce(for: 0) {
            var apps = Set<String>()
            for wf in resolved.workspace.workflows {
                if let t = wf.trigger, t.referenceNumber.kind == .invalid, let app = t.app?.value { apps.insert(app) }
                for s in wf.steps where s.referenceNumber.kind == .invalid { apps.insert(s.app.value) }
            }
            return HostValue.strings(apps.sorted())
        }
    }
    /// Where `c` is defined, as a finding relates it (shared by every finding that does).
    func definedHere(_ c: ConnectionObject) -> [RelatedLocation] {
        definitions.value(for: c.index) { [RelatedLocation.definedHere(c.connection)] }
    }

    /// `workspace.workflows`.
    var workflowList: CELValue { workflows.list }
    /// Every use (step or trigger) of `app`, for the `apps` scope: from
    /// `byApp` when it has the app, else read from the steps.
    func uses(ofApp app: String, from byApp: UsesByApp? = nil) -> CELValue {
        uses.list(UseList(byApp?.uses(ofApp: app) ?? resolved.uses(ofApp: app)))
    }

    /// With the `catalog`, each connection works out once what its grant reaches and its mode.
    init(_ ws: ResolvedWorkspace, others otherWorkspaces: [Workspace], catalog: AppCatalog? = nil) {
        resolved = ws
        let w = ws.workspace
        // Uses, workflows and steps are shown to rules through objects made when
        // read (from the usage index and the model), not one kept per use.
        let table = UseSource(ws)
        uses = table
        workflows = WorkflowObjects(table: table)
        // Connections of one app and account, grouped in one pass (no pairwise scan);
        // each gets the others of its group, whichever was read first.
        var byAccount: [String: [Int]] = [:]
        var accountKeys = [String?](repeating: nil, count: w.connections.count)
        for (i, c) in w.connections.enumerated() {
            let account = c.account.id.map { "id:" + $0.value } ?? c.account.email.map { "email:" + $0.value }
            guard let account else { continue }
            let key = c.app.value + "\u{1F}" + account
            accountKeys[i] = key
            byAccount[key, default: []].append(i)
        }
        let twins = accountKeys.enumerated().map { i, key in key.map { byAccount[$0, default: []].filter { $0 != i } } ?? [] }
        let registry = ConnectionRegistry()
        let connections = w.connections.enumerated().map {
            ConnectionObject(
                w.connections, index: $0.offset, uses: ws.usage.byConnection[$0.offset], table: table, twins: twins[$0.offset], registry: registry,
                usability: ws.usability[$0.offset], fallback: ws.usage.isFallback($0.offset, app: $0.element.app.value),
                tiedUses: ws.usage.tiedByConnection[$0.offset],
                catalog: catalog)
        }
        registry.objects = connections
        self.registry = registry
        self.connections = connections
        // The apps of connections, steps and triggers (the usage index has every use's app).
        apps = Set(w.connections.map(\.app.value)).union(ws.usage.appKeys).sorted()
        connectionList = .list(CELList(connections.map { CELValue.object($0) }))
        singleConnectionLists = connections.map { .list(CELList([.object($0)])) }
        connectionIDs = HostValue.strings(w.connections.map(\.id.value))
        var namesByApp: [String: [String]] = [:]
        for c in w.connections { namesByApp[c.app.value, default: []].append(c.name.value) }
        connectionNamesByApp = HostValue.map(namesByApp.map { ($0.key, HostValue.strings($0.value)) })
        self.others = .list(CELList(otherWorkspaces.filter { $0.slug != w.slug }.map { HostSchema.otherWorkspace.map($0) }))
    }

    /// The connection id (`by == "id"`) or name of `app` (`by == "name"`) that
    /// `value` most likely meant, or nil.
    func closestConnection(by: String, value: String, app: String?) -> String? {
        closest.value(for: by + "\u{1F}" + (app ?? "") + "\u{1F}" + value) {
            candidateIndex(by: by, app: app).suggest(value)
        }
    }

    /// Connection ids (`by == "id"`) or the names of `app`'s connections, indexed once.
    private func candidateIndex(by: String, app: String?) -> DidYouMeanIndex {
        candidateIndexes.value(for: by == "id" ? "id" : "name\u{1F}" + (app ?? "")) {
            let connections = resolved.workspace.connections
            return DidYouMeanIndex(by == "id"
                ? connections.map(\.id.value)
                : connections.filter { app == nil || $0.app.value == app }.map(\.name.value))
        }
    }

    var celTypeName: String { "wm.Workspace" }
    var fieldNames: [String] { HostSchema.workspace.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.workspace.value(self, name) }
}
