import Foundation
import XCTest

@testable import WMDoctorKit

/// Snippet lines are read from the file's bytes in one pass: every line
/// ending (`\n`, `\r\n`, `\r`), a byte-order mark and UTF-16 give the lines an
/// editor shows.
final class SourceSnippetsTests: XCTestCase {
    private func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "snippets-\(UUID().uuidString).yaml"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private func lines(_ path: String, _ numbers: [Int]) -> [String?] {
        let shown = SourceSnippets(redactions: [:]).lines(numbers.map { SourceLocation(file: path, line: $0, column: 1) })
        return numbers.map { shown[SourceLocation(file: path, line: $0, column: 1)]?.text }
    }

    func testEveryLineEndingAndTheByteOrderMark() throws {
        let path = try file([0xEF, 0xBB, 0xBF] + Array("first: 1\r\nsecond: é\rthird\n\nfifth\n".utf8))
        XCTAssertEqual(lines(path, [1, 2, 3, 4, 5, 6, 7]), ["first: 1", "second: é", "third", "", "fifth", "", nil])
    }

    func testUTF16LittleEndian() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "a: 1\nb: ü\n".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let path = try file(bytes)
        XCTAssertEqual(lines(path, [2, 1]), ["b: ü", "a: 1"])
    }

    func testInvalidUTF8IsReplacedNotFatal() throws {
        let path = try file(Array("ok\n".utf8) + [0x61, 0xFF, 0x62, 0x0A])
        XCTAssertEqual(lines(path, [2]), ["a\u{FFFD}b"])
    }

    /// Every location on one long line (a one-line JSON export has all its
    /// findings there) shows its own window of the line redacted once: the
    /// caret before a secret stays, after it moves by the placeholder, and a
    /// window far right is cut on the left.
    func testLocationsOnOneLongLineShareItsRedaction() throws {
        // The secret is longer than the placeholder: what follows it moves left.
        let path = try file(Array(("aaaaaaaaaa" + String(repeating: "S", count: 14) + String(repeating: "b", count: 195) + "\t" + "\n").utf8))
        let secret = SecretSpan(start: Mark(line: 1, column: 11), end: Mark(line: 1, column: 25))
        let snippets = SourceSnippets(redactions: [path: [secret]])
        let at = [5, 29, 150].map { SourceLocation(file: path, line: 1, column: $0) }
        let shown = snippets.lines(at + [SourceLocation(file: path, line: 2, column: 1)])
        let p = SecretShapes.placeholder
        let k = p.unicodeScalars.count
        let whole = "aaaaaaaaaa" + p + String(repeating: "b", count: 195) + " "
        let scalars = Array(whole.unicodeScalars)
        func text(_ range: Range<Int>) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[range])
            return String(v)
        }
        XCTAssertEqual(shown[at[0]]?.text, text(0..<160) + "…")
        XCTAssertEqual(shown[at[0]]?.column, 5)
        XCTAssertEqual(shown[at[1]]?.text, text(0..<160) + "…")
        XCTAssertEqual(shown[at[1]]?.column, 29 + k - 14)
        XCTAssertEqual(shown[at[2]]?.text, "…" + text((46 + k)..<scalars.count))
        XCTAssertEqual(shown[at[2]]?.column, 91)
        XCTAssertFalse(shown.values.contains { $0.text.contains("SSS") })
        XCTAssertEqual(shown[SourceLocation(file: path, line: 2, column: 1)]?.text, "")
        for l in at { XCTAssertEqual(snippets.line(l)?.text, shown[l]?.text) }
    }
    /// A line is held in bytes when ASCII, in 16 bits when no character is
    /// beyond U+FFFF, else in scalars: each kind shows the same windows, caret
    /// columns and redactions, a tab as a space and another control character
    /// as U+FFFD.
    func testEveryKindOfLineShowsTheSameWindows() throws {
        for c in ["a", "é", "😀"] {
            let filler = { (n: Int) in String(repeating: c, count: n) }
            // A recorded span (14 S), a `{password: value}` the line shows itself, a tab and an ESC.
            let written = filler(10) + String(repeating: "S", count: 14) + filler(100) + " {password: hunter2} " + filler(95) + "\t\u{1B}"
            let path = try file(Array((written + "\n").utf8))
            let secret = SecretSpan(start: Mark(line: 1, column: 11), end: Mark(line: 1, column: 25))
            let snippets = SourceSnippets(redactions: [path: [secret]])
            let at = [5, 29, 220].map { SourceLocation(file: path, line: 1, column: $0) }
            let shown = snippets.lines(at)
            let p = SecretShapes.placeholder
            let k = p.unicodeScalars.count
            let whole = Array((filler(10) + p + filler(100) + " {password: " + p + "} " + filler(95) + " \u{FFFD}").unicodeScalars)
            func text(_ range: Range<Int>) -> String {
                var v = String.UnicodeScalarView()
                v.append(contentsOf: whole[range])
                return String(v)
            }
            XCTAssertEqual(shown[at[0]]?.text, text(0..<160) + "…", c)
            XCTAssertEqual(shown[at[0]]?.column, 5, c)
            XCTAssertEqual(shown[at[1]]?.column, 29 + k - 14, c)
            // Column 220 is after both secrets: "hunter2" (7) became the placeholder too.
            let column = 220 + (k - 14) + (k - 7)
            let start = whole.count - 160
            XCTAssertEqual(shown[at[2]]?.text, "…" + text(start..<whole.count), c)
            XCTAssertEqual(shown[at[2]]?.column, column - start + 1, c)
            XCTAssertFalse(shown.values.contains { $0.text.contains("SSS") || $0.text.contains("hunter2") }, c)
        }
    }
    /// A file is read a chunk at a time: its lines are the same wherever the
    /// chunks end, also between `\r` and `\n`.
    func testLinesAreTheSameWhereverTheChunksEnd() {
        let bytes = Array("a\r\nbb\rccc\n\r\n\rd\r".utf8)
        let expected: [Int: Range<Int>] = [1: 0..<1, 2: 3..<5, 3: 6..<9, 4: 10..<10, 5: 12..<12, 6: 13..<14, 7: 15..<15]
        bytes.withUnsafeBufferPointer { all in
            for i in 0...all.count {
                for j in i...all.count {
                    var lines = LineRanges(wanted: Set(1...8))
                    for piece in [0..<i, i..<j, j..<all.count] where !piece.isEmpty {
                        lines.feed(UnsafeBufferPointer(rebasing: all[piece]))
                    }
                    lines.finish()
                    XCTAssertEqual(lines.ranges, expected, "pieces end at \(i) and \(j)")
                }
            }
        }
        // Only the lines wanted; a byte-order mark's bytes are not fed.
        var some = LineRanges(wanted: [2, 9], from: 3)
        some.feed(UnsafeBufferPointer(start: nil, count: 0))
        Array("x\ny".utf8).withUnsafeBufferPointer { some.feed($0) }
        some.finish()
        XCTAssertEqual(some.ranges, [2: 5..<6])
    }
    /// Lines of every kind, secrets found by key, by shape and by recorded
    /// span, tabs, controls and invalid bytes, every column, a narrow and the
    /// usual window: ``PreparedLine`` shows exactly what the earlier
    /// implementation (every line as scalars, each secret replaced in place,
    /// controls replaced over the whole line; kept here as `reference`) showed.
    func testPreparedLinesShowWhatTheScalarReferenceShows() {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        let pieces: [[UInt8]] = [
            "a", "b", " ", ":", ": ", "é", "😀", "名", "\t", "\u{1B}", "password", "token", "\"", "'", "{", "}", ",", "[",
            "sk_live_", "ghp_", "0123456789abcdefghijABCDEFGHIJ", "xoxb-",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3]]
        for _ in 0..<600 {
            let bytes = (0..<next(40)).flatMap { _ in pieces[next(pieces.count)] }
            let count = String(decoding: bytes, as: UTF8.self).unicodeScalars.count
            var spans: [SecretSpan] = []
            if count > 1, next(2) == 0 {
                let a = next(count)
                spans.append(SecretSpan(start: Mark(line: 1, column: a + 1), end: Mark(line: next(3) == 0 ? 2 : 1, column: a + 1 + next(count - a + 1))))
            }
            let prepared = PreparedLine(bytes, number: 1, spans: spans)
            for width in [7, 160] {
                for column in 1...(count + 2) {
                    let got = prepared.shown(column: column, maxWidth: width)
                    let want = Self.reference(bytes, spans: spans, column: column, maxWidth: width)
                    XCTAssertEqual(got.text, want.text, "\(bytes) column \(column)")
                    XCTAssertEqual(got.column, want.column, "\(bytes) column \(column)")
                }
            }
        }
    }

    /// Line 1 `bytes` as snippets showed it before ``PreparedLine``.
    private static func reference(_ bytes: [UInt8], spans: [SecretSpan], column written: Int, maxWidth: Int) -> (text: String, column: Int) {
        var scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var ranges = SecretKeys.valueRanges(inLine: scalars) + SecretShapes.ranges(inLine: scalars)
        for span in spans {
            let from = span.start.line == 1 ? max(0, span.start.column - 1) : 0
            let to = span.end.line == 1 ? min(scalars.count, span.end.column - 1) : scalars.count
            if from < to { ranges.append(from..<to) }
        }
        var merged: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        let replacement = Array(SecretShapes.placeholder.unicodeScalars)
        for range in merged.reversed() { scalars.replaceSubrange(range, with: replacement) }
        for i in scalars.indices {
            if scalars[i] == "\t" {
                scalars[i] = " "
            } else if scalars[i].properties.generalCategory == .control {
                scalars[i] = "\u{FFFD}"
            }
        }
        var column = written
        for range in merged.reversed() where column - 1 >= range.upperBound { column += replacement.count - range.count }
        var shown = ArraySlice(scalars)
        var (prefix, suffix) = (false, false)
        if shown.count > maxWidth {
            let start = max(0, min(column - 1 - maxWidth / 2, shown.count - maxWidth))
            let end = min(shown.count, start + maxWidth)
            (prefix, suffix) = (start > 0, end < shown.count)
            shown = shown[start..<end]
            column = column - start + (start > 0 ? 1 : 0)
        }
        var s = String.UnicodeScalarView()
        if prefix { s.append("…") }
        s.append(contentsOf: shown)
        if suffix { s.append("…") }
        return (String(s), column)
    }
}
