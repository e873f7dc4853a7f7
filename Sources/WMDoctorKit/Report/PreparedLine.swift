/// A source line ready for snippets: its secret values replaced by
/// ``SecretShapes/placeholder`` once, however many locations on it are shown.
/// A line is kept in the smallest units that hold each of its characters
/// whole: bytes for ASCII, 16 bits when no character is beyond U+FFFF, else
/// Unicode scalars (32 bits). A one-line JSON export is one line of millions
/// of characters: 90 MB of it held as scalars took 360 MB. Control
/// characters are replaced only in the windows shown (``SnippetUnit/shown``):
/// they never change a line's length.
enum PreparedLine {
    case ascii(Units<UInt8>)
    case bmp(Units<UInt16>)
    case scalars(Units<Unicode.Scalar>)

    /// A line's units, redacted, and the ranges replaced (left to right, in
    /// the line as written) with their replacements' lengths.
    struct Units<Unit: SnippetUnit> {
        let units: [Unit]
        let replaced: [(range: Range<Int>, length: Int)]
    }

    /// Line `number` of a file from its UTF-8 `bytes` (invalid sequences shown
    /// as U+FFFD), its `spans` (those the YAML layer recorded) and the secret
    /// values the line itself shows redacted.
    init(_ bytes: consuming [UInt8], number: Int, spans: [SecretSpan]) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            self = .ascii(Units(bytes, number: number, spans: spans))
            return
        }
        switch Self.decode(bytes) {
        case .bmp(let units): self = .bmp(Units(units, number: number, spans: spans))
        case .scalars(let units): self = .scalars(Units(units, number: number, spans: spans))
        }
    }

    private enum Decoded {
        case bmp([UInt16])
        case scalars([Unicode.Scalar])
    }

    /// `bytes` decoded (repaired as `String(decoding:as:)` repairs), a unit per
    /// character; the bytes and the text let go before the units are used.
    private static func decode(_ bytes: consuming [UInt8]) -> Decoded {
        let text = String(decoding: bytes, as: UTF8.self)
        bytes = []
        let scalars = text.unicodeScalars
        var (count, wide) = (0, false)
        for s in scalars {
            count += 1
            if s.value > 0xFFFF { wide = true }
        }
        if wide {
            var units: [Unicode.Scalar] = []
            units.reserveCapacity(count)
            units.append(contentsOf: scalars)
            return .scalars(units)
        }
        var units: [UInt16] = []
        units.reserveCapacity(count)
        for s in scalars { units.append(UInt16(truncatingIfNeeded: s.value)) }
        return .bmp(units)
    }

    /// The line as a snippet at `column` (of the line as written) shows it, cut
    /// to `maxWidth` characters around the column; with the caret's column in it.
    func shown(column: Int, maxWidth: Int) -> (text: String, column: Int) {
        switch self {
        case .ascii(let u): return u.shown(column: column, maxWidth: maxWidth)
        case .bmp(let u): return u.shown(column: column, maxWidth: maxWidth)
        case .scalars(let u): return u.shown(column: column, maxWidth: maxWidth)
        }
    }
}

extension PreparedLine.Units {
    /// `units` of line `number` with the secret values the line shows (by
    /// key, by shape) and the parts of `spans` on this line replaced, in one pass.
    init(_ units: consuming [Unit], number: Int, spans: [SecretSpan]) {
        var ranges = SecretKeys.valueRanges(inLine: units.lazy.map { $0.scalar }) + Unit.shapeRanges(units)
        for span in spans {
            let from = span.start.line == number ? max(0, span.start.column - 1) : 0
            let to = span.end.line == number ? min(units.count, span.end.column - 1) : units.count
            if from < to { ranges.append(from..<to) }
        }
        // Merged, then copied around once (replacing each in place would move
        // the rest of the line for every secret: quadratic on a one-line export).
        var merged: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        let replacement = Unit.units(of: SecretShapes.placeholder)
        replaced = merged.map { ($0, replacement.count) }
        guard !merged.isEmpty else {
            self.units = units
            return
        }
        var out: [Unit] = []
        out.reserveCapacity(units.count - merged.reduce(0) { $0 + $1.count } + merged.count * replacement.count)
        var at = 0
        for r in merged {
            out.append(contentsOf: units[at..<r.lowerBound])
            out.append(contentsOf: replacement)
            at = r.upperBound
        }
        out.append(contentsOf: units[at...])
        self.units = out
    }

    func shown(column written: Int, maxWidth: Int) -> (text: String, column: Int) {
        var column = written
        // Right to left, as the ranges were replaced.
        for (range, length) in replaced.reversed() where column - 1 >= range.upperBound {
            column += length - range.count
        }
        var window = units.indices
        var (prefix, suffix) = (false, false)
        if window.count > maxWidth {
            let start = max(0, min(column - 1 - maxWidth / 2, units.count - maxWidth))
            let end = min(units.count, start + maxWidth)
            (prefix, suffix) = (start > 0, end < units.count)
            window = start..<end
            column = column - start + (start > 0 ? 1 : 0)
        }
        var s = String.UnicodeScalarView()
        if prefix { s.append("…") }
        for i in window { s.append(units[i].shown) }
        if suffix { s.append("…") }
        return (String(s), column)
    }
}

/// A unit of a ``PreparedLine``: a byte of an ASCII line, 16 bits of a line
/// without characters beyond U+FFFF, or a Unicode scalar.
protocol SnippetUnit {
    /// The character, as written.
    var scalar: Unicode.Scalar { get }
    /// Where secrets by shape sit in a line of these units (``SecretShapes``).
    static func shapeRanges(_ line: [Self]) -> [Range<Int>]
    /// The character as a snippet shows it: a tab as one space (so the caret
    /// lines up with the character count), another control character (NUL, ESC
    /// of a binary file) as U+FFFD, never raw.
    var shown: Unicode.Scalar { get }
    /// `text` (ASCII for a byte line) as units.
    static func units(of text: String) -> [Self]
}

extension UInt8: SnippetUnit {
    var scalar: Unicode.Scalar { Unicode.Scalar(self) }
    static func shapeRanges(_ line: [UInt8]) -> [Range<Int>] { SecretShapes.ranges(inLine: line) }

    var shown: Unicode.Scalar {
        if self == 0x09 { return " " }
        return self < 0x20 || self == 0x7F ? "\u{FFFD}" : Unicode.Scalar(self)
    }

    /// `text` must be ASCII (the placeholder is).
    static func units(of text: String) -> [UInt8] { Array(text.utf8) }
}

extension UInt16: SnippetUnit {
    /// Never a surrogate: the units are a line's characters below U+10000.
    var scalar: Unicode.Scalar { Unicode.Scalar(UInt32(self)) ?? "\u{FFFD}" }
    static func shapeRanges(_ line: [UInt16]) -> [Range<Int>] { SecretShapes.ranges(inLine: line) }
    var shown: Unicode.Scalar { scalar.shown }

    /// `text` must be below U+10000 (the placeholder is).
    static func units(of text: String) -> [UInt16] { text.unicodeScalars.map { UInt16(truncatingIfNeeded: $0.value) } }
}

extension Unicode.Scalar: SnippetUnit {
    var scalar: Unicode.Scalar { self }
    static func shapeRanges(_ line: [Unicode.Scalar]) -> [Range<Int>] { SecretShapes.ranges(inLine: line) }

    var shown: Unicode.Scalar {
        if self == "\t" { return " " }
        return properties.generalCategory == .control ? "\u{FFFD}" : self
    }

    static func units(of text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }
}
