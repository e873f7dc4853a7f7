/// Prose written hard-wrapped in rule files (remediation, descriptions),
/// reflowed for the place it is shown.
enum Prose {
    /// The paragraphs (separated by a blank line), each on one line.
    static func paragraphs(_ text: String) -> [String] {
        var out: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty {
                if !current.isEmpty { out.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { out.append(current.joined(separator: " ")) }
        return out
    }

    /// The text on one line: paragraphs joined by a space.
    static func oneLine(_ text: String) -> String { paragraphs(text).joined(separator: " ") }

    /// Lines of at most `width` characters, broken between words (a longer
    /// word stands alone); nil or a width under 20: one line.
    static func wrap(_ text: String, width: Int?) -> [String] {
        guard let width, width >= 20 else { return [text] }
        var lines: [String] = []
        var line = ""
        var count = 0
        for word in text.split(separator: " ") {
            let n = word.unicodeScalars.count
            if count > 0 && count + 1 + n > width {
                lines.append(line)
                line = ""
                count = 0
            }
            if count > 0 { line += " "; count += 1 }
            line += word
            count += n
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}

extension Prose {
    /// At most `limit` characters of `s`, cut with `…`.
    static func clip(_ s: String, _ limit: Int) -> String {
        guard s.unicodeScalars.count > limit else { return s }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s.unicodeScalars.prefix(limit))
        return String(out) + "…"
    }
}
