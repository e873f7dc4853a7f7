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
    /// without the mark. Lines end at `\n`, `\r\n` or `\r`. A UTF-8 file is
    /// read a chunk at a time to find its lines, then only those lines are
    /// read again (a 100 MB export is never held whole: its snippets came to
    /// 100 MB above the report's other memory); a UTF-16 file is converted whole.
    static func read(_ path: String, lines wanted: Set<Int>) -> [Int: [UInt8]]? {
        guard let (fd, size) = try? InputFile.open(path) else { return nil }
        defer { close(fd) }
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: min(max(size, 3), 1 << 20))
        defer { chunk.deallocate() }
        var total = 0
        var scanner: LineRanges?
        while total < size {
            // A file that cannot be read shows no snippet (not empty lines).
            guard let n = fill(fd, chunk, at: total, upTo: min(chunk.count, size - total)) else { return nil }
            guard n > 0 else { break }
            defer { total += n }
            if scanner == nil {
                let mark = n >= 2 ? (UInt16(chunk[0]) << 8) | UInt16(chunk[1]) : 0
                if mark == 0xFFFE || mark == 0xFEFF { return utf16(path, lines: wanted) }
                let bom = n >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF ? 3 : 0
                scanner = LineRanges(wanted: wanted, from: bom)
                scanner?.feed(UnsafeBufferPointer(rebasing: chunk[bom..<n]))
            } else {
                scanner?.feed(UnsafeBufferPointer(rebasing: chunk[..<n]))
            }
            if scanner?.done == true { break }
        }
        var lines = scanner ?? LineRanges(wanted: wanted)
        lines.finish()
        var out: [Int: [UInt8]] = [:]
        for (number, range) in lines.ranges {
            // Read again exactly: a line is held once, at its size (a one-line export's is the whole file).
            var failed = false
            out[number] = Array(unsafeUninitializedCapacity: range.count) { buffer, count in
                let n = fill(fd, buffer, at: range.lowerBound, upTo: range.count)
                failed = n == nil
                count = n ?? 0
            }
            if failed { return nil }
        }
        return out
    }

    /// Reads up to `count` bytes of `fd` at `offset` into `buffer`; how many
    /// (fewer at the end of the file), nil on an error.
    private static func fill(_ fd: Int32, _ buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int, upTo count: Int) -> Int? {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < count {
            let n = pread(fd, base + filled, count - filled, off_t(offset + filled))
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        return filled
    }

    /// The lines `wanted` of a UTF-16 file (by its byte-order mark), converted whole to UTF-8.
    private static func utf16(_ path: String, lines wanted: Set<Int>) -> [Int: [UInt8]]? {
        guard let (buffer, count) = try? InputFile.read(path) else { return nil }
        defer { buffer.deallocate() }
        let bytes = UnsafeBufferPointer(rebasing: buffer[..<count])
        let mark = count >= 2 ? (UInt16(bytes[0]) << 8) | UInt16(bytes[1]) : 0
        var units: [UInt16] = []
        units.reserveCapacity(count / 2)
        var i = 2
        while i + 1 < count {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(mark == 0xFFFE ? (b << 8) | a : (a << 8) | b)
            i += 2
        }
        let utf8 = Array(String(decoding: units, as: UTF16.self).utf8)
        return utf8.withUnsafeBufferPointer { bytes in
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
            var lines = LineRanges(wanted: wanted, from: bom)
            lines.feed(UnsafeBufferPointer(rebasing: bytes[bom...]))
            lines.finish()
            return lines.ranges.mapValues { Array(UnsafeBufferPointer(rebasing: bytes[$0])) }
        }
    }
}
