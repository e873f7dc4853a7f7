extension CELValue {
    /// The value as CEL literal syntax: `1`, `1u`, `1.0`, `"s"`, `b"\x00"`,
    /// `[1, 2]`, `{"a": 1}` (keys in a deterministic order), `null`, `int`,
    /// `timestamp("2026-01-01T00:00:00Z")`, `duration("3600s")`,
    /// `double("inf")`. Doubles round-trip.
    public var literal: String {
        var out = ""
        writeLiteral(self, into: &out, depth: 0)
        return out
    }
}

private func writeLiteral(_ v: CELValue, into out: inout String, depth: Int) {
    if depth > maxValueDepth {
        out += "..."
        return
    }
    switch v {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .uint(let u): out += String(u) + "u"
    case .double(let d): out += doubleLiteral(d)
    case .string(let s): out += quoteString(s)
    case .bytes(let b): out += bytesLiteral(b)
    case .list(let l):
        out += "["
        for i in 0..<l.count {
            if i > 0 { out += ", " }
            writeLiteral(l[i], into: &out, depth: depth + 1)
        }
        out += "]"
    case .map(let m):
        out += "{"
        for (n, i) in sortedKeyIndices(m).enumerated() {
            if n > 0 { out += ", " }
            writeLiteral(m.keys[i], into: &out, depth: depth + 1)
            out += ": "
            writeLiteral(m.values[i], into: &out, depth: depth + 1)
        }
        out += "}"
    case .timestamp(let t): out += "timestamp(\"" + t.rfc3339 + "\")"
    case .duration(let d): out += "duration(\"" + d.string + "\")"
    case .type(let t): out += t.name
    case .object(let o):
        out += o.celTypeName + "{"
        for (n, name) in o.fieldNames.enumerated() {
            if n > 0 { out += ", " }
            out += name + ": "
            writeLiteral(o.field(name) ?? .null, into: &out, depth: depth + 1)
        }
        out += "}"
    case .error(let e): out += "error(" + quoteString(e.message) + ")"
    }
}

/// `b"..."` with printable ASCII kept and other bytes as `\xNN`.
func bytesLiteral(_ b: [UInt8]) -> String {
    var out = "b\""
    for c in b {
        switch c {
        case UInt8(ascii: "\""): out += "\\\""
        case UInt8(ascii: "\\"): out += "\\\\"
        case UInt8(ascii: "\n"): out += "\\n"
        case UInt8(ascii: "\t"): out += "\\t"
        case UInt8(ascii: "\r"): out += "\\r"
        case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(c))
        default: out += "\\x" + hex2(c)
        }
    }
    return out + "\""
}

/// Map entry indices ordered by key: bools, then numbers, then strings.
func sortedKeyIndices(_ m: CELMap) -> [Int] {
    func rank(_ v: CELValue) -> Int {
        switch v {
        case .bool: return 0
        case .int, .uint, .double: return 1
        case .string: return 2
        default: return 3
        }
    }
    return Array(0..<m.count).sorted { a, b in
        let ka = m.keys[a], kb = m.keys[b]
        let ra = rank(ka), rb = rank(kb)
        if ra != rb { return ra < rb }
        return valueOrder(ka, kb) == .less
    }
}
