import CEL

/// Builds the CEL environment of a rule: standard library, the domain
/// helpers, and the variables of its scopes.
enum RuleEnvironment {
    /// Every variable any scope binds, in a fixed order: the engine fills one
    /// array of these per entity and hands each rule its own subset by position.
    enum Slot: Int, CaseIterable {
        case workspace, now, params, connection, app, workflow, step, use, binding, operation
        case trigger, connections, defaults, uses, choice, pick
    }
    static let slots = Slot.allCases.map { "\($0)" }
    static let slotIndex: [String: Int] = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1, $0) })
    /// Variables the same for every entity of one workspace and rule (the others are set per entity).
    static let constantSlots: Set<Int> = Set([Slot.workspace, .now, .params].map(\.rawValue))

    static let common = ["workspace", "now", "params"]

    static func variables(for scopes: [RuleScope]) -> [String] {
        var names = common
        for scope in scopes {
            for v in scope.variables where !names.contains(v) { names.append(v) }
        }
        return names
    }

    /// The type of variable `name` in a rule of `scope`, nil when the scope does not bind it.
    static func type(of name: String, in scope: RuleScope) -> CELStaticType? {
        guard common.contains(name) || scope.variables.contains(name) else { return nil }
        let object = CELStaticType.object
        let use = scope == .triggers || scope == .steps
        switch name {
        case "workspace": return object("wm.Workspace")
        case "now": return .timestamp
        case "params": return object(paramsType)
        case "connection": return use ? object("wm.Connection").orNull : object("wm.Connection")
        case "app": return use ? object("wm.App").orNull : object("wm.App")
        case "workflow": return object("wm.Workflow")
        case "step": return object("wm.Step")
        case "trigger": return object("wm.Trigger")
        case "use": return object(scope == .steps ? "wm.Step" : "wm.Trigger")
        case "binding": return object("wm.Binding")
        case "operation": return object("wm.Operation").orNull
        case "connections", "defaults": return .list(object("wm.Connection"))
        case "uses": return .list(object("wm.Usage"))
        case "choice": return object("wm.Connection").orNull
        case "pick": return object("wm.Binding").orNull
        default: return .dyn
        }
    }

    /// The type of `name` in a rule of all these scopes: a variable some scope
    /// does not bind is null there; `use` is a step or a trigger.
    static func type(of name: String, in scopes: [RuleScope]) -> CELStaticType {
        let types = scopes.map { type(of: name, in: $0) }
        let present = types.compactMap { $0 }
        guard var t = present.first else { return .dyn }
        for other in present.dropFirst() where other != t {
            t = name == "use" ? .object("wm.Use") : (other.orNull == t.orNull ? t.orNull : .dyn)
        }
        return present.count < types.count ? t.orNull : t
    }

    /// The type name of `params`: its fields are the rule's params.
    static let paramsType = "wm.Params"

    /// A rule's environment: its variables with their types, its `let` names
    /// (`dyn` until each is compiled: see ``CELEnvironment/declare(_:type:)``),
    /// the host types, the `wm.*` functions, and type checking on.
    static func make(scopes: [RuleScope], lets: [String], params: [RuleParam], catalog: AppCatalog) -> CELEnvironment {
        var env = CELEnvironment()
        env.typeCheck = true
        env.suggest = { DidYouMean.suggest($0, from: $1) }
        for name in variables(for: scopes) { env.declare(name, type: type(of: name, in: scopes)) }
        for name in lets { env.declare(name, type: .dyn) }
        for t in HostSchema.types { env.declareObjectType(t.celType) }
        env.declareObjectType(CELObjectType(paramsType, fields: params.map { ($0.name, $0.type) }))
        RuleFunctions.register(in: &env, catalog: catalog)
        return env
    }
}
