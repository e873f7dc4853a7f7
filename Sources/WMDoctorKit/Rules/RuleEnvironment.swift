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

    static let common = ["workspace", "now", "params"]

    static func variables(for scopes: [RuleScope]) -> [String] {
        var names = common
        for scope in scopes {
            for v in scope.variables where !names.contains(v) { names.append(v) }
        }
        return names
    }

    static func make(scopes: [RuleScope], lets: [String], catalog: AppCatalog) -> CELEnvironment {
        var env = CELEnvironment()
        for name in variables(for: scopes) + lets { env.declare(name) }
        RuleFunctions.register(in: &env, catalog: catalog)
        return env
    }
}
