/// What an expression reads of the elements of a list it takes from a
/// declared variable's field (`binding.possible`): the paths it selects on
/// each element (`c.app`, `c.auth.scopes`, `has(c.auth.type)`) and the
/// functions it passes an element to (`wm.unmetGroups(c, op)`), when that is
/// all it does with them. A host memoizing the expression may then key the
/// list by those values of its elements rather than by the elements
/// themselves: two lists whose elements agree on them, in order, give the
/// same result.
public struct CELElementReads: Sendable, Equatable {
    /// Field paths selected on an element (`["auth", "scopes"]`).
    public var paths: Set<[String]> = []
    /// Functions an element is passed to, at the argument the caller said they read (``CELProgram/elementReads(of:lets:elementFunctions:elementVariables:)``).
    public var calls: Set<String> = []

    public init(paths: Set<[String]> = [], calls: Set<String> = []) {
        self.paths = paths
        self.calls = calls
    }
}

extension CELProgram {
    /// For each `variable.field` the expression reads (with the programs of
    /// the `lets` it names, by name, followed where they are read), what it
    /// reads of that list's elements (``CELElementReads``), keyed
    /// `"variable.field"`; a field is left out when its value, or an element
    /// of it, is used in any other way (compared, indexed, returned, passed
    /// elsewhere, mixed with other lists...): then only the elements
    /// themselves decide.
    ///
    /// Followed: the field as the range of `all`, `exists`, `exists_one`
    /// (one variable), `map` and `filter`; `size`; the branches of `?:`;
    /// a `filter`'s result (its elements are the field's) and lets holding
    /// one; an element's field paths and `has()` of them; an element as
    /// argument `elementFunctions[name]` of a global function `name` (the
    /// caller answers for what that function reads, and that it returns no
    /// element). Anything else makes the field's reads unknown.
    ///
    /// A variable of `elementVariables` holds one such element, or null
    /// (`connection`): its reads are followed alike, keyed by its name, and
    /// comparing it with `null` is one of them (a host keying it tells null
    /// apart from every element).
    public static func elementReads(
        of program: CELProgram, lets: [String: CELProgram], elementFunctions: [String: Int], elementVariables: Set<String> = []
    ) -> [String: CELElementReads] {
        var analysis = ElementFlowAnalysis(
            declared: Set(program.variables), lets: lets.mapValues(\.ast), functions: elementFunctions, elements: elementVariables)
        analysis.settle(analysis.flow(of: program.ast, [:]))
        var out: [String: CELElementReads] = [:]
        for (source, reads) in analysis.reads where !analysis.opaque.contains(source) { out[source] = reads }
        return out
    }
}

/// How elements of the tracked lists flow through an expression.
private struct ElementFlowAnalysis {
    /// What a value holds of the tracked lists (by `"variable.field"`).
    enum Flow {
        /// Nothing of them (a value made from element paths is clean).
        case clean
        /// A list whose elements are theirs.
        case elements(Set<String>)
        /// One of their elements.
        case element(Set<String>)
    }

    let declared: Set<String>
    let lets: [String: Expr]
    let functions: [String: Int]
    /// Declared variables that hold one element (or null).
    let elements: Set<String>
    var reads: [String: CELElementReads] = [:]
    var opaque: Set<String> = []
    /// Lets already followed, with their flow (nil while being followed: a cycle).
    private var letFlows: [String: Flow?] = [:]

    init(declared: Set<String>, lets: [String: Expr], functions: [String: Int], elements: Set<String>) {
        self.declared = declared
        self.lets = lets
        self.functions = functions
        self.elements = elements
    }

    /// What identifier `name` holds where `env` binds the comprehension
    /// variables (nil: not followed); `absolute` (`.name`) passes over them.
    private mutating func bound(_ name: String, absolute: Bool, _ env: [String: Flow]) -> Flow? {
        if !absolute, let f = env[name] { return f }
        guard lets[name] == nil, elements.contains(name), declared.contains(name) else { return nil }
        if reads[name] == nil { reads[name] = CELElementReads() }
        return .element([name])
    }

    /// The sources a value refers to, made unknown: it is used in a way not followed.
    mutating func settle(_ f: Flow) {
        switch f {
        case .clean: return
        case .elements(let s), .element(let s): opaque.formUnion(s)
        }
    }

    private static func join(_ a: Flow, _ b: Flow) -> Flow? {
        switch (a, b) {
        case (.clean, let x), (let x, .clean): return x
        case (.elements(let s), .elements(let t)): return .elements(s.union(t))
        case (.element(let s), .element(let t)): return .element(s.union(t))
        default: return nil
        }
    }

    private static let macros: Set<String> = [
        "all", "exists", "exists_one", "existsOne", "map", "filter", "transformList", "transformMap", "transformMapEntry",
    ]

    mutating func flow(of e: Expr, _ env: [String: Flow]) -> Flow {
        switch e.kind {
        case .literal: return .clean
        case .ident(let name, let absolute):
            if let f = bound(name, absolute: absolute, env) { return f }
            if let body = lets[name] { return letFlow(name, body) }
            return .clean
        case .select(let operand, let field):
            // An element's path (`c.auth.scopes`) is a value of the element.
            if let (root, absolute, path) = Self.chain(e), let bound = bound(root, absolute: absolute, env) {
                switch bound {
                case .element(let s):
                    note(s) { $0.paths.insert(path) }
                    return .clean
                case .elements(let s):
                    opaque.formUnion(s)
                    return .clean
                case .clean: return .clean
                }
            }
            if case .ident(let v, let absolute) = operand.kind, absolute || env[v] == nil, lets[v] == nil, !elements.contains(v), declared.contains(v) {
                let source = v + "." + field
                if reads[source] == nil { reads[source] = CELElementReads() }
                return .elements([source])
            }
            settle(flow(of: operand, env))
            return .clean
        case .list(let items):
            for i in items { settle(flow(of: i, env)) }
            return .clean
        case .map(let entries):
            for (k, v) in entries {
                settle(flow(of: k, env))
                settle(flow(of: v, env))
            }
            return .clean
        case .call(let target, let name, let args):
            return call(e, target, name, args, env)
        }
    }

    private mutating func letFlow(_ name: String, _ body: Expr) -> Flow {
        if let known = letFlows[name] {
            // A let that reads itself: not followed.
            return known ?? .clean
        }
        letFlows[name] = .some(nil)
        let f = flow(of: body, [:])
        letFlows[name] = .some(f)
        return f
    }

    private mutating func call(_ e: Expr, _ target: Expr?, _ name: String, _ args: [Expr], _ env: [String: Flow]) -> Flow {
        // A comprehension over a list.
        if let range = target, Self.macros.contains(name), let v = args.first, case .ident(let variable, false) = v.kind {
            let r = flow(of: range, env)
            var inner = env
            switch r {
            case .elements(let s): inner[variable] = .element(s)
            case .clean: inner[variable] = .clean
            case .element(let s):
                opaque.formUnion(s)
                inner[variable] = .clean
            }
            switch (name, args.count) {
            case ("all", 2), ("exists", 2), ("exists_one", 2), ("existsOne", 2):
                settle(flow(of: args[1], inner))
                return .clean
            case ("filter", 2):
                settle(flow(of: args[1], inner))
                return r
            case ("map", 2), ("map", 3):
                if args.count == 3 { settle(flow(of: args[1], inner)) }
                switch flow(of: args[args.count - 1], inner) {
                case .clean: return .clean
                case .element(let s): return .elements(s)
                case .elements(let s):
                    opaque.formUnion(s)
                    return .clean
                }
            default:
                settle(r)
                for a in args.dropFirst() { settle(flow(of: a, inner)) }
                return .clean
            }
        }
        // `has(c.path)`: a path of the element, whether present or not.
        if target == nil, name == "has", args.count == 1 {
            _ = flow(of: args[0], env)
            return .clean
        }
        if name == "size", (target == nil && args.count == 1) || (target != nil && args.isEmpty) {
            switch flow(of: target ?? args[0], env) {
            case .clean, .elements: return .clean
            case .element(let s):
                opaque.formUnion(s)
                return .clean
            }
        }
        // An element compared with null: whether there is one, which its key tells.
        if target == nil, name == "_==_" || name == "_!=_", args.count == 2, let other = Self.nullComparand(args) {
            switch flow(of: other, env) {
            case .element: return .clean
            case let f:
                settle(f)
                return .clean
            }
        }
        if target == nil, name == "_?_:_", args.count == 3 {
            settle(flow(of: args[0], env))
            let a = flow(of: args[1], env)
            let b = flow(of: args[2], env)
            if let j = Self.join(a, b) { return j }
            settle(a)
            settle(b)
            return .clean
        }
        // A global function, written with its namespace (`wm.unmetGroups`) or not.
        var global: String? = target == nil ? name : nil
        if let t = target, let q = t.qualifiedName, let (root, _) = t.rootName, env[root] == nil, lets[root] == nil,
            !declared.contains(root), !elements.contains(root)
        {
            global = q + "." + name
        }
        if let global, let position = functions[global] {
            for (i, a) in args.enumerated() {
                let f = flow(of: a, env)
                if i == position, case .element(let s) = f {
                    note(s) { $0.calls.insert(global) }
                } else {
                    settle(f)
                }
            }
            return .clean
        }
        if let t = target, global == nil { settle(flow(of: t, env)) }
        for a in args { settle(flow(of: a, env)) }
        return .clean
    }

    private mutating func note(_ sources: Set<String>, _ change: (inout CELElementReads) -> Void) {
        for s in sources { change(&reads[s, default: CELElementReads()]) }
    }

    /// The other side of a comparison with the literal `null`.
    private static func nullComparand(_ args: [Expr]) -> Expr? {
        if case .literal(.null) = args[1].kind { return args[0] }
        if case .literal(.null) = args[0].kind { return args[1] }
        return nil
    }

    /// The identifier a plain select chain starts from, whether written
    /// absolute, and its fields (`c.auth.scopes`: `c`, false, `[auth, scopes]`).
    private static func chain(_ e: Expr) -> (String, Bool, [String])? {
        var fields: [String] = []
        var at = e
        while case .select(let operand, let field) = at.kind {
            fields.append(field)
            at = operand
        }
        guard case .ident(let root, let absolute) = at.kind, !fields.isEmpty else { return nil }
        return (root, absolute, fields.reversed())
    }
}
