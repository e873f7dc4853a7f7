/// The comprehension macros (`all`, `exists`, `exists_one`, `map`, `filter`,
/// and the two-variable forms `transformList`, `transformMap`,
/// `transformMapEntry`), compiled to a single loop node.
final class LoopNode: Node {
    enum Kind: Sendable {
        case all, exists, existsOne, map, filter, transformMap, transformMapEntry
    }

    let kind: Kind
    let range: any Node
    /// Slot of the first variable (element, map key, or list index for two-var forms).
    let slot1: Int
    /// Slot of the second variable (two-variable forms), else nil.
    let slot2: Int?
    /// Optional filter predicate (3-argument `map`, 4-argument transforms).
    let filter: (any Node)?
    /// Predicate or transform.
    let body: any Node
    let name: String
    let loc: ExpressionPosition

    init(
        kind: Kind, name: String, range: any Node, slot1: Int, slot2: Int?, filter: (any Node)?, body: any Node,
        loc: ExpressionPosition
    ) {
        self.kind = kind
        self.name = name
        self.range = range
        self.slot1 = slot1
        self.slot2 = slot2
        self.filter = filter
        self.body = body
        self.loc = loc
    }

    private func fail(_ v: CELValue) -> CELValue { locate(v, loc) }

    func eval(_ c: EvalContext) -> CELValue {
        c.cost &+= 1
        let r = range.eval(c)
        let count: Int
        let list: CELList?
        let map: CELMap?
        switch r {
        case .list(let l):
            count = l.count
            list = l
            map = nil
        case .map(let m):
            count = m.count
            list = nil
            map = m
        case .error: return r
        default:
            return fail(.error(.eval("\(name)() cannot iterate over a value of type '\(r.celType.name)'")))
        }
        var firstError: CELValue?
        var trueCount = 0
        var out: [CELValue] = []
        var outEntries: [(CELValue, CELValue)] = []
        for i in 0..<count {
            if !c.charge(1) { return c.costError }
            if let l = list {
                if let s2 = slot2 {
                    c.slots[slot1] = .int(Int64(i))
                    c.slots[s2] = l[i]
                } else {
                    c.slots[slot1] = l[i]
                }
            } else if let m = map {
                c.slots[slot1] = m.keys[i]
                if let s2 = slot2 { c.slots[s2] = m.values[i] }
            }
            if let f = filter {
                switch f.eval(c) {
                case .bool(true): break
                case .bool(false): continue
                case .error(let e): return .error(e)
                case let v: return fail(.error(.eval("\(name)() filter must be a bool, got '\(v.celType.name)'")))
                }
            }
            let v = body.eval(c)
            if c.exceeded { return c.costError }
            switch kind {
            case .all:
                switch v {
                case .bool(false): return v
                case .bool(true): break
                case .error: if firstError == nil { firstError = v }
                default: if firstError == nil { firstError = .error(.noOverload("_&&_", [v])) }
                }
            case .exists:
                switch v {
                case .bool(true): return v
                case .bool(false): break
                case .error: if firstError == nil { firstError = v }
                default: if firstError == nil { firstError = .error(.noOverload("_||_", [v])) }
                }
            case .existsOne:
                switch v {
                case .bool(true): trueCount += 1
                case .bool(false): break
                case .error: return v
                default: return fail(.error(.noOverload(name, [v])))
                }
            case .map:
                if case .error = v { return v }
                out.append(v)
            case .filter:
                switch v {
                case .bool(true): out.append(list.map { $0[i] } ?? (map?.keys[i] ?? .null))
                case .bool(false): break
                case .error: return v
                default: return fail(.error(.eval("filter() predicate must be a bool, got '\(v.celType.name)'")))
                }
            case .transformMap:
                if case .error = v { return v }
                if let m = map { outEntries.append((m.keys[i], v)) } else { outEntries.append((.int(Int64(i)), v)) }
            case .transformMapEntry:
                switch v {
                case .map(let e):
                    for j in 0..<e.count { outEntries.append((e.keys[j], e.values[j])) }
                case .error: return v
                default: return fail(.error(.eval("transformMapEntry() must produce a map, got '\(v.celType.name)'")))
                }
            }
        }
        switch kind {
        case .all: return firstError.map(fail) ?? .bool(true)
        case .exists: return firstError.map(fail) ?? .bool(false)
        case .existsOne: return .bool(trueCount == 1)
        case .map, .filter: return .list(CELList(out))
        case .transformMap, .transformMapEntry:
            switch CELMap.make(outEntries) {
            case .success(let m): return .map(m)
            case .failure(let e): return .error(e.located(loc))
            }
        }
    }
}
