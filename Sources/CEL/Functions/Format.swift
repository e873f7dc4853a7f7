import Foundation

/// `string.format(list)` from the strings extension (STRINGS-EXT.md):
/// `%s %d %f %e %x %X %o %b` with optional `.precision`, and `%%`.
func formatString(_ format: String, _ args: [CELValue]) -> CELValue {
    let f = Array(format.unicodeScalars)
    var out = ""
    var argIndex = 0
    var i = 0
    while i < f.count {
        let c = f[i]
        guard c == "%" else {
            out.unicodeScalars.append(c)
            i += 1
            continue
        }
        i += 1
        guard i < f.count else { return .error(.eval("format: unterminated '%' at end of format string")) }
        if f[i] == "%" {
            out += "%"
            i += 1
            continue
        }
        var precision: Int?
        if f[i] == "." {
            i += 1
            var p = 0
            var digits = 0
            while i < f.count, isDigit(f[i]) {
                p = min(p * 10 + Int(f[i].value - 48), 1000)
                digits += 1
                i += 1
            }
            guard digits > 0 else { return .error(.eval("format: precision must be followed by digits")) }
            precision = p
        }
        guard i < f.count else { return .error(.eval("format: missing conversion")) }
        let verb = f[i]
        i += 1
        guard argIndex < args.count else {
            return .error(.eval("format: index \(argIndex) out of range (only \(args.count) argument(s))"))
        }
        let arg = args[argIndex]
        argIndex += 1
        let piece: CELValue
        switch verb {
        case "s": piece = formatPlain(arg, depth: 0)
        case "d": piece = formatInteger(arg, radix: 10, upper: false, verb: "d")
        case "f": piece = formatFloating(arg, precision ?? 6, style: "f")
        case "e": piece = formatFloating(arg, precision ?? 6, style: "e")
        case "x", "X": piece = formatHex(arg, upper: verb == "X")
        case "o": piece = formatInteger(arg, radix: 8, upper: false, verb: "o")
        case "b": piece = formatInteger(arg, radix: 2, upper: false, verb: "b")
        default: return .error(.eval("format: unrecognized conversion '%\(verb)'"))
        }
        switch piece {
        case .string(let s): out += s
        case .error: return piece
        default: return .error(.eval("format: internal error"))
        }
    }
    if argIndex < args.count {
        return .error(.eval("format: too many arguments (\(args.count) supplied, \(argIndex) used)"))
    }
    return .string(out)
}

/// `%s` formatting of a value.
private func formatPlain(_ v: CELValue, depth: Int) -> CELValue {
    if depth > maxValueDepth { return .error(.eval("format: value nested too deeply")) }
    switch v {
    case .string(let s): return .string(s)
    case .bool(let b): return .string(b ? "true" : "false")
    case .int(let i): return .string(String(i))
    case .uint(let u): return .string(String(u))
    case .double(let d): return .string(formatDoubleDecimal(d))
    case .bytes(let b): return .string(String(decoding: b, as: UTF8.self))
    case .null: return .string("null")
    case .type(let t): return .string(t.name)
    case .timestamp(let ts): return .string(ts.rfc3339)
    case .duration(let d):
        return .string(formatDoubleDecimal(Double(d.nanoseconds) / 1e9) + "s")
    case .list(let l):
        var parts: [String] = []
        for i in 0..<l.count {
            guard case .string(let s) = formatPlain(l[i], depth: depth + 1) else { return formatPlain(l[i], depth: depth + 1) }
            parts.append(s)
        }
        return .string("[" + parts.joined(separator: ", ") + "]")
    case .map(let m):
        var parts: [(String, String)] = []
        for i in 0..<m.count {
            guard case .string(let k) = formatPlain(m.keys[i], depth: depth + 1) else { return .error(.eval("format: bad key")) }
            guard case .string(let val) = formatPlain(m.values[i], depth: depth + 1) else {
                return formatPlain(m.values[i], depth: depth + 1)
            }
            parts.append((k, val))
        }
        parts.sort { stringsCompare($0.0, $1.0) < 0 }
        return .string("{" + parts.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}")
    case .object(let o): return .string(o.celTypeName)
    case .error: return v
    }
}

/// A double in plain decimal notation with insignificant zeros removed.
func formatDoubleDecimal(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
    if d == 0 { return "0" }
    let (digits, dp) = shortestDigits(d)
    return (d < 0 ? "-" : "") + plainDecimal(digits, dp)
}

private func formatInteger(_ v: CELValue, radix: Int, upper: Bool, verb: String) -> CELValue {
    switch v {
    case .int(let i): return .string((i < 0 ? "-" : "") + String(i.magnitude, radix: radix, uppercase: upper))
    case .uint(let u): return .string(String(u, radix: radix, uppercase: upper))
    case .bool(let b) where radix == 2: return .string(b ? "1" : "0")
    case .double(let d) where radix == 10: return .string(formatDoubleDecimal(d))
    default: return .error(.eval("format: %\(verb) does not accept a value of type '\(v.celType.name)'"))
    }
}

private func formatHex(_ v: CELValue, upper: Bool) -> CELValue {
    func bytesHex(_ b: [UInt8]) -> String {
        let s = b.map { hex2($0) }.joined()
        return upper ? s.uppercased() : s
    }
    switch v {
    case .int, .uint: return formatInteger(v, radix: 16, upper: upper, verb: upper ? "X" : "x")
    case .string(let s): return .string(bytesHex(Array(s.utf8)))
    case .bytes(let b): return .string(bytesHex(b))
    default: return .error(.eval("format: %x does not accept a value of type '\(v.celType.name)'"))
    }
}

private func formatFloating(_ v: CELValue, _ precision: Int, style: String) -> CELValue {
    let d: Double
    switch v {
    case .double(let x): d = x
    case .int(let i): d = Double(i)
    case .uint(let u): d = Double(u)
    default: return .error(.eval("format: %\(style) does not accept a value of type '\(v.celType.name)'"))
    }
    if d.isNaN { return .string("NaN") }
    if d.isInfinite { return .string(d < 0 ? "-Infinity" : "Infinity") }
    return .string(String(format: "%.\(precision)\(style)", d))
}
