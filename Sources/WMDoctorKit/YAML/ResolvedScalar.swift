/// What a scalar means under the YAML 1.2 core schema. Quoted scalars, and
/// scalars tagged `!!str`, are always strings.
public enum ResolvedScalar: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)

    public init(_ scalar: YAMLScalar) {
        guard Self.resolvesPlain(scalar) else {
            self = .string(scalar.text)
            return
        }
        self = ResolvedScalar.resolvePlain(scalar.text)
    }

    /// `ResolvedScalar(scalar) == .null` without resolving (nor copying) the
    /// text: most values checked for null are names.
    public static func isNull(_ scalar: YAMLScalar) -> Bool {
        isNullSpelling(scalar.text) && resolvesPlain(scalar)
    }

    /// False when the scalar is a string whatever its text: quoted, or tagged `!!str` or `!`.
    private static func resolvesPlain(_ scalar: YAMLScalar) -> Bool {
        if let tag = scalar.tag, tag == "tag:yaml.org,2002:str" || tag == "!" { return false }
        return scalar.style == .plain
    }

    /// The null spellings of the core schema (an empty scalar among them),
    /// by length first: no other text is canonically equal to one of them.
    private static func isNullSpelling(_ t: String) -> Bool {
        switch t.utf8.count {
        case 0: return true
        case 1: return t.utf8.first == UInt8(ascii: "~")
        case 4: return t == "null" || t == "Null" || t == "NULL"
        default: return false
        }
    }

    static func resolvePlain(_ t: String) -> ResolvedScalar {
        // Most plain scalars are names: only an empty scalar or one of at most
        // five bytes starting with one of `~nNtTfF.+-` can be a keyword below,
        // so the rest skip the string compares.
        let u = t.utf8
        guard let first = u.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
            if u.count <= 5, let keyword = keyword(t) { return keyword }
        default: break
        }
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39)
        else { return .string(t) }
        if let i = parseInt(t) { return .int(i) }
        if isFloatSyntax(t), let d = Double(t) { return .float(d) }
        return .string(t)
    }

    /// The null, boolean and special float spellings of the core schema.
    private static func keyword(_ t: String) -> ResolvedScalar? {
        if isNullSpelling(t) { return .null }
        switch t {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: return nil
        }
    }

    private static func parseInt(_ t: String) -> Int64? {
        if t.hasPrefix("0x") { return Int64(t.dropFirst(2), radix: 16) }
        if t.hasPrefix("0o") { return Int64(t.dropFirst(2), radix: 8) }
        var digits = Substring(t)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(t)
    }

    /// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
    private static func isFloatSyntax(_ t: String) -> Bool {
        var u = Substring(t).utf8[...]
        func digits() -> Int {
            var n = 0
            while let c = u.first, c >= 0x30 && c <= 0x39 { u = u.dropFirst(); n += 1 }
            return n
        }
        if let c = u.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") { u = u.dropFirst() }
        let intDigits = digits()
        var fracDigits = 0
        if u.first == UInt8(ascii: ".") { u = u.dropFirst(); fracDigits = digits() }
        guard intDigits + fracDigits > 0 else { return false }
        if let c = u.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            u = u.dropFirst()
            if let s = u.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") { u = u.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return u.isEmpty
    }

    /// How the value reads in a message: `a boolean (true)`, `the string "x"`.
    public var phrase: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "a boolean (\(b))"
        case .int(let i): return "a number (\(i))"
        case .float(let d): return "a number (\(d))"
        case .string(let s): return "the string \(quoted(s))"
        }
    }
}

/// A string as it appears in messages: double-quoted, control characters
/// escaped, cut after 60 characters.
public func quoted(_ s: String, limit: Int = 60) -> String {
    // Most texts quoted are ids and names of printable ASCII with no quote or
    // backslash: they stand as they are (a scalar is a byte there).
    let utf8 = s.utf8
    if utf8.count <= limit, utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
        return "\"" + s + "\""
    }
    var out = "\""
    var n = 0
    for scalar in s.unicodeScalars {
        if n == limit { out += "…"; break }
        n += 1
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
