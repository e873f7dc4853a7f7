/// What an expression reads of each declared variable: the whole value, or
/// only some of its fields (`v.f` and `has(v.f)`, nothing else of `v`).
/// A host memoizing an expression's result may key it on exactly these.
public enum CELVariableRead: Sendable, Equatable {
    case whole
    case fields(Set<String>)
}

extension CELProgram {
    /// The declared variables the expression reads and how (see ``CELVariableRead``);
    /// nil when it cannot be told (a macro variable named like a declared variable).
    static func variableReads(of ast: Expr, declared: Set<String>) -> [String: CELVariableRead]? {
        var reads: [String: CELVariableRead] = [:]
        var ambiguous = false
        func read(_ name: String, field: String?) {
            guard declared.contains(name) else { return }
            switch (reads[name], field) {
            case (.whole?, _): return
            case (_, nil): reads[name] = .whole
            case (.fields(let known)?, let f?): reads[name] = .fields(known.union([f]))
            case (nil, let f?): reads[name] = .fields([f])
            }
        }
        func walk(_ e: Expr) {
            switch e.kind {
            case .literal: return
            case .ident(let name, _): read(name, field: nil)
            case .select(let operand, let field):
                if case .ident(let name, _) = operand.kind { read(name, field: field) } else { walk(operand) }
            case .call(let target, let name, let args):
                if target != nil, Self.macros.contains(name) {
                    for a in args.prefix(2) {
                        if case .ident(let v, _) = a.kind, declared.contains(v) { ambiguous = true }
                    }
                }
                if let target { walk(target) }
                for a in args { walk(a) }
            case .list(let items): for i in items { walk(i) }
            case .map(let entries):
                for (k, v) in entries {
                    walk(k)
                    walk(v)
                }
            }
        }
        walk(ast)
        return ambiguous ? nil : reads
    }

    private static let macros: Set<String> = [
        "all", "exists", "exists_one", "existsOne", "map", "filter", "transformList", "transformMap", "transformMapEntry",
    ]
}
