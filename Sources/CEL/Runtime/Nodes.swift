/// Compiled node types. Every node charges one unit of cost when visited.

final class ConstNode: Node {
    let value: CELValue
    init(_ value: CELValue) { self.value = value }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        return value
    }
}

/// A variable: a declared variable or a comprehension/bind variable, resolved
/// at compile time to a slot index.
final class SlotNode: Node {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        return c.slots[slot]
    }
}

/// Attaches the source position to errors raised by a node (once).
@inline(__always)
func locate(_ v: CELValue, _ loc: ExpressionPosition) -> CELValue {
    if case .error(let e) = v, e.offset == nil { return .error(e.located(loc)) }
    return v
}

final class SelectNode: Node {
    let operand: any Node
    let field: String
    let loc: ExpressionPosition
    init(_ operand: any Node, _ field: String, _ loc: ExpressionPosition) {
        self.operand = operand
        self.field = field
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        return locate(Ops.select(operand.eval(c), field), loc)
    }
}

/// A field of a declared host type, read through the reader the type
/// declares (no lookup by name); other values are selected as usual.
final class HostFieldNode: Node {
    let operand: any Node
    let field: String
    let reader: CELFieldReader
    let loc: ExpressionPosition
    init(_ operand: any Node, _ field: String, _ reader: CELFieldReader, _ loc: ExpressionPosition) {
        self.operand = operand
        self.field = field
        self.reader = reader
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        return selectHostField(operand.eval(c), field, reader, loc)
    }
}

/// `v.field`: through `reader` when `v` is an object it knows, else selected as usual.
@inline(__always)
private func selectHostField(_ v: CELValue, _ field: String, _ reader: CELFieldReader, _ loc: ExpressionPosition) -> CELValue {
    if case .object(let o) = v, let r = reader.read(o) { return r }
    return locate(Ops.select(v, field), loc)
}

/// A field of a declared host type read straight from a variable's slot
/// (`use.app`): a `HostFieldNode` over a `SlotNode` in one node, the
/// variable not copied out first. Charges both nodes' units.
final class SlotFieldNode: Node {
    let slot: Int
    let field: String
    let reader: CELFieldReader
    let loc: ExpressionPosition
    init(_ slot: Int, _ field: String, _ reader: CELFieldReader, _ loc: ExpressionPosition) {
        self.slot = slot
        self.field = field
        self.reader = reader
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 2
        return selectHostField(c.slots[slot], field, reader, loc)
    }
}

final class HasNode: Node {
    let operand: any Node
    let field: String
    let loc: ExpressionPosition
    init(_ operand: any Node, _ field: String, _ loc: ExpressionPosition) {
        self.operand = operand
        self.field = field
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        return locate(Ops.has(operand.eval(c), field), loc)
    }
}

final class ListNode: Node {
    let items: [any Node]
    init(_ items: [any Node]) { self.items = items }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        var out: [CELValue] = []
        out.reserveCapacity(items.count)
        for n in items {
            let v = n.eval(c)
            if case .error = v { return v }
            out.append(v)
        }
        return .list(CELList(out))
    }
}

final class MapNode: Node {
    let entries: [(any Node, any Node)]
    let loc: ExpressionPosition
    init(_ entries: [(any Node, any Node)], _ loc: ExpressionPosition) {
        self.entries = entries
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        var out: [(CELValue, CELValue)] = []
        out.reserveCapacity(entries.count)
        for (kn, vn) in entries {
            let k = kn.eval(c)
            if case .error = k { return k }
            let v = vn.eval(c)
            if case .error = v { return v }
            out.append((k, v))
        }
        switch CELMap.make(out) {
        case .success(let m): return .map(m)
        case .failure(let e): return .error(e.located(loc))
        }
    }
}

/// `a && b` (absorbing `false`) and `a || b` (absorbing `true`): commutative;
/// the absorbing value wins over errors on either side.
final class LogicNode: Node {
    let left: any Node, right: any Node
    let loc: ExpressionPosition
    /// `false` for `&&`, `true` for `||`.
    let absorbing: Bool
    let op: String
    init(_ l: any Node, _ r: any Node, absorbing: Bool, _ loc: ExpressionPosition) {
        left = l
        right = r
        self.absorbing = absorbing
        op = absorbing ? "_||_" : "_&&_"
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        let a = left.eval(c)
        if case .bool(let v) = a, v == absorbing { return a }
        let b = right.eval(c)
        if case .bool(let v) = b, v == absorbing { return b }
        if case .bool = a, case .bool = b { return b }
        if case .error = a { return a }
        if case .error = b { return b }
        return .error(CELError.noOverload(op, [a, b]).located(loc))
    }
}

/// `cond ? a : b`: evaluates only the selected branch.
final class ConditionalNode: Node {
    let cond: any Node, then: any Node, otherwise: any Node
    let loc: ExpressionPosition
    init(_ c: any Node, _ t: any Node, _ e: any Node, _ loc: ExpressionPosition) {
        cond = c
        then = t
        otherwise = e
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        switch cond.eval(c) {
        case .bool(true): return then.eval(c)
        case .bool(false): return otherwise.eval(c)
        case .error(let e): return .error(e)
        case let v: return .error(CELError.noOverload("_?_:_", [v]).located(loc))
        }
    }
}

/// A strict call with one argument.
final class Call1Node: Node {
    let fn: @Sendable (CELValue) -> CELValue
    let arg: any Node
    let loc: ExpressionPosition
    init(_ fn: @escaping @Sendable (CELValue) -> CELValue, _ arg: any Node, _ loc: ExpressionPosition) {
        self.fn = fn
        self.arg = arg
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        let a = arg.eval(c)
        if case .error = a { return a }
        return locate(fn(a), loc)
    }
}

/// A strict call with two arguments.
final class Call2Node: Node {
    let fn: @Sendable (CELValue, CELValue) -> CELValue
    let a0: any Node, a1: any Node
    let loc: ExpressionPosition
    init(_ fn: @escaping @Sendable (CELValue, CELValue) -> CELValue, _ a0: any Node, _ a1: any Node, _ loc: ExpressionPosition) {
        self.fn = fn
        self.a0 = a0
        self.a1 = a1
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        let a = a0.eval(c)
        if case .error = a { return a }
        let b = a1.eval(c)
        if case .error = b { return b }
        return locate(fn(a, b), loc)
    }
}

/// A strict call with any number of arguments.
final class CallNNode: Node {
    let fn: @Sendable ([CELValue]) -> CELValue
    let args: [any Node]
    let loc: ExpressionPosition
    init(_ fn: @escaping @Sendable ([CELValue]) -> CELValue, _ args: [any Node], _ loc: ExpressionPosition) {
        self.fn = fn
        self.args = args
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        var vals: [CELValue] = []
        vals.reserveCapacity(args.count)
        for n in args {
            let v = n.eval(c)
            if case .error = v { return v }
            vals.append(v)
        }
        return locate(fn(vals), loc)
    }
}

/// Charges a cost proportional to the size of the arguments (strings, bytes,
/// lists, maps) before delegating, so that size-proportional functions
/// (concatenation, `contains`, `matches`, ...) are metered.
final class SizedCallNode: Node {
    let inner: [any Node]
    let fn: @Sendable ([CELValue]) -> CELValue
    let loc: ExpressionPosition
    init(_ fn: @escaping @Sendable ([CELValue]) -> CELValue, _ args: [any Node], _ loc: ExpressionPosition) {
        self.fn = fn
        inner = args
        self.loc = loc
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        var vals: [CELValue] = []
        vals.reserveCapacity(inner.count)
        var size = 0
        for n in inner {
            let v = n.eval(c)
            if case .error = v { return v }
            size &+= sizeCost(v)
            vals.append(v)
        }
        if !c.charge(size / 8) { return c.costError }
        return locate(fn(vals), loc)
    }
}

@inline(__always)
func sizeCost(_ v: CELValue) -> Int {
    switch v {
    case .string(let s): return s.utf8.count
    case .bytes(let b): return b.count
    case .list(let l): return l.count * 8
    case .map(let m): return m.count * 8
    default: return 0
    }
}

/// `cel.bind(name, init, body)`: evaluates `init` once into a slot.
final class BindNode: Node {
    let slot: Int
    let initial: any Node, body: any Node
    init(_ slot: Int, _ initial: any Node, _ body: any Node) {
        self.slot = slot
        self.initial = initial
        self.body = body
    }
    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        c.slots[slot] = initial.eval(c)
        return body.eval(c)
    }
}
