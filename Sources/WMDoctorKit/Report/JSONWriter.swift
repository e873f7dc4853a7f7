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
    /// A value written straight into the text by a ``JSONStream`` (no tree built).
    case stream(@Sendable (inout JSONStream) -> Void)

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    /// An optional string: null when absent.
    public static func string(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// Pretty JSON with two-space indentation and a final newline.
    public func serialized(pretty: Bool = true) -> String {
        var out: [UInt8] = []
        write(bytes: &out, indent: pretty ? 0 : -1)
        if pretty { out.append(0x0A) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as it appears at nesting level `indent` (-1: compact).
    func write(to out: inout String, indent: Int) {
        var bytes: [UInt8] = []
        write(bytes: &bytes, indent: indent)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the value's UTF-8 as it appears at nesting level `indent` (-1: compact).
    func write(bytes out: inout [UInt8], indent: Int) {
        let pretty = indent >= 0
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .double(let d): out += (d.isFinite ? String(d) : "null").utf8
        case .string(let s): JSON.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty { return out += "[]".utf8 }
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSON.newline(indent + 1, into: &out) }
                item.write(bytes: &out, indent: pretty ? indent + 1 : -1)
            }
            if pretty { JSON.newline(indent, into: &out) }
            out.append(UInt8(ascii: "]"))
        case .stream(let write):
            var s = JSONStream(level: indent)
            swap(&s.out, &out)
            write(&s)
            swap(&s.out, &out)
        case .object(let members):
            if members.isEmpty { return out += "{}".utf8 }
            out.append(UInt8(ascii: "{"))
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { JSON.newline(indent + 1, into: &out) }
                JSON.escape(key, into: &out)
                out += (pretty ? ": " : ":").utf8
                value.write(bytes: &out, indent: pretty ? indent + 1 : -1)
            }
            if pretty { JSON.newline(indent, into: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A line break and the indentation of nesting level `level`.
    static func newline(_ level: Int, into out: inout [UInt8]) {
        let count = 1 + 2 * level
        if count <= indented.utf8CodeUnitCount {
            out.append(contentsOf: UnsafeBufferPointer(start: indented.utf8Start, count: count))
        } else {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
        }
    }

    /// A line break and the indentation of the first 16 levels, in the
    /// binary's constant bytes: no array is retained per line by the
    /// threads that write a report's windows side by side.
    private static let indented: StaticString = "\n                                "

    /// `s` as a JSON string (for reporters writing text).
    static func escape(_ s: String, into out: inout String) {
        var bytes: [UInt8] = []
        escape(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// `s` as a JSON string: quotes, backslashes and control characters
    /// escaped; C1 controls (C2 80-9F), U+061C (D8 9C), line separators and
    /// bidi controls (E2 80/81 ..) written as \u escapes: the same string to a
    /// JSON reader, nothing that reorders or breaks a line to a person.
    static func escape(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Read where it lies: a `var` copy of the text (for `withUTF8`) counted a
        // reference on it, which the threads writing a report's windows side
        // by side share for the texts every finding holds (the file, the rule's).
        let read = s.utf8.withContiguousStorageIfAvailable { bytes in
            escapeBytes(bytes, into: &out)
            return true
        }
        if read == nil {
            var s = s
            s.withUTF8 { escapeBytes($0, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A string's UTF-8 bytes, escaped (``escape(_:into:)``, without its quotes).
    private static func escapeBytes(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var runStart = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if isPlain(b) {
                i += 1
                continue
            }
            // The scalar starting here (a lead byte of 0xC2, 0xD8 or 0xE2 starts a 2- or 3-byte one).
            let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : 3
            guard i + length <= bytes.count,
                  let scalar = Self.scalar(bytes, at: i, length: length),
                  length == 1 || ExportText.isHostile(scalar)
            else {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
            switch scalar {
            case "\"": out += "\\\"".utf8
            case "\\": out += "\\\\".utf8
            case "\n": out += "\\n".utf8
            case "\r": out += "\\r".utf8
            case "\t": out += "\\t".utf8
            default:
                let hex = String(scalar.value, radix: 16)
                out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
            }
            i += length
            runStart = i
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
    }

    /// Whether byte `b` is written as it is, whatever follows: not a
    /// control, a quote or a backslash, nor the lead byte of a scalar that
    /// may be escaped (C2, D8, E2). One bit of four constant words a byte,
    /// instead of six comparisons or a table each thread would retain.
    @inline(__always) private static func isPlain(_ b: UInt8) -> Bool {
        let word: UInt64
        switch b >> 6 {
        case 0: word = 0xFFFF_FFFB_0000_0000  // 0x20-0x3F but the quote (0x22)
        case 1: word = 0xFFFF_FFFF_EFFF_FFFF  // 0x40-0x7F but the backslash (0x5C)
        case 2: word = 0xFFFF_FFFF_FFFF_FFFF  // continuation bytes
        default: word = ~(1 << 2 | 1 << 24 | 1 << 34)  // lead bytes but C2, D8 and E2
        }
        return word >> UInt64(b & 63) & 1 != 0
    }

    /// The scalar of the `length` UTF-8 bytes at `i` (valid UTF-8: a Swift string's).
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Unicode.Scalar? {
        switch length {
        case 1: return Unicode.Scalar(bytes[i])
        case 2: return Unicode.Scalar(UInt32(bytes[i] & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F))
        default: return Unicode.Scalar(UInt32(bytes[i] & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F))
        }
    }
}
