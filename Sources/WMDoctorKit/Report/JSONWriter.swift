/// A minimal JSON value whose objects keep the order they were built in, so
/// reports come out byte-for-byte the same every time.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    /// An optional string: null when absent.
    public static func string(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// Pretty JSON with two-space indentation and a final newline.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : -1)
        if pretty { out += "\n" }
        return out
    }

    /// Appends the value as it appears at nesting level `indent` (-1: compact).
    func write(to out: inout String, indent: Int) {
        let pretty = indent >= 0
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? String(d) : "null"
        case .string(let s): JSON.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(to: &out, indent: pretty ? indent + 1 : -1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSON.escape(key, into: &out)
                out += pretty ? ": " : ":"
                value.write(to: &out, indent: pretty ? indent + 1 : -1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    static func escape(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: copy runs that need no escaping as whole slices.
        let utf8 = s.utf8
        var runStart = utf8.startIndex
        var i = utf8.startIndex
        func flush(_ end: String.UTF8View.Index) {
            if runStart < end { out += s[runStart..<end] }
        }
        while i < utf8.endIndex {
            let b = utf8[i]
            // C1 controls (C2 80-9F), U+061C (D8 9C), line separators and bidi
            // controls (E2 80/81 ..) are written as \u escapes: the same string
            // to a JSON reader, nothing that reorders or breaks a line to a person.
            let hostile = (b == 0xC2 || b == 0xD8 || b == 0xE2) && ExportText.isHostile(s.unicodeScalars[i])
            if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") && !hostile {
                i = utf8.index(after: i)
                continue
            }
            flush(i)
            let scalar = s.unicodeScalars[i]
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            i = s.unicodeScalars.index(after: i)
            runStart = i
        }
        flush(utf8.endIndex)
        out += "\""
    }
}
