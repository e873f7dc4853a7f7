/// The standard operators as functions on values. Integer arithmetic never
/// traps: overflow, division and modulo by zero are CEL errors.
enum Ops {
    static func overflow(_ what: String) -> CELValue { .error(.eval("\(what) overflow")) }

    static func add(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? overflow("integer") : .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? overflow("unsigned integer") : .uint(r)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.bytes(let x), .bytes(let y)): return .bytes(x + y)
        case (.list(let x), .list(let y)):
            if x.count == 0 { return b }
            if y.count == 0 { return a }
            return .list(CELList(x.elements + y.elements))
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return addTimestamp(t, d.nanoseconds, negate: false)
        case (.duration(let x), .duration(let y)):
            let (r, o) = x.nanoseconds.addingReportingOverflow(y.nanoseconds)
            return o ? overflow("duration") : .duration(CELDuration(nanoseconds: r))
        default: return .error(.noOverload("_+_", [a, b]))
        }
    }

    static func subtract(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? overflow("integer") : .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? overflow("unsigned integer") : .uint(r)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.timestamp(let t), .duration(let d)):
            if d.nanoseconds == Int64.min { return overflow("timestamp") }
            return addTimestamp(t, d.nanoseconds, negate: true)
        case (.timestamp(let x), .timestamp(let y)):
            let secs = x.seconds - y.seconds  // both within ±3e11: cannot overflow
            let nanos = Int64(x.nanos) - Int64(y.nanos)
            guard let d = CELDuration(seconds: secs, nanos: nanos) else { return overflow("duration") }
            return .duration(d)
        case (.duration(let x), .duration(let y)):
            let (r, o) = x.nanoseconds.subtractingReportingOverflow(y.nanoseconds)
            return o ? overflow("duration") : .duration(CELDuration(nanoseconds: r))
        default: return .error(.noOverload("_-_", [a, b]))
        }
    }

    static func addTimestamp(_ t: CELTimestamp, _ nanos: Int64, negate: Bool) -> CELValue {
        let n = negate ? -nanos : nanos
        var secs = t.seconds + n / 1_000_000_000
        var ns = Int64(t.nanos) + n % 1_000_000_000
        if ns < 0 {
            ns += 1_000_000_000
            secs -= 1
        } else if ns >= 1_000_000_000 {
            ns -= 1_000_000_000
            secs += 1
        }
        guard let r = CELTimestamp(seconds: secs, nanos: Int32(ns)) else { return .error(.eval("timestamp out of range")) }
        return .timestamp(r)
    }

    static func multiply(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? overflow("integer") : .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? overflow("unsigned integer") : .uint(r)
        case (.double(let x), .double(let y)): return .double(x * y)
        default: return .error(.noOverload("_*_", [a, b]))
        }
    }

    static func divide(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { return .error(.eval("division by zero")) }
            let (r, o) = x.dividedReportingOverflow(by: y)
            return o ? overflow("integer") : .int(r)
        case (.uint(let x), .uint(let y)):
            if y == 0 { return .error(.eval("division by zero")) }
            return .uint(x / y)
        case (.double(let x), .double(let y)): return .double(x / y)
        default: return .error(.noOverload("_/_", [a, b]))
        }
    }

    static func modulo(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { return .error(.eval("modulus by zero")) }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            return o ? overflow("integer") : .int(r)
        case (.uint(let x), .uint(let y)):
            if y == 0 { return .error(.eval("modulus by zero")) }
            return .uint(x % y)
        default: return .error(.noOverload("_%_", [a, b]))
        }
    }

    static func negate(_ a: CELValue) -> CELValue {
        switch a {
        case .int(let x):
            let (r, o) = Int64(0).subtractingReportingOverflow(x)
            return o ? overflow("integer") : .int(r)
        case .double(let x): return .double(-x)
        case .duration(let d):
            if d.nanoseconds == Int64.min { return overflow("duration") }
            return .duration(CELDuration(nanoseconds: -d.nanoseconds))
        default: return .error(.noOverload("-_", [a]))
        }
    }

    static func not(_ a: CELValue) -> CELValue {
        if case .bool(let b) = a { return .bool(!b) }
        return .error(.noOverload("!_", [a]))
    }

    static func equals(_ a: CELValue, _ b: CELValue) -> CELValue { .bool(valueEquals(a, b, depth: 0)) }
    static func notEquals(_ a: CELValue, _ b: CELValue) -> CELValue { .bool(!valueEquals(a, b, depth: 0)) }

    static func relation(_ name: String, _ a: CELValue, _ b: CELValue, _ test: (Ordering) -> Bool) -> CELValue {
        guard let o = valueOrder(a, b) else { return .error(.noOverload(name, [a, b])) }
        return .bool(o != .unordered && test(o))
    }
    static func less(_ a: CELValue, _ b: CELValue) -> CELValue { relation("_<_", a, b) { $0 == .less } }
    static func lessEq(_ a: CELValue, _ b: CELValue) -> CELValue { relation("_<=_", a, b) { $0 != .greater } }
    static func greater(_ a: CELValue, _ b: CELValue) -> CELValue { relation("_>_", a, b) { $0 == .greater } }
    static func greaterEq(_ a: CELValue, _ b: CELValue) -> CELValue { relation("_>=_", a, b) { $0 != .less } }

    static func contains(_ a: CELValue, inside b: CELValue) -> CELValue {
        switch b {
        case .list(let l):
            for i in 0..<l.count where valueEquals(a, l[i], depth: 0) { return .bool(true) }
            return .bool(false)
        case .map(let m):
            return .bool(m[a] != nil)
        default: return .error(.noOverload("@in", [a, b]))
        }
    }

    static func index(_ a: CELValue, _ i: CELValue) -> CELValue {
        switch a {
        case .list(let l):
            let idx: Int64
            switch i {
            case .int(let v): idx = v
            case .uint(let v):
                guard v <= UInt64(Int64.max) else { return .error(.eval("index out of range: \(v)")) }
                idx = Int64(v)
            case .double(let d):
                guard d.isFinite, d == d.rounded(.towardZero), abs(d) < 9.2e18 else {
                    return .error(.eval("invalid list index: \(d)"))
                }
                idx = Int64(d)
            default: return .error(.noOverload("_[_]", [a, i]))
            }
            guard idx >= 0, idx < Int64(l.count) else { return .error(.eval("index out of range: \(idx)")) }
            return l[Int(idx)]
        case .map(let m):
            if let v = m[i] { return v }
            if !CELMap.isValidLookupKey(i) { return .error(.noOverload("_[_]", [a, i])) }
            return .error(.eval("no such key: \(i.literal)"))
        case .object(let o):
            guard case .string(let name) = i else { return .error(.noOverload("_[_]", [a, i])) }
            return o.field(name) ?? .error(.eval("no such field: \(name)"))
        default: return .error(.noOverload("_[_]", [a, i]))
        }
    }

    static func select(_ a: CELValue, _ field: String) -> CELValue {
        switch a {
        case .object(let o): return o.field(field) ?? .error(.eval("no such field: \(field)"))
        case .map(let m): return m[string: field] ?? .error(.eval("no such key: \(field)"))
        case .error: return a
        default: return .error(.eval("type '\(a.celType.name)' has no field '\(field)'"))
        }
    }

    static func has(_ a: CELValue, _ field: String) -> CELValue {
        switch a {
        case .object(let o): return .bool(o.field(field) != nil)
        case .map(let m): return .bool(m[string: field] != nil)
        case .error: return a
        default: return .error(.eval("has() applied to type '\(a.celType.name)' which has no fields"))
        }
    }
}
