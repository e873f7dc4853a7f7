import CEL

/// How a user's configuration changes the rules: on/off, severity, params.
public struct RuleSettings: Sendable {
    /// Rule ids or names turned off.
    public var disabled: Set<String> = []
    /// Severity by rule id or name.
    public var severities: [String: Severity] = [:]
    /// Param values by rule id or name, then param name.
    public var params: [String: [String: CELValue]] = [:]

    public init() {}

    func lookup<T>(_ table: [String: T], _ rule: RuleID) -> T? { table[rule.id] ?? table[rule.name] }
}

/// Evaluates rules over resolved workspaces: every rule on every entity of
/// its scope, expressions compiled once, host objects built once per workspace.
public struct RuleEngine: Sendable {
    public var rules: [Rule]
    public var catalog: AppCatalog
    public var settings: RuleSettings
    /// Record one Evaluation per (rule, entity) for reports that list passes (JUnit).
    public var recordEvaluations = false
    /// Evaluation errors reported per rule before the rest are only counted.
    static let maxErrorsPerRule = 5

    public init(rules: [Rule], catalog: AppCatalog, settings: RuleSettings = RuleSettings()) {
        self.rules = rules
        self.catalog = catalog
        self.settings = settings
    }

    public struct Output: Sendable {
        public var findings: [Finding] = []
        public var errors: [InputError] = []
        public var evaluations: [Evaluation] = []
    }

    public var activeRules: [Rule] {
        rules.filter { $0.enabled && !settings.disabled.contains($0.id.id) && !settings.disabled.contains($0.id.name) }
    }

    public func run(_ workspaces: [ResolvedWorkspace], now: Timestamp) -> Output {
        let all = workspaces.map(\.workspace)
        let perWorkspace = parallelMap(workspaces) { ws in
            run(WorkspaceObjects(ws, others: all), now: now)
        }
        var out = Output()
        var errorCounts: [String: Int] = [:]
        for o in perWorkspace {
            out.findings += o.findings
            out.evaluations += o.evaluations
            for e in o.errors {
                let key = e.location.description
                errorCounts[key, default: 0] += 1
                if errorCounts[key, default: 0] <= RuleEngine.maxErrorsPerRule { out.errors.append(e) }
            }
        }
        return out
    }

    private func run(_ ws: WorkspaceObjects, now: Timestamp) -> Output {
        var out = Output()
        let nowValue = HostValue.timestamp(now)
        let active = activeRules
        let params = active.map(paramsValue)
        // Entities outer, rules inner: each entity's variables are built once
        // and shared by every rule of its scope.
        for scope in RuleScope.allCases {
            let rules = active.indices.filter { active[$0].scopes.contains(scope) }
            guard !rules.isEmpty else { continue }
            forEachEntity(scope, ws) { vars, entity, objects, primary, related in
                var globals = [CELValue](repeating: .null, count: RuleEnvironment.slots.count)
                for (name, value) in vars {
                    if let i = RuleEnvironment.slotIndex[name] { globals[i] = value }
                }
                globals[Self.workspaceSlot] = .object(ws)
                globals[Self.nowSlot] = nowValue
                for i in rules {
                    globals[Self.paramsSlot] = params[i]
                    evaluate(active[i], globals, entity: entity, objects: objects, primary: primary, related: related, into: &out)
                }
            }
        }
        return out
    }

    private static let workspaceSlot = RuleEnvironment.slotIndex["workspace"] ?? 0
    private static let nowSlot = RuleEnvironment.slotIndex["now"] ?? 1
    private static let paramsSlot = RuleEnvironment.slotIndex["params"] ?? 2

    private func paramsValue(_ rule: Rule) -> CELValue {
        let overrides = settings.lookup(settings.params, rule.id) ?? [:]
        let entries = rule.params.map { p in (CELValue.string(p.name), overrides[p.name] ?? p.defaultValue) }
        if case .success(let m) = CELMap.make(entries) { return .map(m) }
        return .map(CELMap.empty)
    }

    /// One entity to evaluate: its variables, identity, the objects `at:` paths start from,
    /// where a finding points by default, and the related locations every finding carries.
    typealias Visit = (
        _ vars: [String: CELValue], _ entity: EntityRef, _ objects: [String: any Locatable], _ primary: SourceLocation,
        _ related: [RelatedLocation]
    ) -> Void

    private func forEachEntity(_ scope: RuleScope, _ ws: WorkspaceObjects, _ visit: Visit) {
        let slug = ws.resolved.workspace.slug
        switch scope {
        case .connections:
            for c in ws.connections {
                let conn = c.connection
                let entity = EntityRef(kind: .connection, workspace: slug, app: conn.app.value, connection: conn.id.value)
                var related = c.usages.prefix(10).map { RelatedLocation($0.phrase, at: $0.location) }
                if c.usages.count > 10 {
                    related.append(RelatedLocation("and \(c.usages.count - 10) more uses", at: conn.location))
                }
                visit(["connection": .object(c), "app": .object(appObject(conn.app.value))], entity, ["connection": c], conn.location, related)
            }
        case .workflows:
            for w in ws.workflows {
                visit(["workflow": .object(w)], EntityRef(kind: .workflow, workspace: slug, workflow: w.workflow.id.value), ["workflow": w], w.location, [])
            }
        case .steps, .triggers:
            for (wi, w) in ws.workflows.enumerated() {
                let uses: [(UseObject, BindingObject)]
                if scope == .steps {
                    uses = Array(zip(w.steps, ws.stepBindings[wi]))
                } else if let t = w.trigger, let b = ws.triggerBindings[wi] {
                    uses = [(t, b)]
                } else {
                    uses = []
                }
                for (use, binding) in uses {
                    let appKey = use.app?.value
                    let catalogApp = appKey.flatMap { catalog.app($0) }
                    let operation = use.operation.flatMap { op in
                        catalogApp.flatMap { app in
                            (scope == .steps ? app.actions[op.value] : app.triggers[op.value]).map { OperationObject($0, app: app) }
                        }
                    }
                    let bound = binding.connection
                    let referenced: String? = {
                        if case .id(let v)? = use.reference { return v.value }
                        return nil
                    }()
                    let entity = EntityRef(
                        kind: scope == .steps ? .step : .trigger, workspace: slug, workflow: w.workflow.id.value,
                        step: scope == .steps ? use.id : nil, app: appKey, connection: bound?.connection.id.value ?? referenced)
                    var vars: [String: CELValue] = [
                        "workflow": .object(w), "use": .object(use), "binding": .object(binding),
                        "connection": bound.map { .object($0) } ?? .null,
                        "app": appKey.map { .object(appObject($0)) } ?? .null,
                        "operation": operation.map { .object($0) } ?? .null,
                    ]
                    vars[scope == .steps ? "step" : "trigger"] = .object(use)
                    var objects: [String: any Locatable] = ["workflow": w, "use": use, scope == .steps ? "step" : "trigger": use]
                    if let bound { objects["connection"] = bound }
                    let related = bound.map { [RelatedLocation("connection \(quoted($0.connection.id.value)) (\($0.connection.name.value)) is defined here", at: $0.connection.location)] } ?? []
                    visit(vars, entity, objects, use.location, related)
                }
            }
        case .apps:
            for key in ws.apps {
                let conns = ws.connections.filter { $0.connection.app.value == key }
                let defaults = conns.filter { $0.connection.markedDefault }
                let uses = (ws.usesByApp[key] ?? []).map { CELValue.object($0) }
                let choice = BindingResolver(ws.resolved.workspace).bind(app: key, reference: nil).connection.map { ws.connections[$0] }
                let at = defaults.first ?? conns.first
                let entity = EntityRef(kind: .app, workspace: slug, app: key, connection: defaults.first?.connection.id.value)
                var objects: [String: any Locatable] = [:]
                if let at { objects["connection"] = at }
                let related = defaults.dropFirst().map { RelatedLocation("also marked default: \(quoted($0.connection.id.value))", at: $0.connection.isDefault?.location ?? $0.connection.location) }
                visit([
                    "app": .object(appObject(key)),
                    "connections": .list(CELList(conns.map { CELValue.object($0) })),
                    "defaults": .list(CELList(defaults.map { CELValue.object($0) })),
                    "uses": .list(CELList(uses)),
                    "choice": choice.map { .object($0) } ?? .null,
                ], entity, objects, at?.location ?? ws.resolved.workspace.documents.first?.location ?? SourceLocation(file: "", line: 1, column: 1), Array(related))
            }
        case .workspaces:
            let start = ws.resolved.workspace.documents.first?.location ?? SourceLocation(file: "", line: 1, column: 1)
            visit([:], EntityRef(kind: .workspace, workspace: slug), [:], start, [])
        }
    }

    private func appObject(_ key: String) -> AppObject { AppObject(key: key, app: catalog.app(key)) }

    private func evaluate(
        _ rule: Rule, _ globals: [CELValue], entity: EntityRef, objects: [String: any Locatable],
        primary fallback: SourceLocation, related: [RelatedLocation], into out: inout Output
    ) {
        // The rule's variables by position: its scope variables, then its lets.
        var values = rule.slotMap.map { $0 >= 0 ? globals[$0] : CELValue.null }
        let letBase = values.count - rule.lets.count
        if recordEvaluations { out.evaluations.append(Evaluation(rule: rule.id, entity: entity, location: fallback)) }
        do throws(CELError) {
            // A `let` that fails holds its error as a value (CEL's errors are values):
            // it matters only if `when` or the message actually uses it.
            // Only the lets `when` needs are computed for every entity; the others
            // (message details, "did you mean" searches) only when the rule fires.
            for i in rule.whenLets {
                values[letBase + i] = rule.lets[i].expression.program.evaluateToValue(positional: values)
            }
            let result = try rule.when.program.evaluate(positional: values)
            guard case .bool(let fire) = result else {
                out.errors.append(InputError("rule \(rule.id.id) \(rule.id.name): \"when\" gave \(result.literal), not a boolean, on \(entity.qualifiedDisplayPath)", at: rule.when.location))
                return
            }
            guard fire else { return }
            for i in rule.lets.indices where !rule.whenLets.contains(i) {
                values[letBase + i] = rule.lets[i].expression.program.evaluateToValue(positional: values)
            }
            let message = try rule.message.render(positional: values)
            var location = fallback
            if let root = rule.at.first, let object = objects[root], let l = object.location(of: rule.at.dropFirst()) {
                location = l
            }
            let severity = settings.lookup(settings.severities, rule.id) ?? rule.descriptor.defaultSeverity
            out.findings.append(Finding(
                rule: rule.id, category: rule.descriptor.category, severity: severity, message: message,
                location: location, entity: entity, related: related, remediation: rule.descriptor.remediation,
                detail: rule.message.parts.isEmpty ? nil : message))
        } catch {
            out.errors.append(InputError("rule \(rule.id.id) \(rule.id.name) failed on \(entity.qualifiedDisplayPath): \(error.message)", at: rule.when.location))
        }
    }
}
