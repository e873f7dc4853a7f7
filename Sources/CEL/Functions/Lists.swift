/// Lists and sets extensions: `distinct`, `flatten`, `lists.range`, `reverse`,
/// `slice`, `sort`, `sum`, `min`, `max`, `indexOf`/`lastIndexOf` (in
/// Strings.swift), `isSorted`, `sets.contains`, `sets.intersects`,
/// `sets.equivalent`.
extension StandardLibrary {
    static func registerLists(_ t: inout FunctionTable) {
        t.member("distinct", sized: true) { a in
            guard case .list(let l) = a else { return .error(.noOverload("distinct", [a])) }
            var out: [CELValue] = []
            for i in 0..<l.count where !out.contains(where: { valueEquals($0, l[i], depth: 0) }) { out.append(l[i]) }
            return .list(CELList(out))
        }
        t.member("flatten", sized: true) { a in flatten(a, .int(1)) }
        t.member("flatten", sized: true) { a, b in flatten(a, b) }
        t.global("lists.range") { a in
            guard case .int(let n) = a else { return .error(.noOverload("lists.range", [a])) }
            guard n >= 0, n <= 1_000_000 else { return .error(.eval("lists.range: invalid size \(n)")) }
            return .list(CELList((0..<n).map { .int($0) }))
        }
        t.member("reverse", sized: true) { a in
            switch a {
            case .list(let l): return .list(CELList(l.elements.reversed()))
            case .string(let s): return .string(scalarsToString(Array(s.unicodeScalars.reversed())[...]))
            default: return .error(.noOverload("reverse", [a]))
            }
        }
        t.member("slice", arity: 3, sized: true) { args in
            guard case .list(let l) = args[0], case .int(let s) = args[1], case .int(let e) = args[2] else {
                return .error(.noOverload("slice", args))
            }
            guard s >= 0, e >= s, e <= Int64(l.count) else {
                return .error(.eval("cannot slice(\(s), \(e)) a list of size \(l.count)"))
            }
            return .list(CELList(Array(l.elements[Int(s)..<Int(e)])))
        }
        t.member("sort", sized: true) { a in
            guard case .list(let l) = a else { return .error(.noOverload("sort", [a])) }
            let items = l.elements
            guard comparableList(items) else { return .error(.eval("sort: list elements must be comparable and of one type")) }
            return .list(CELList(items.sorted { valueOrder($0, $1) == .less }))
        }
        t.member("isSorted", sized: true) { a in
            guard case .list(let l) = a else { return .error(.noOverload("isSorted", [a])) }
            let items = l.elements
            guard comparableList(items) else { return .error(.eval("isSorted: list elements must be comparable and of one type")) }
            for i in items.indices.dropFirst() where valueOrder(items[i - 1], items[i]) == .greater { return .bool(false) }
            return .bool(true)
        }
        t.member("sum", sized: true) { a in
            guard case .list(let l) = a else { return .error(.noOverload("sum", [a])) }
            guard l.count > 0 else { return .int(0) }
            var acc = l[0]
            for i in 1..<l.count {
                acc = Ops.add(acc, l[i])
                if case .error = acc { return acc }
            }
            switch acc {
            case .int, .uint, .double, .duration: return acc
            default: return .error(.eval("sum: list elements must be numbers or durations"))
            }
        }
        t.member("min", sized: true) { a in extremum(a, "min", .less) }
        t.member("max", sized: true) { a in extremum(a, "max", .greater) }

        t.global("sets.contains", sized: true) { a, b in
            guard case .list(let x) = a, case .list(let y) = b else { return .error(.noOverload("sets.contains", [a, b])) }
            return .bool(listContainsAll(x, y))
        }
        t.global("sets.equivalent", sized: true) { a, b in
            guard case .list(let x) = a, case .list(let y) = b else { return .error(.noOverload("sets.equivalent", [a, b])) }
            return .bool(listContainsAll(x, y) && listContainsAll(y, x))
        }
        t.global("sets.intersects", sized: true) { a, b in
            guard case .list(let x) = a, case .list(let y) = b else { return .error(.noOverload("sets.intersects", [a, b])) }
            for i in 0..<y.count where Ops.contains(y[i], inside: a).isTrue { return .bool(true) }
            _ = x
            return .bool(false)
        }
    }

    static func flatten(_ a: CELValue, _ b: CELValue) -> CELValue {
        guard case .list(let l) = a, case .int(let depth) = b else { return .error(.noOverload("flatten", [a, b])) }
        guard depth >= 0 else { return .error(.eval("flatten: level must be non-negative")) }
        func go(_ l: CELList, _ d: Int64, _ out: inout [CELValue]) {
            for i in 0..<l.count {
                if d > 0, case .list(let inner) = l[i] { go(inner, d - 1, &out) } else { out.append(l[i]) }
            }
        }
        var out: [CELValue] = []
        go(l, min(depth, Int64(maxValueDepth)), &out)
        return .list(CELList(out))
    }

    static func comparableList(_ items: [CELValue]) -> Bool {
        guard let first = items.first else { return true }
        let numeric: (CELValue) -> Bool = {
            switch $0 {
            case .int, .uint, .double: return true
            default: return false
            }
        }
        for v in items {
            if numeric(first) && numeric(v) { continue }
            guard valueOrder(first, v) != nil else { return false }
        }
        return true
    }

    static func extremum(_ a: CELValue, _ name: String, _ want: Ordering) -> CELValue {
        guard case .list(let l) = a else { return .error(.noOverload(name, [a])) }
        guard l.count > 0 else { return .error(.eval("\(name)() called on an empty list")) }
        var best = l[0]
        for i in 1..<l.count {
            guard let o = valueOrder(l[i], best) else { return .error(.noOverload(name, [l[i], best])) }
            if o == want { best = l[i] }
        }
        return best
    }

    static func listContainsAll(_ x: CELList, _ y: CELList) -> Bool {
        for i in 0..<y.count {
            var found = false
            for j in 0..<x.count where valueEquals(x[j], y[i], depth: 0) {
                found = true
                break
            }
            if !found { return false }
        }
        return true
    }
}

extension CELValue {
    var isTrue: Bool { if case .bool(true) = self { return true } else { return false } }
}
