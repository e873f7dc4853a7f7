import CEL

/// Builds the CEL environment of a rule: standard library, the domain
/// helpers, and the variables of its scopes.
enum RuleEnvironment {
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
