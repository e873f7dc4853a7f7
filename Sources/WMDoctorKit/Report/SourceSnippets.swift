import Foundation

/// Source lines for snippets, read again from disk only for files that have
/// something to show, with every secret value replaced by ``SecretShapes/placeholder``.
public final class SourceSnippets {
    private let redactions: [String: [SecretSpan]]
    /// Longest line shown; longer lines are cut around the column.
    public var maxWidth = 160

    public init(redactions: [String: [SecretSpan]]) {
        self.redactions = redactions
    }

    /// The line as shown, with the column (1-based) where the caret goes in it.
    public func line(_ location: SourceLocation) -> (text: String, column: Int)? {
        lines([location])[location]
    }

    /// The lines of `locations` as shown, each file read once (one pass over
    /// its bytes keeping only the lines asked for) and let go before the next:
    /// a 100 MB export is never held as text nor split into all its lines.
    /// Each line is redacted once, however many locations it has (a one-line
    /// JSON export has every finding on its one line).
    public func lines(_ locations: [SourceLocation]) -> [SourceLocation: (text: String, column: Int)] {
        var byFile: [UInt32: [SourceLocation]] = [:]
        for l in locations where l.line >= 1 { byFile[l.fileID, default: []].append(l) }
        var out: [SourceLocation: (text: String, column: Int)] = [:]
        for group in byFile.values {
            let numbers = Set(group.map(\.line))
            guard let file = group.first?.file, var raw = Self.read(file, lines: numbers) else { continue }
            let spans = spansByLine(redactions[file] ?? [], lines: numbers)
            var prepared: [Int: PreparedLine] = [:]
            for l in group where out[l] == nil {
                if let p = prepared[l.line] {
                    out[l] = p.shown(column: l.column, maxWidth: maxWidth)
                } else if let bytes = raw.removeValue(forKey: l.line) {
                    // The bytes are let go once prepared (a one-line export's line is the whole file).
                    let p = PreparedLine(bytes, number: l.line, spans: spans[l.line] ?? [])
                    prepared[l.line] = p
                    out[l] = p.shown(column: l.column, maxWidth: maxWidth)
                }
            }
        }
        return out
    }

    /// The secret spans that touch each of `lines`.
    private func spansByLine(_ spans: [SecretSpan], lines: Set<Int>) -> [Int: [SecretSpan]] {
        var out: [Int: [SecretSpan]] = [:]
        for span in spans where span.end.line >= span.start.line {
            if span.end.line - span.start.line < lines.count {
                for n in span.start.line...span.end.line where lines.contains(n) { out[n, default: []].append(span) }
            } else {
                for n in lines where span.start.line <= n && n <= span.end.line { out[n, default: []].append(span) }
            }
        }
        return out
    }

    /// The lines numbered `wanted` of a file shown in snippets, as UTF-8 bytes
    /// (not yet checked: ``PreparedLine`` decodes them): regular files only
    /// (never a FIFO or device), UTF-8 or UTF-16 by their byte-order mark,
    /// without the mark. Lines end at `\n`, `\r\n` or `\r`.
    static func read(_ path: String, lines wanted: Set<Int>) -> [Int: [UInt8]]? {
        guard let (buffer, count) = try? InputFile.read(path) else { return nil }
        defer { buffer.deallocate() }
        let bytes = UnsafeBufferPointer(rebasing: buffer[..<count])
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
            var utf8 = Array(String(decoding: units, as: UTF16.self).utf8)
            return utf8.withUnsafeMutableBufferPointer { lines(UnsafeBufferPointer($0), wanted) }
        }
        return lines(bytes, wanted)
    }

    /// One pass over UTF-8 `bytes` (a leading byte-order mark dropped), copying only the lines `wanted`.
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>, _ wanted: Set<Int>) -> [Int: [UInt8]] {
        var out: [Int: [UInt8]] = [:]
        guard let last = wanted.max() else { return out }
        var start = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var number = 1
        var i = start
        while number <= last {
            while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
            if wanted.contains(number) { out[number] = Array(UnsafeBufferPointer(rebasing: bytes[start..<i])) }
            if i >= bytes.count { break }
            i += bytes[i] == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A ? 2 : 1
            start = i
            number += 1
        }
        return out
    }
}
