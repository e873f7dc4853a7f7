/// Result of ordering two CEL values.
enum Ordering {
    case less, equal, greater
    /// NaN involved: every relation is false.
    case unordered
}

/// Maximum nesting depth explored by equality and printers, so that hostile
/// host values cannot overflow the stack.
let maxValueDepth = 200

extension CELValue {
    /// CEL runtime equality (heterogeneous; numbers on one number line; NaN ≠ NaN).
    public func celEquals(_ other: CELValue) -> Bool { valueEquals(self, other, depth: 0) }
}

func valueEquals(_ a: CELValue, _ b: CELValue, depth: Int) -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.double(let x), .double(let y)): return x == y
    case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .double), (.double, .int), (.double, .uint):
        return numericOrder(a, b) == .equal
    case (.string(let x), .string(let y)): return stringsEqual(x, y)
    case (.bool(let x), .bool(let y)): return x == y
    case (.null, .null): return true
    case (.bytes(let x), .bytes(let y)): return x == y
    case (.timestamp(let x), .timestamp(let y)): return x == y
    case (.duration(let x), .duration(let y)): return x == y
    case (.type(let x), .type(let y)): return x == y
    case (.object(let x), .object(let y)): return x === y || x.isSame(as: y)
    case (.list(let x), .list(let y)):
        guard x.count == y.count else { return false }
        guard depth < maxValueDepth else { return false }
        for i in 0..<x.count where !valueEquals(x[i], y[i], depth: depth + 1) { return false }
        return true
    case (.map(let x), .map(let y)):
        guard x.count == y.count else { return false }
        if x === y { return true }
        guard depth < maxValueDepth else { return false }
        for i in 0..<x.keys.count {
            guard let v = y[x.keys[i]], valueEquals(x.values[i], v, depth: depth + 1) else { return false }
        }
        return true
    default: return false
    }
}

/// Orders two numbers of any numeric types exactly (no lossy conversion).
func numericOrder(_ a: CELValue, _ b: CELValue) -> Ordering? {
    switch (a, b) {
    case (.int(let x), .int(let y)): return order(x, y)
    case (.uint(let x), .uint(let y)): return order(x, y)
    case (.double(let x), .double(let y)):
        if x.isNaN || y.isNaN { return .unordered }
        return order(x, y)
    case (.int(let x), .uint(let y)): return x < 0 ? .less : order(UInt64(x), y)
    case (.uint(let x), .int(let y)): return y < 0 ? .greater : order(x, UInt64(y))
    case (.int(let x), .double(let y)): return intDoubleOrder(x, y)
    case (.double(let x), .int(let y)): return flip(intDoubleOrder(y, x))
    case (.uint(let x), .double(let y)): return uintDoubleOrder(x, y)
    case (.double(let x), .uint(let y)): return flip(uintDoubleOrder(y, x))
    default: return nil
    }
}

@inline(__always)
func order<T: Comparable>(_ x: T, _ y: T) -> Ordering { x < y ? .less : (x == y ? .equal : .greater) }

private func flip(_ o: Ordering) -> Ordering {
    switch o {
    case .less: return .greater
    case .greater: return .less
    default: return o
    }
}

// Like cel-go, int/uint vs double compare after converting the integer to
// double (the conformance vectors require this lossy behaviour at 2^63).
private func intDoubleOrder(_ i: Int64, _ d: Double) -> Ordering {
    if d.isNaN { return .unordered }
    return order(Double(i), d)
}

private func uintDoubleOrder(_ u: UInt64, _ d: Double) -> Ordering {
    if d.isNaN { return .unordered }
    return order(Double(u), d)
}
/// Orders two values for `<`, `<=`, `>`, `>=`; nil when the types have no ordering.
func valueOrder(_ a: CELValue, _ b: CELValue) -> Ordering? {
    switch (a, b) {
    case (.string(let x), .string(let y)):
        let c = stringsCompare(x, y)
        return c < 0 ? .less : (c == 0 ? .equal : .greater)
    case (.bytes(let x), .bytes(let y)):
        return x.lexicographicallyPrecedes(y) ? .less : (x == y ? .equal : .greater)
    case (.bool(let x), .bool(let y)): return x == y ? .equal : (!x ? .less : .greater)
    case (.timestamp(let x), .timestamp(let y)): return order(x, y)
    case (.duration(let x), .duration(let y)): return order(x, y)
    default: return numericOrder(a, b)
    }
}
