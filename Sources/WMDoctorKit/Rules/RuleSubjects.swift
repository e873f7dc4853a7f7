import CEL

/// What a finding records about the entity it is about. Built only when a rule
/// fires (or when every evaluation is recorded): most entities pass every rule.
struct SubjectDetails {
    var entity: EntityRef
    /// The objects an `at:` path may start from.
    var objects: [String: any Locatable]
    /// Where a finding points when its `at:` path finds nothing.
    var primary: SourceLocation
    /// The related locations every finding on this entity carries.
    var related: [RelatedLocation]
    /// The step or trigger visited (steps and triggers scopes).
    var use: UseRef? = nil
    /// The workspace the entity is in: its uses become a finding's `affects`.
    var workspace: UseSource
}

extension RuleEngine {
    typealias Slot = RuleEnvironment.Slot

    /// The entities of `scope` are visited by index in `0..<count`; steps and
    /// triggers by their workflow's index, so a range of workflows is one unit of work.
    func entityCount(_ scope: RuleScope, _ ws: WorkspaceObjects) -> Int {
        switch scope {
        case .connections: return ws.connections.count
        case .workflows, .steps, .triggers: return ws.workflows.count
        case .apps: return ws.apps.count
        case .workspaces: return 1
        }
    }

    /// One entity: its variables by slot, and its details on demand.
    typealias Visit = (_ globals: [CELValue], _ details: () -> SubjectDetails) -> Void

    /// Visits the entities of `scope` whose index is in `range`, in order.
    func forEachEntity(
        _ scope: RuleScope, _ ws: WorkspaceObjects, in range: Range<Int>, base: [CELValue], catalog objects: CatalogObjects, _ visit: Visit
    ) {
        let slug = ws.resolved.workspace.slug
        var globals = base
        func set(_ slot: Slot, _ value: CELValue) { globals[slot.rawValue] = value }
        switch scope {
        case .connections:
            for c in ws.connections[range] {
                set(.connection, .object(c))
                set(.app, .object(objects.app(c.connection.app.value)))
                visit(globals) {
                    let conn = c.connection
                    return SubjectDetails(
                        entity: EntityRef(kind: .connection, workspace: slug, app: conn.app.value, connection: conn.id.value),
                        objects: ["connection": c], primary: conn.location, related: [], workspace: ws.uses)
                }
            }
        case .workflows:
            let workflows = ws.workflows.forOneThread()
            for wi in range {
                let w = workflows[wi]
                set(.workflow, .object(w))
                visit(globals) {
                    SubjectDetails(entity: EntityRef(kind: .workflow, workspace: slug, workflow: w.workflow.id.value), objects: ["workflow": w], primary: w.location, related: [], workspace: ws.uses)
                }
            }
        case .steps, .triggers:
            let lookups = CatalogLookups(objects, trigger: scope == .triggers)
            let connections = ws.bindingConnections()
            let workflows = ws.workflows.forOneThread()
            for wi in range {
                let w = workflows[wi]
                set(.workflow, .object(w))
                if scope == .steps {
                    // Binding objects live only while their step is evaluated.
                    let bindings = ws.resolved.stepBindings[wi]
                    for si in bindings.indices {
                        visitUse(
                            w.step(si), UseRef(workflow: wi, step: si), BindingObject(bindings[si], connections, place: bindings.place(si)),
                            of: w, in: ws, scope: scope, lookups, &globals, visit)
                    }
                } else if let t = w.trigger, let b = ws.resolved.triggerBindings[wi] {
                    let place = ws.resolved.triggerBindings.place(wi) ?? -1
                    visitUse(
                        t, UseRef(workflow: wi, step: nil), BindingObject(b, connections, place: place), of: w, in: ws, scope: scope,
                        lookups, &globals, visit)
                }
            }
        case .apps:
            // The uses of the range's apps, read in one pass.
            let byApp = UsesByApp(ws.resolved, apps: Array(ws.apps[range]))
            for key in ws.apps[range] {
                let conns = ws.connections.filter { $0.connection.app.value == key }
                let defaults = conns.filter { $0.connection.markedDefault }
                let fallback = ws.resolved.usage.fallback[key]
                let choice = fallback?.connection.map { ws.connections[$0] }
                set(.app, .object(objects.app(key)))
                set(.connections, .list(CELList(conns.map { CELValue.object($0) })))
                set(.defaults, .list(CELList(defaults.map { CELValue.object($0) })))
                set(.uses, ws.uses(ofApp: key, from: byApp))
                set(.choice, choice.map { .object($0) } ?? .null)
                set(.pick, fallback.map { .object(BindingObject($0, ws.bindingConnections())) } ?? .null)
                visit(globals) {
                    let at = defaults.first ?? conns.first
                    var objects: [String: any Locatable] = [:]
                    if let at { objects["connection"] = at }
                    let related = defaults.dropFirst().map { RelatedLocation("also marked default: \(quoted($0.connection.id.value))", at: $0.connection.isDefault?.location ?? $0.connection.location) }
                    return SubjectDetails(
                        entity: EntityRef(kind: .app, workspace: slug, app: key, connection: defaults.first?.connection.id.value),
                        objects: objects, primary: at?.location ?? Self.start(of: ws), related: Array(related), workspace: ws.uses)
                }
            }
        case .workspaces:
            visit(globals) {
                SubjectDetails(entity: EntityRef(kind: .workspace, workspace: slug), objects: [:], primary: Self.start(of: ws), related: [], workspace: ws.uses)
            }
        }
    }

    /// One step or trigger of workflow `w`.
    private func visitUse(
        _ use: UseObject, _ ref: UseRef, _ binding: BindingObject, of w: WorkflowObject, in ws: WorkspaceObjects, scope: RuleScope,
        _ lookups: CatalogLookups, _ globals: inout [CELValue], _ visit: Visit
    ) {
        let slug = ws.resolved.workspace.slug
        // By the texts' vocabulary numbers: no string is read per step.
        let app = use.appNumber
        let found = app == .none ? nil : lookups.lookup(app: app, operation: use.operationNumber)
        let operation = found?.1
        let bound = binding.connection
        globals[Slot.use.rawValue] = .object(use)
        globals[(scope == .steps ? Slot.step : Slot.trigger).rawValue] = .object(use)
        globals[Slot.binding.rawValue] = .object(binding)
        globals[Slot.connection.rawValue] = bound.map { .object($0) } ?? .null
        globals[Slot.app.rawValue] = found.map { .object($0.0) } ?? .null
        globals[Slot.operation.rawValue] = operation.map { .object($0) } ?? .null
        visit(globals) {
            let referenced: String? = {
                if case .id(let v)? = use.reference { return v.value }
                return nil
            }()
            let appKey = use.app?.value
            let entity = EntityRef(
                kind: scope == .steps ? .step : .trigger, workspace: slug, workflow: w.workflow.id.value,
                step: scope == .steps ? use.id : nil, app: appKey, connection: bound?.connection.id.value ?? referenced)
            var objects: [String: any Locatable] = ["workflow": w, "use": use, scope == .steps ? "step" : "trigger": use]
            if let bound { objects["connection"] = bound }
            let related = bound.map { ws.definedHere($0) } ?? []
            return SubjectDetails(entity: entity, objects: objects, primary: use.location, related: related, use: ref, workspace: ws.uses)
        }
    }

    private static func start(of ws: WorkspaceObjects) -> SourceLocation {
        ws.resolved.workspace.documents.first?.location ?? SourceLocation(file: "", line: 1, column: 1)
    }
}
