/// Text that comes from an export (names, ids, messages, file names) shown so
/// that it cannot break out of its place: every character that could end a
/// line, move a terminal's cursor, start an escape sequence or reorder what a
/// reader sees is written as a visible escape (`\n`, `\r`, `\t`, `\u{1B}`,
/// `\u{202E}`). Each output kind adds its own markup escaping on top
/// (`terminalSafe`, `GitHubReporter.data`, `MarkdownReporter.cell`,
/// `HTML.escape`, `XML.text`), so no report line can begin with export text.
public enum ExportText {
    /// Control characters (C0, DEL, C1), line and paragraph separators, and the
    /// bidi embeddings, overrides, isolates and marks.
    public static func isHostile(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// `s` with every hostile character escaped visibly; other text unchanged.
    public static func visible(_ s: String) -> String {
        // Most text needs nothing: printable ASCII.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        var out = ""
        for c in s.unicodeScalars { append(c, to: &out) }
        return out
    }

    /// Appends `c`, escaped when hostile.
    static func append(_ c: Unicode.Scalar, to out: inout String) {
        guard isHostile(c) else { return out.unicodeScalars.append(c) }
        switch c {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default: out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
        }
    }
}

/// Text a terminal shows as written: export text with every control and bidi
/// character escaped (`\n`, `\u{1B}`), so it can neither start a line (a CI
/// workflow command) nor an escape sequence. The text and GitHub reports and
/// the inventory use it.
func terminalSafe(_ s: String) -> String { ExportText.visible(s) }
