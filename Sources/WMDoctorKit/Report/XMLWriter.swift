/// A small XML 1.0 element tree that serializes deterministically: attributes
/// in the order given, two-space indentation. Text is escaped (`XML.text`):
/// an element's own lines are `lines`, each escaped, joined by line breaks.
public struct XMLNode: Sendable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [XMLNode]
    /// Character data, lines joined by line breaks; an element has either text or children.
    public var lines: [String]

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [XMLNode] = [], text: String? = nil) {
        self.init(name, attributes, children: children, lines: text.map { [$0] } ?? [])
    }

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [XMLNode] = [], lines: [String]) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.lines = lines
    }

    /// The document, with an XML declaration and a final newline.
    public func document() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        write(to: &out, indent: 0)
        return out
    }

    /// Appends the element as it appears at nesting level `indent`.
    func write(to out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        out += pad + "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(XML.attribute(value))\"" }
        if !lines.isEmpty, lines != [""] {
            out += ">" + lines.map(XML.text).joined(separator: "\n") + "</" + name + ">\n"
        } else if children.isEmpty {
            out += "/>\n"
        } else {
            out += ">\n"
            for child in children { child.write(to: &out, indent: indent + 1) }
            out += pad + "</" + name + ">\n"
        }
    }
}

/// Escaping for XML 1.0.
public enum XML {
    /// Whether XML 1.0 allows the character at all (escaped or not).
    public static func isAllowed(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Character data: `& < >` escaped, control and bidi characters (line
    /// breaks too) shown escaped (`\n`, `\u{1B}`: `ExportText`), characters
    /// XML cannot hold dropped.
    public static func text(_ s: String) -> String { escape(s, attribute: false) }

    /// An attribute value in double quotes: also `" '` escaped.
    public static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    private static func escape(_ s: String, attribute: Bool) -> String {
        // Most names and values need nothing: printable ASCII without markup characters.
        if s.utf8.allSatisfy({ b in
            b >= 0x20 && b < 0x7F && b != UInt8(ascii: "&") && b != UInt8(ascii: "<") && b != UInt8(ascii: ">")
                && (!attribute || (b != UInt8(ascii: "\"") && b != UInt8(ascii: "'")))
        }) {
            return s
        }
        var out = ""
        for c in s.unicodeScalars where isAllowed(c) || ExportText.isHostile(c) {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            default: ExportText.append(c, to: &out)
            }
        }
        return out
    }
}
