import Foundation

/// Source lines for snippets, read again from disk only for files that have
/// something to show, with every secret value replaced by ``SecretShapes/placeholder``.
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
            guard let text = Self.read(location.file) else { return nil }
            lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            cache[location.file] = lines
        }
        guard location.line >= 1, location.line <= lines.count else { return nil }
        var scalars = Array(lines[location.line - 1].unicodeScalars)
        var column = location.column
        // Secret values on this line: those the YAML layer recorded, and any
        // `secret_key: value` or secret by its shape the line shows (a file that broke inside one).
        let spans = (redactions[location.file] ?? []).filter { $0.start.line <= location.line && $0.end.line >= location.line }
        var ranges = SecretKeys.valueRanges(inLine: scalars) + SecretShapes.ranges(inLine: scalars)
        for span in spans {
            let from = span.start.line == location.line ? max(0, span.start.column - 1) : 0
            let to = span.end.line == location.line ? min(scalars.count, span.end.column - 1) : scalars.count
            if from < to { ranges.append(from..<to) }
        }
        // Merged, then replaced right to left so earlier columns stay valid.
        var merged: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        for range in merged.reversed() {
            let (from, to) = (range.lowerBound, range.upperBound)
            let replacement = Array(SecretShapes.placeholder.unicodeScalars)
            scalars.replaceSubrange(from..<to, with: replacement)
            if column - 1 >= to { column += replacement.count - (to - from) }
        }
        // Tabs show as one space so the caret lines up with the character count;
        // other control characters (NUL, ESC of a binary file) as U+FFFD, never raw.
        scalars = scalars.map { $0 == "\t" ? " " : $0.properties.generalCategory == .control ? "\u{FFFD}" : $0 }
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

    /// The text of a file shown in snippets: regular files only (never a FIFO
    /// or device), UTF-8 or UTF-16 by their byte-order mark, without the mark.
    static func read(_ path: String) -> String? {
        guard let (buffer, count) = try? InputFile.read(path) else { return nil }
        defer { buffer.deallocate() }
        let bytes = UnsafeBufferPointer(rebasing: buffer[..<count])
        var text: String
        let mark = count >= 2 ? (UInt16(bytes[0]) << 8) | UInt16(bytes[1]) : 0
        if mark == 0xFFFE || mark == 0xFEFF {
            var units: [UInt16] = []
            units.reserveCapacity(count / 2)
            var i = 2
            while i + 1 < count {
                let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
                units.append(mark == 0xFFFE ? (b << 8) | a : (a << 8) | b)
                i += 2
            }
            text = String(decoding: units, as: UTF16.self)
        } else {
            text = String(decoding: bytes, as: UTF8.self)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}
