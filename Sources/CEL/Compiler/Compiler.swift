/// Turns a parsed expression into a tree of evaluation nodes, resolving
/// identifiers to slots and functions to implementations once, and rejecting
/// what can be rejected before evaluation: unknown identifiers and functions,
/// wrong arities, misused macros, comprehension variables shadowing declared
/// variables, operators applied to literals of unsupported types, and invalid
/// literal regular expressions.
struct Compiler {
    let env: CELEnvironment
    let source: Source
    private var scopes: [(name: String, slot: Int)] = []
    private(set) var slotCount: Int
    /// Field selections on declared host types (from the checker): their type name.
    var hostSelections: [ObjectIdentifier: String] = [:]

    static let typeNames: [String: CELType] = [
        "int": .int, "uint": .uint, "double": .double, "bool": .bool, "string": .string, "bytes": .bytes,
        "list": .list, "map": .map, "null_type": .nullType, "type": .type, "dyn": .dyn,
        "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
    ]

    init(env: CELEnvironment, source: Source) {
        self.env = env
        self.source = source
        slotCount = env.variables.count
    }

    private func error(_ message: String, _ e: Expr) -> CELError {
        source.error(message, at: e.offset, kind: .check)
    }

    private func loc(_ e: Expr) -> ExpressionPosition { source.location(e.offset) }

    private func local(_ name: String) -> Int? {
        for s in scopes.reversed() where s.name == name { return s.slot }
        return nil
    }

    /// Whether `name` (the root of a dotted chain) names a variable.
    private func isVariable(_ name: String) -> Bool {
        local(name) != nil || env.variableSlots[name] != nil
    }


    mutating func compile(_ e: Expr) throws(CELError) -> any Node {
        switch e.kind {
        case .literal(let v):
            return ConstNode(v)
        case .ident(let name, let absolute):
            if !absolute, let slot = local(name) { return SlotNode(slot) }
            if let slot = env.variableSlots[name] { return SlotNode(slot) }
            if let t = Compiler.typeNames[name] { return ConstNode(.type(t)) }
            throw error("undeclared reference to '\(name)'", e)
        case .select(let operand, let field):
            if let q = e.qualifiedName, let (root, abs) = e.rootName, abs || !isVariable(root) {
                let name = abs ? String(q.dropFirst()) : q
                return try resolveQualified(name, e)
            }
            if let type = hostSelections[ObjectIdentifier(e)], let read = env.objectTypes[type]?.readers[field] {
                let node = try compile(operand)
                if let variable = node as? SlotNode { return SlotFieldNode(variable.slot, field, read, loc(e)) }
                return HostFieldNode(node, field, read, loc(e))
            }
            return SelectNode(try compile(operand), field, loc(e))
        case .list(let items):
            var nodes: [any Node] = []
            for i in items { nodes.append(try compile(i)) }
            if items.allSatisfy({ if case .literal = $0.kind { return true } else { return false } }) {
                return ConstNode(.list(CELList(items.compactMap { if case .literal(let v) = $0.kind { return v } else { return nil } })))
            }
            return ListNode(nodes)
        case .map(let entries):
            var nodes: [(any Node, any Node)] = []
            for (k, v) in entries {
                if case .literal(let kv) = k.kind, MapKey(constructing: kv) == nil {
                    throw error("unsupported map key type '\(kv.celType.name)'", k)
                }
                switch k.kind {
                case .list, .map: throw error("unsupported map key type (a list or map)", k)
                default: break
                }
                nodes.append((try compile(k), try compile(v)))
            }
            return MapNode(nodes, loc(e))
        case .call(let target, let name, let args):
            return try compileCall(e, target, name, args)
        }
    }

    /// Resolves a dotted name whose root is not a variable: a declared dotted
    /// variable (longest prefix wins) followed by field selections, or a type name.
    private mutating func resolveQualified(_ name: String, _ e: Expr) throws(CELError) -> any Node {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var n = parts.count
        while n > 0 {
            let prefix = parts[0..<n].joined(separator: ".")
            if let slot = env.variableSlots[prefix] {
                var node: any Node = SlotNode(slot)
                for f in parts[n...] { node = SelectNode(node, f, loc(e)) }
                return node
            }
            if n == parts.count, let t = Compiler.typeNames[prefix] { return ConstNode(.type(t)) }
            n -= 1
        }
        throw error("undeclared reference to '\(name)'", e)
    }

    private mutating func compileCall(_ e: Expr, _ target: Expr?, _ name: String, _ args: [Expr]) throws(CELError) -> any Node {
        if let m = try compileMacro(e, target, name, args) { return m }
        let l = loc(e)
        switch (name, args.count) {
        case ("_&&_", 2): return LogicNode(try compile(args[0]), try compile(args[1]), absorbing: false, l)
        case ("_||_", 2): return LogicNode(try compile(args[0]), try compile(args[1]), absorbing: true, l)
        case ("_?_:_", 3): return ConditionalNode(try compile(args[0]), try compile(args[1]), try compile(args[2]), l)
        default: break
        }
        // Namespaced global functions: `sets.contains(a, b)`, `lists.range(3)`.
        var target = target
        var fname = name
        if let t = target, let q = t.qualifiedName, let (root, abs) = t.rootName, abs || !isVariable(root) {
            let qualified = (abs ? String(q.dropFirst()) : q) + "." + name
            if env.functionNames.contains(qualified) {
                target = nil
                fname = qualified
            }
        }
        if target == nil, fname.hasPrefix(".") { fname.removeFirst() }
        let receiver = target != nil
        let allArgs = (target.map { [$0] } ?? []) + args
        let key = FunctionKey(name: fname, receiver: receiver, arity: allArgs.count)
        guard let impl = env.functions[key] else {
            if env.functionNames.contains(fname) {
                let style = receiver ? "receiver-style call" : "global call"
                throw error("no overload of '\(fname)' accepts \(args.count) argument(s) as a \(style)", e)
            }
            throw error("undeclared reference to function '\(fname)'", e)
        }
        // Literal regular expressions are compiled once, now.
        if fname == "matches", allArgs.count == 2, case .literal(.string(let pattern)) = allArgs[1].kind {
            let regex: CELRegex
            do { regex = try CELRegex(pattern) } catch let re {
                throw source.error(
                    "invalid regular expression: \(re.description)", at: patternOffset(allArgs[1], re.offset), kind: .check)
            }
            return Call1Node({ v in
                guard case .string(let s) = v else { return .error(.noOverload("matches", [v])) }
                return .bool(regex.matches(s))
            }, try compile(allArgs[0]), l)
        }
        var nodes: [any Node] = []
        for a in allArgs { nodes.append(try compile(a)) }
        let node: any Node
        if impl.sized {
            node = SizedCallNode(impl.asVariadic, nodes, l)
        } else {
            switch impl.body {
            case .unary(let f) where nodes.count == 1: node = Call1Node(f, nodes[0], l)
            case .binary(let f) where nodes.count == 2: node = Call2Node(f, nodes[0], nodes[1], l)
            default: node = CallNNode(impl.asVariadic, nodes, l)
            }
        }
        // Operators and standard functions applied to literals only: reject
        // argument types that no overload accepts.
        if StandardLibrary.functions[key] != nil, !allArgs.isEmpty,
            allArgs.allSatisfy({ if case .literal = $0.kind { return true } else { return false } })
        {
            let ctx = EvalContext(slots: [], budget: 1000)
            if case .error(let err) = node.eval(ctx), err.kind == .noMatchingOverload {
                throw error(err.message, e)
            }
        }
        return node
    }

    /// Scalar offset of code point `offset` of a string literal's value in the
    /// source (exact when the literal has no escapes; else the literal start).
    private func patternOffset(_ literal: Expr, _ offset: Int) -> Int {
        let sc = source.scalars
        var i = literal.offset
        var raw = false
        if i < sc.count, sc[i] == "r" || sc[i] == "R" {
            raw = true
            i += 1
        }
        guard i < sc.count else { return literal.offset }
        let q = sc[i]
        let quoteLength = (i + 2 < sc.count && sc[i + 1] == q && sc[i + 2] == q) ? 3 : 1
        let start = i + quoteLength
        var j = start
        while j < sc.count, sc[j] != q {
            if sc[j] == "\\" && !raw { return literal.offset }
            j += 1
        }
        return min(start + max(offset, 0), j)
    }

    // MARK: macros

    private static let loopMacros: Set<String> = [
        "all", "exists", "exists_one", "existsOne", "map", "filter", "transformList", "transformMap", "transformMapEntry",
    ]

    private mutating func declareLocal(_ v: Expr, _ macro: String) throws(CELError) -> (String, Int) {
        guard case .ident(let name, absolute: false) = v.kind else {
            throw error("\(macro)() variable must be a simple identifier", v)
        }
        if env.variableSlots[name] != nil {
            throw error("variable '\(name)' in \(macro)() shadows a declared variable", v)
        }
        let slot = slotCount
        slotCount += 1
        scopes.append((name, slot))
        return (name, slot)
    }

    private mutating func popLocals(_ n: Int) {
        scopes.removeLast(n)
    }

    private mutating func compileMacro(_ e: Expr, _ target: Expr?, _ name: String, _ args: [Expr]) throws(CELError) -> (any Node)? {
        if target == nil, name == "has" {
            guard args.count == 1, case .select(let operand, let field) = args[0].kind else {
                throw error("has() requires a single field selection argument, e.g. has(a.b)", e)
            }
            if let q = args[0].qualifiedName, let (root, abs) = args[0].rootName, abs || !isVariable(root) {
                // has(a.b.c) with a dotted declared variable prefix
                let op = q.split(separator: ".").dropLast().joined(separator: ".")
                let node = try resolveQualified(abs ? String(op.dropFirst()) : op, args[0])
                return HasNode(node, field, loc(e))
            }
            return HasNode(try compile(operand), field, loc(e))
        }
        if let t = target, name == "bind", t.qualifiedName == "cel", !isVariable("cel") {
            guard args.count == 3 else { throw error("cel.bind() takes 3 arguments", e) }
            let initial = try compile(args[1])
            let saved = slotCount
            let (_, slot) = try declareLocal(args[0], "cel.bind")
            let body = try compile(args[2])
            popLocals(1)
            _ = saved
            return BindNode(slot, initial, body)
        }
        guard let range = target, Compiler.loopMacros.contains(name) else { return nil }
        let kind: LoopNode.Kind
        var twoVar = false
        var hasFilter = false
        switch (name, args.count) {
        case ("all", 2): kind = .all
        case ("all", 3): kind = .all; twoVar = true
        case ("exists", 2): kind = .exists
        case ("exists", 3): kind = .exists; twoVar = true
        case ("exists_one", 2), ("existsOne", 2): kind = .existsOne
        case ("exists_one", 3), ("existsOne", 3): kind = .existsOne; twoVar = true
        case ("map", 2): kind = .map
        case ("map", 3): kind = .map; hasFilter = true
        case ("filter", 2): kind = .filter
        case ("transformList", 3): kind = .map; twoVar = true
        case ("transformList", 4): kind = .map; twoVar = true; hasFilter = true
        case ("transformMap", 3): kind = .transformMap; twoVar = true
        case ("transformMap", 4): kind = .transformMap; twoVar = true; hasFilter = true
        case ("transformMapEntry", 3): kind = .transformMapEntry; twoVar = true
        case ("transformMapEntry", 4): kind = .transformMapEntry; twoVar = true; hasFilter = true
        default:
            throw error("wrong number of arguments to the \(name)() macro", e)
        }
        let rangeNode = try compile(range)
        let saved = slotCount
        let (n1, s1) = try declareLocal(args[0], name)
        var s2: Int?
        if twoVar {
            let (n2, slot) = try declareLocal(args[1], name)
            if n2 == n1 { throw error("\(name)() variables must have different names", args[1]) }
            s2 = slot
        }
        let first = twoVar ? 2 : 1
        let filter = hasFilter ? try compile(args[first]) : nil
        let body = try compile(args[hasFilter ? first + 1 : first])
        popLocals(twoVar ? 2 : 1)
        _ = saved
        return LoopNode(
            kind: kind, name: name, range: rangeNode, slot1: s1, slot2: s2, filter: filter, body: body, loc: loc(e))
    }
}
