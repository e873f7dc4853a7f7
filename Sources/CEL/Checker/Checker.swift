/// Infers the type of every node of a parsed expression against the
/// environment's declarations and rejects what cannot work on any input: an
/// unknown variable, field or function (with the closest declared name), a
/// call no overload accepts (`timestamp > string`), a non-bool operand of
/// `&&`, `||`, `!` or of a macro's predicate. What is `dyn` is left to run time.
///
/// It records, for each field selection on a declared host type, that type's
/// name: the compiler then reads the field through the type's reader.
struct Checker {
    typealias T = CELStaticType
    let env: CELEnvironment
    let source: Source
    private var locals: [(name: String, type: T)] = []
    /// The host type name of the operand of each field selection, by node.
    private(set) var selectOperands: [ObjectIdentifier: String] = [:]

    init(env: CELEnvironment, source: Source) {
        self.env = env
        self.source = source
    }

    private func error(_ message: String, _ offset: Int) -> CELError {
        source.error(message, at: offset, kind: .check)
    }

    private func hint(_ word: String, _ candidates: [String]) -> String {
        guard let s = env.suggest?(word, candidates) else { return "" }
        return "; did you mean '\(s)'?"
    }

    private func local(_ name: String) -> T? {
        locals.last(where: { $0.name == name })?.type
    }

    private func isVariable(_ name: String) -> Bool {
        local(name) != nil || env.variableSlots[name] != nil
    }


    /// Where a dotted name starts (its root identifier).
    private func rootOffset(_ e: Expr) -> Int {
        if case .select(let o, _) = e.kind { return rootOffset(o) }
        return e.offset
    }

    private var variableNames: [String] { locals.map(\.name) + env.variables }

    mutating func check(_ e: Expr) throws(CELError) -> T {
        switch e.kind {
        case .literal(let v):
            return Checker.type(of: v)
        case .ident(let name, let absolute):
            if !absolute, let t = local(name) { return t }
            if env.variableSlots[name] != nil { return env.variableTypes[name] ?? .dyn }
            if Compiler.typeNames[name] != nil { return .type }
            throw error("undeclared reference to '\(name)'\(hint(name, variableNames))", e.offset)
        case .select(let operand, let field):
            if let q = e.qualifiedName, let (root, abs) = e.rootName, abs || !isVariable(root) {
                return try qualified(abs ? String(q.dropFirst()) : q, e)
            }
            return try select(try check(operand), field, e)
        case .list(let items):
            var element: T?
            for i in items {
                let t = try check(i)
                element = element.map { Checker.join($0, t) ?? .dyn } ?? t
            }
            return .list(element ?? .dyn)
        case .map(let entries):
            var key: T?, value: T?
            for (k, v) in entries {
                let kt = try check(k), vt = try check(v)
                key = key.map { Checker.join($0, kt) ?? .dyn } ?? kt
                value = value.map { Checker.join($0, vt) ?? .dyn } ?? vt
            }
            return .map(key ?? .dyn, value ?? .dyn)
        case .call(let target, let name, let args):
            return try call(e, target, name, args)
        }
    }

    /// A dotted name whose root is not a variable: a declared dotted variable or a type name.
    private mutating func qualified(_ name: String, _ e: Expr) throws(CELError) -> T {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var n = parts.count
        while n > 0 {
            let prefix = parts[0..<n].joined(separator: ".")
            if env.variableSlots[prefix] != nil {
                var t = env.variableTypes[prefix] ?? .dyn
                for f in parts[n...] { t = try select(t, f, e) }
                return t
            }
            if n == parts.count, Compiler.typeNames[prefix] != nil { return .type }
            n -= 1
        }
        let root = parts.first ?? name
        throw error("undeclared reference to '\(root)'\(hint(root, variableNames))", rootOffset(e))
    }

    /// The type of `field` of a value of type `t`.
    private mutating func select(_ t: T, _ field: String, _ e: Expr) throws(CELError) -> T {
        // The field name starts after the dot.
        let at = e.offset + 1
        switch t.nonNull {
        case .dyn: return .dyn
        case .map(let k, let v):
            guard k.nonNull == .string || k.nonNull == .dyn else {
                throw error("a map with \(k) keys has no field '\(field)'", at)
            }
            return v
        case .object(let name):
            guard let decl = env.objectTypes[name] else { return .dyn }
            guard let ft = decl.types[field] else {
                throw error("\(name) has no field '\(field)'\(hint(field, decl.fields.map(\.name)))", at)
            }
            selectOperands[ObjectIdentifier(e)] = name
            return ft
        default:
            throw error("\(t.nonNull) has no fields (selecting '\(field)')", at)
        }
    }

    private mutating func expectBool(_ e: Expr, _ what: String) throws(CELError) {
        let t = try check(e)
        switch t.nonNull {
        case .bool, .dyn: return
        default: throw error("\(what) should be a bool, not \(t)", e.offset)
        }
    }

    private mutating func call(_ e: Expr, _ target: Expr?, _ name: String, _ args: [Expr]) throws(CELError) -> T {
        if let m = try macro(e, target, name, args) { return m }
        switch (name, args.count) {
        case ("_&&_", 2), ("_||_", 2):
            let op = name == "_&&_" ? "&&" : "||"
            try expectBool(args[0], "the left side of '\(op)'")
            try expectBool(args[1], "the right side of '\(op)'")
            return .bool
        case ("_?_:_", 3):
            try expectBool(args[0], "the condition of '? :'")
            let a = try check(args[1]), b = try check(args[2])
            return Checker.join(a, b) ?? .dyn
        default: break
        }
        var target = target
        var fname = name
        // Where a message about the call points: the function's name.
        var at = target == nil ? e.offset : e.offset + 1
        if let t = target, let q = t.qualifiedName, let (root, abs) = t.rootName, abs || !isVariable(root) {
            let qualified = (abs ? String(q.dropFirst()) : q) + "." + name
            if env.functionNames.contains(qualified) || !isVariable(root) && !env.functionNames.contains(name) {
                // A namespaced function (`wm.days`), or an unknown one.
                target = nil
                fname = qualified
                at = rootOffset(t)
            }
        }
        if target == nil, fname.hasPrefix(".") { fname.removeFirst() }
        let all = (target.map { [$0] } ?? []) + args
        let key = FunctionKey(name: fname, receiver: target != nil, arity: all.count)
        guard env.functions[key] != nil else {
            if env.functionNames.contains(fname) {
                let style = target != nil ? "receiver-style call" : "global call"
                throw error("no overload of '\(fname)' accepts \(args.count) argument(s) as a \(style)", at)
            }
            let names = env.functionNames.filter { !$0.hasPrefix("_") && !$0.hasPrefix("@") && !$0.hasPrefix("!") && !$0.hasPrefix("-") }
            throw error("undeclared reference to function '\(fname)'\(hint(fname, names.sorted()))", at)
        }
        var types: [T] = []
        for a in all { types.append(try check(a)) }
        guard let sigs = env.signatures[key] else { return .dyn }
        for s in sigs {
            var bindings: [String: T] = [:]
            if zip(s.parameters, types).allSatisfy({ Checker.unify($0, $1, &bindings) }) {
                return Checker.substitute(s.result, bindings)
            }
        }
        throw error(Checker.noOverload(fname, types, sigs), target == nil && Checker.operators[fname] != nil ? e.offset : at)
    }

    static let operators: [String: String] = [
            "_+_": "+", "_-_": "-", "_*_": "*", "_/_": "/", "_%_": "%", "_==_": "==", "_!=_": "!=", "_<_": "<",
            "_<=_": "<=", "_>_": ">", "_>=_": ">=", "@in": "in", "_[_]": "[]", "!_": "!", "-_": "-",
        ]

    static func noOverload(_ name: String, _ types: [T], _ sigs: [CELSignature]) -> String {
        if let op = operators[name] {
            if types.count == 2 { return "'\(op)' cannot be applied to \(types[0]) and \(types[1])" }
            return "'\(op)' cannot be applied to \(types.map(\.description).joined(separator: ", "))"
        }
        let expected = sigs.map { "(\($0.parameters.map(\.description).joined(separator: ", ")))" }
        return "no overload of '\(name)' takes (\(types.map(\.description).joined(separator: ", "))); it takes \(expected.joined(separator: " or "))"
    }

    // MARK: macros

    private mutating func macro(_ e: Expr, _ target: Expr?, _ name: String, _ args: [Expr]) throws(CELError) -> T? {
        if target == nil, name == "has" {
            guard args.count == 1, case .select = args[0].kind else { return nil }
            _ = try check(args[0])
            return .bool
        }
        if let t = target, name == "bind", t.qualifiedName == "cel", !isVariable("cel"), args.count == 3 {
            guard case .ident(let v, absolute: false) = args[0].kind else { return nil }
            let initial = try check(args[1])
            locals.append((v, initial))
            defer { locals.removeLast() }
            return try check(args[2])
        }
        guard let range = target else { return nil }
        let loops: Set<String> = [
            "all", "exists", "exists_one", "existsOne", "map", "filter", "transformList", "transformMap", "transformMapEntry",
        ]
        guard loops.contains(name), args.count >= 2 else { return nil }
        let twoVar = ["transformList", "transformMap", "transformMapEntry"].contains(name)
            || (["all", "exists", "exists_one", "existsOne"].contains(name) && args.count == 3)
        let rangeType = try check(range)
        let first: T, second: T
        switch rangeType.nonNull {
        case .list(let el): (first, second) = twoVar ? (.int, el) : (el, .dyn)
        case .map(let k, let v): (first, second) = twoVar ? (k, v) : (k, .dyn)
        case .dyn: (first, second) = (twoVar ? .dyn : .dyn, .dyn)
        default: throw error("\(name)() applies to a list or a map, not \(rangeType)", e.offset)
        }
        var names: [String] = []
        for a in args.prefix(twoVar ? 2 : 1) {
            guard case .ident(let n, absolute: false) = a.kind else { return nil }
            names.append(n)
        }
        locals.append((names[0], first))
        if twoVar { locals.append((names[1], second)) }
        defer { locals.removeLast(twoVar ? 2 : 1) }
        let bodyIndex = twoVar ? 2 : 1
        let hasFilter = args.count == bodyIndex + 2
        if hasFilter { try expectBool(args[bodyIndex], "the filter of \(name)()") }
        let body = args[hasFilter ? bodyIndex + 1 : bodyIndex]
        switch name {
        case "all", "exists", "exists_one", "existsOne":
            try expectBool(body, "the predicate of \(name)()")
            return .bool
        case "filter":
            try expectBool(body, "the predicate of filter()")
            return rangeType.nonNull == .dyn ? .list(.dyn) : .list(first)
        case "map", "transformList":
            return .list(try check(body))
        case "transformMap":
            return .map(first, try check(body))
        default:
            _ = try check(body)
            return .map(.dyn, .dyn)
        }
    }

    // MARK: types

    static func type(of v: CELValue) -> T {
        switch v {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .type: return .type
        case .list(let l):
            var e: T?
            for i in 0..<l.count {
                let t = type(of: l[i])
                e = e.map { join($0, t) ?? .dyn } ?? t
            }
            return .list(e ?? .dyn)
        case .map, .object, .error: return .dyn
        }
    }

    /// The type both `a` and `b` have (`T?` for `T` and `null`), or nil when they have none but dyn.
    static func join(_ a: T, _ b: T) -> T? {
        if a == b { return a }
        switch (a, b) {
        case (.dyn, _), (_, .dyn): return .dyn
        case (.null, _): return b.orNull
        case (_, .null): return a.orNull
        case (.nullable(let x), _): return join(x, b.nonNull).map(\.orNull)
        case (_, .nullable(let y)): return join(a, y).map(\.orNull)
        case (.list(let x), .list(let y)): return join(x, y).map { .list($0) }
        case (.map(let k1, let v1), .map(let k2, let v2)):
            guard let k = join(k1, k2), let v = join(v1, v2) else { return nil }
            return .map(k, v)
        default: return nil
        }
    }

    /// Whether an argument of type `arg` fits parameter `param`, binding type parameters.
    static func unify(_ param: T, _ arg: T, _ bindings: inout [String: T]) -> Bool {
        let p = param.nonNull, a = arg.nonNull
        if case .param(let n) = p {
            if a == .null { return true }
            guard let bound = bindings[n] else {
                bindings[n] = a
                return true
            }
            guard let j = join(bound, a) else { return false }
            bindings[n] = j.nonNull
            return true
        }
        switch (p, a) {
        case (.dyn, _), (_, .dyn), (_, .null): return true
        case (.list(let x), .list(let y)): return unify(x, y, &bindings)
        case (.map(let k1, let v1), .map(let k2, let v2)): return unify(k1, k2, &bindings) && unify(v1, v2, &bindings)
        default: return p == a
        }
    }

    static func substitute(_ t: T, _ bindings: [String: T]) -> T {
        switch t {
        case .param(let n): return bindings[n] ?? .dyn
        case .list(let e): return .list(substitute(e, bindings))
        case .map(let k, let v): return .map(substitute(k, bindings), substitute(v, bindings))
        case .nullable(let x): return substitute(x, bindings).orNull
        default: return t
        }
    }
}
