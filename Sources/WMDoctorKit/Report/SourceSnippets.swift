import Foundation

/// Source lines for snippets, read again from disk only for files that have
/// something to show, with every secret value replaced by `<redacted>`.
public final class SourceSnippets {
    private var cache: [String: [Substring]] = [:]
    private let redactions: [String: [SecretSpan]]
    /// Longest line shown; longer lines are cut around the column.
    public var maxWidth = 160

    public init(redactions: [String: [SecretSpan]]) {
        self.redactions = redactions
    }

    /// The line as shown, with the column (1-based) where the caret goes in it.
    public func line(_ location: SourceLocation) -> (text: String, column: Int)? {
        let lines: [Substring]
        if let cached = cache[location.file] {
            lines = cached
        } else {
            guard let data = FileManager.default.contents(atPath: location.file) else { return nil }
            var text = String(decoding: data, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            cache[location.file] = lines
        }
        guard location.line >= 1, location.line <= lines.count else { return nil }
        var scalars = Array(lines[location.line - 1].unicodeScalars)
        var column = location.column
        // Secret values on this line, right to left so earlier columns stay valid.
        let spans = (redactions[location.file] ?? []).filter { $0.start.line <= location.line && $0.end.line >= location.line }
        for span in spans.sorted(by: { $0.start.column > $1.start.column }) {
            let from = span.start.line == location.line ? max(0, span.start.column - 1) : 0
            let to = span.end.line == location.line ? min(scalars.count, span.end.column - 1) : scalars.count
            guard from < to else { continue }
            let replacement = Array("<redacted>".unicodeScalars)
            scalars.replaceSubrange(from..<to, with: replacement)
            if column - 1 >= to { column += replacement.count - (to - from) }
        }
        // Tabs show as one space so the caret lines up with the character count.
        scalars = scalars.map { $0 == "\t" ? " " : $0 }
        if scalars.count > maxWidth {
            let start = max(0, min(column - 1 - maxWidth / 2, scalars.count - maxWidth))
            let end = min(scalars.count, start + maxWidth)
            scalars = (start > 0 ? Array("…".unicodeScalars) : []) + Array(scalars[start..<end])
                + (end < scalars.count ? Array("…".unicodeScalars) : [])
            column = column - start + (start > 0 ? 1 : 0)
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return (String(s), column)
    }
}
