/// String functions: the standard ones (`contains`, `startsWith`, `endsWith`,
/// `matches`) and the strings extension (`charAt`, `indexOf`, `lastIndexOf`,
/// `lowerAscii`, `upperAscii`, `replace`, `split`, `substring`, `trim`, `join`,
/// `reverse`, `strings.quote`, `format`). Indices are Unicode code points.
extension StandardLibrary {
    static func registerStrings(_ t: inout FunctionTable) {
        t.member("contains", sized: true) { a, b in
            guard case .string(let s) = a, case .string(let sub) = b else { return .error(.noOverload("contains", [a, b])) }
            return .bool(findBytes(Array(s.utf8), Array(sub.utf8), from: 0) != nil)
        }
        t.member("startsWith", sized: true) { a, b in
            guard case .string(let s) = a, case .string(let p) = b else { return .error(.noOverload("startsWith", [a, b])) }
            return .bool(s.utf8.starts(with: p.utf8))
        }
        t.member("endsWith", sized: true) { a, b in
            guard case .string(let s) = a, case .string(let p) = b else { return .error(.noOverload("endsWith", [a, b])) }
            return .bool(s.utf8.reversed().starts(with: p.utf8.reversed()))
        }
        let matches: @Sendable (CELValue, CELValue) -> CELValue = { a, b in
            guard case .string(let s) = a, case .string(let p) = b else { return .error(.noOverload("matches", [a, b])) }
            switch CELRegex.compile(p) {
            case .success(let re): return .bool(re.matches(s))
            case .failure(let e): return .error(.eval("invalid regular expression: \(e.description)"))
            }
        }
        t.member("matches", sized: true, matches)
        t.global("matches", sized: true, matches)

        t.member("charAt") { a, b in
            guard case .string(let s) = a, case .int(let i) = b else { return .error(.noOverload("charAt", [a, b])) }
            let u = Array(s.unicodeScalars)
            guard i >= 0, i <= Int64(u.count) else { return .error(.eval("index out of range: \(i)")) }
            return .string(i == Int64(u.count) ? "" : String(u[Int(i)]))
        }
        t.member("indexOf", sized: true) { a, b in indexOf(a, b, nil, last: false) }
        t.member("indexOf", arity: 3, sized: true) { indexOf($0[0], $0[1], $0[2], last: false) }
        t.member("lastIndexOf", sized: true) { a, b in indexOf(a, b, nil, last: true) }
        t.member("lastIndexOf", arity: 3, sized: true) { indexOf($0[0], $0[1], $0[2], last: true) }
        t.member("lowerAscii", sized: true) { a in
            guard case .string(let s) = a else { return .error(.noOverload("lowerAscii", [a])) }
            return .string(mapASCII(s) { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })
        }
        t.member("upperAscii", sized: true) { a in
            guard case .string(let s) = a else { return .error(.noOverload("upperAscii", [a])) }
            return .string(mapASCII(s) { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 })
        }
        t.member("replace", arity: 3, sized: true) { replace($0[0], $0[1], $0[2], .int(-1)) }
        t.member("replace", arity: 4, sized: true) { replace($0[0], $0[1], $0[2], $0[3]) }
        t.member("split", sized: true) { a, b in split(a, b, .int(-1)) }
        t.member("split", arity: 3, sized: true) { split($0[0], $0[1], $0[2]) }
        t.member("substring", sized: true) { a, b in substring(a, b, nil) }
        t.member("substring", arity: 3, sized: true) { substring($0[0], $0[1], $0[2]) }
        t.member("trim", sized: true) { a in
            guard case .string(let s) = a else { return .error(.noOverload("trim", [a])) }
            let u = Array(s.unicodeScalars)
            var lo = 0, hi = u.count
            while lo < hi, u[lo].properties.isWhitespace { lo += 1 }
            while hi > lo, u[hi - 1].properties.isWhitespace { hi -= 1 }
            return .string(scalarsToString(u[lo..<hi]))
        }
        t.member("join", sized: true) { a in join(a, .string("")) }
        t.member("join", sized: true) { a, b in join(a, b) }
        t.global("strings.quote", sized: true) { a in
            guard case .string(let s) = a else { return .error(.noOverload("strings.quote", [a])) }
            return .string(quoteString(s))
        }
        t.member("format", sized: true) { a, b in
            guard case .string(let f) = a, case .list(let l) = b else { return .error(.noOverload("format", [a, b])) }
            return formatString(f, l.elements)
        }
    }

    static func indexOf(_ a: CELValue, _ b: CELValue, _ off: CELValue?, last: Bool) -> CELValue {
        let name = last ? "lastIndexOf" : "indexOf"
        if case .list(let l) = a, off == nil {  // lists extension
            let range = last ? Array((0..<l.count).reversed()) : Array(0..<l.count)
            for i in range where valueEquals(l[i], b, depth: 0) { return .int(Int64(i)) }
            return .int(-1)
        }
        guard case .string(let s) = a, case .string(let sub) = b else {
            return .error(.noOverload(name, [a, b] + (off.map { [$0] } ?? [])))
        }
        let u = Array(s.unicodeScalars), n = Array(sub.unicodeScalars)
        var start = last ? u.count : 0
        if let off {
            guard case .int(let o) = off else { return .error(.noOverload(name, [a, b, off])) }
            guard o >= 0, o <= Int64(u.count) else { return .error(.eval("index out of range: \(o)")) }
            start = Int(o)
        }
        if n.count > u.count { return .int(-1) }
        if last {
            var i = min(start, u.count - n.count)
            while i >= 0 {
                if u[i..<(i + n.count)].elementsEqual(n) { return .int(Int64(i)) }
                i -= 1
            }
        } else {
            var i = start
            while i + n.count <= u.count {
                if u[i..<(i + n.count)].elementsEqual(n) { return .int(Int64(i)) }
                i += 1
            }
        }
        return .int(-1)
    }

    static func replace(_ a: CELValue, _ b: CELValue, _ c: CELValue, _ d: CELValue) -> CELValue {
        guard case .string(let s) = a, case .string(let old) = b, case .string(let new) = c, case .int(let limit) = d
        else { return .error(.noOverload("replace", [a, b, c, d])) }
        if limit == 0 { return a }
        let u = Array(s.unicodeScalars), o = Array(old.unicodeScalars), nw = Array(new.unicodeScalars)
        var out: [Unicode.Scalar] = []
        var i = 0, count: Int64 = 0
        if o.isEmpty {
            // Go semantics: insert at every code point boundary.
            for k in 0...u.count {
                if limit < 0 || count < limit {
                    out.append(contentsOf: nw)
                    count += 1
                }
                if k < u.count { out.append(u[k]) }
            }
            return .string(scalarsToString(out[...]))
        }
        while i < u.count {
            if (limit < 0 || count < limit), i + o.count <= u.count, u[i..<(i + o.count)].elementsEqual(o) {
                out.append(contentsOf: nw)
                i += o.count
                count += 1
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return .string(scalarsToString(out[...]))
    }

    static func split(_ a: CELValue, _ b: CELValue, _ c: CELValue) -> CELValue {
        guard case .string(let s) = a, case .string(let sep) = b, case .int(let limit) = c else {
            return .error(.noOverload("split", [a, b, c]))
        }
        if limit == 0 { return .list(CELList([])) }
        let u = Array(s.unicodeScalars), p = Array(sep.unicodeScalars)
        var parts: [CELValue] = []
        if p.isEmpty {
            var i = 0
            while i < u.count {
                if limit > 0 && Int64(parts.count) == limit - 1 {
                    parts.append(.string(scalarsToString(u[i...])))
                    return .list(CELList(parts))
                }
                parts.append(.string(String(u[i])))
                i += 1
            }
            return .list(CELList(parts))
        }
        var start = 0, i = 0
        while i + p.count <= u.count {
            if limit > 0 && Int64(parts.count) == limit - 1 { break }
            if u[i..<(i + p.count)].elementsEqual(p) {
                parts.append(.string(scalarsToString(u[start..<i])))
                i += p.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(.string(scalarsToString(u[start...])))
        return .list(CELList(parts))
    }

    static func substring(_ a: CELValue, _ b: CELValue, _ c: CELValue?) -> CELValue {
        guard case .string(let s) = a, case .int(let start) = b else {
            return .error(.noOverload("substring", [a, b] + (c.map { [$0] } ?? [])))
        }
        let u = Array(s.unicodeScalars)
        var end = Int64(u.count)
        if let c {
            guard case .int(let e) = c else { return .error(.noOverload("substring", [a, b, c])) }
            end = e
        }
        guard start >= 0, start <= Int64(u.count) else { return .error(.eval("index out of range: \(start)")) }
        guard end >= 0, end <= Int64(u.count) else { return .error(.eval("index out of range: \(end)")) }
        guard start <= end else { return .error(.eval("invalid substring range. start: \(start), end: \(end)")) }
        return .string(scalarsToString(u[Int(start)..<Int(end)]))
    }

    static func join(_ a: CELValue, _ b: CELValue) -> CELValue {
        guard case .list(let l) = a, case .string(let sep) = b else { return .error(.noOverload("join", [a, b])) }
        var parts: [String] = []
        for i in 0..<l.count {
            guard case .string(let s) = l[i] else { return .error(.eval("join: list element is not a string")) }
            parts.append(s)
        }
        return .string(parts.joined(separator: sep))
    }
}

func scalarsToString(_ s: ArraySlice<Unicode.Scalar>) -> String {
    var v = String.UnicodeScalarView()
    v.append(contentsOf: s)
    return String(v)
}

func mapASCII(_ s: String, _ f: (UInt8) -> UInt8) -> String {
    String(decoding: s.utf8.map(f), as: UTF8.self)
}

/// Byte-sequence search (code-point exact for UTF-8).
func findBytes(_ hay: [UInt8], _ needle: [UInt8], from: Int) -> Int? {
    if needle.isEmpty { return from <= hay.count ? from : nil }
    guard hay.count >= needle.count else { return nil }
    let first = needle[0]
    var i = from
    let last = hay.count - needle.count
    while i <= last {
        if hay[i] == first {
            var k = 1
            while k < needle.count, hay[i + k] == needle[k] { k += 1 }
            if k == needle.count { return i }
        }
        i += 1
    }
    return nil
}

/// A double-quoted CEL string literal for `s`, with escapes.
func quoteString(_ s: String) -> String {
    // Printable ASCII but `\` and `"` (most texts): as it is, between
    // quotes, not appended a scalar at a time.
    if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\"") }) {
        return "\"" + s + "\""
    }
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for u in s.unicodeScalars {
        if u.value >= 0x20 && u.value < 0x7F && u != "\\" && u != "\"" {
            out.unicodeScalars.append(u)  // printable ASCII: as it is (no property lookup)
            continue
        }
        switch u {
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        default:
            if u.value < 0x20 || u.value == 0x7F {
                out += "\\x" + hex2(UInt8(u.value))
                continue
            }
            switch u.properties.generalCategory {
            case .control, .format, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator:
                let h = String(u.value, radix: 16)
                out += u.value <= 0xFFFF
                    ? "\\u" + String(repeating: "0", count: 4 - h.count) + h
                    : "\\U" + String(repeating: "0", count: 8 - h.count) + h
            default:
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
}
