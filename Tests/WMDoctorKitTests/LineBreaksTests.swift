import Foundation
import XCTest

@testable import WMDoctorKit

/// Positions count lines as editors, GitHub, GitLab and SARIF do (`\n`,
/// `\r\n`, `\r`), not as libyaml, which also breaks lines at NEL, LS and PS:
/// one of those in a quoted value or a comment put every later position a
/// line too low, beside a snippet of another line.
final class LineBreaksTests: XCTestCase {
    /// A text's lines, split only at `\n`, `\r\n` and `\r`, as characters.
    private func lines(_ text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = [[]]
        var afterCR = false
        for c in text.unicodeScalars {
            if c == "\n", afterCR {
                afterCR = false
                continue
            }
            afterCR = c == "\r"
            if c == "\n" || c == "\r" { lines.append([]) } else { lines[lines.count - 1].append(c) }
        }
        return lines
    }

    /// The text from line `line`, column `column` (from 1, in characters) of `lines`.
    private func at(_ lines: [[Unicode.Scalar]], _ line: Int, _ column: Int) -> Substring {
        guard line >= 1, line <= lines.count else { return "<no line \(line)>" }
        let chars = lines[line - 1]
        guard column >= 1, column - 1 <= chars.count else { return "<no column \(column)>" }
        var s = ""
        s.unicodeScalars.append(contentsOf: chars[(column - 1)...])
        return Substring(s)
    }

    private func at(_ text: String, _ line: Int, _ column: Int) -> Substring { at(lines(text), line, column) }

    /// Every scalar event's start, read by `reader`, as the text found there.
    private func scalarsFound(_ reader: YAMLEventReader, in text: String) throws -> [(String, Substring)] {
        var found: [(String, Substring)] = []
        let lines = lines(text)
        while true {
            let event = try reader.next()
            if case .streamEnd = event { break }
            if case .scalar(let s, _, let start, _) = event { found.append((s.text, at(lines, start.line, start.column))) }
        }
        return found
    }

    private let text = "a: \"one\u{2028}two\" # a comment\u{2028}\n"
        + "b: 'x\u{2029}y'\n"
        + "list: [\"p\u{85}q\", after]\r\n"
        + "é: [ü\u{2028}ü]\r"
        + "last: \"ok\u{2028}\u{2029}\"\n"
        + "z: {k: \"v\u{2028}w\", m: n}\n"

    /// Each scalar is where its position says, on the lines a reader counts.
    private func assertPositions(_ found: [(String, Substring)], file: StaticString = #filePath, line: UInt = #line) {
        let expected: [(String, String)] = [
            ("a", "a:"), ("one\u{2028}two", "\"one"), ("b", "b:"), ("x\u{2029}y", "'x"), ("list", "list:"),
            ("p q", "\"p"), ("after", "after]"), ("é", "é:"), ("ü\u{2028}ü", "ü\u{2028}ü"), ("last", "last:"),
            ("ok\u{2028}\u{2029}", "\"ok"), ("z", "z:"), ("k", "k:"), ("v\u{2028}w", "\"v"), ("m", "m:"), ("n", "n}"),
        ]
        XCTAssertEqual(found.map(\.0), expected.map(\.0), file: file, line: line)
        for (f, e) in zip(found, expected) {
            XCTAssertTrue(f.1.hasPrefix(e.1), "\(e.0.debugDescription) found at \(String(f.1).debugDescription)", file: file, line: line)
        }
    }

    func testPositionsFromABuffer() throws {
        assertPositions(try scalarsFound(YAMLEventReader(bytes: Array(text.utf8)), in: text))
        // With a byte-order mark, which is no character.
        assertPositions(try scalarsFound(YAMLEventReader(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8)), in: text))
    }

    /// Long lines of two- and three-byte characters (counted eight bytes at a time) before and after a break.
    func testLongLinesOfWideCharacters() throws {
        let wide = String(repeating: "é€a", count: 211)
        let text = "- {k: \"\(wide)\u{2028}\(wide)\", n: x}\n- \(wide)\u{85}\n- y\n"
        let found = try scalarsFound(YAMLEventReader(bytes: Array(text.utf8)), in: text)
        XCTAssertEqual(found.count, 6)
        for (f, e) in zip(found, ["k:", "\"é€a", "n:", "x}", "é€a", "y"]) {
            XCTAssertTrue(f.1.hasPrefix(e), "\(f.0.prefix(8).debugDescription) found at \(String(f.1.prefix(8)).debugDescription)")
        }
    }

    func testPositionsInUTF16() throws {
        var little: [UInt8] = [0xFF, 0xFE]
        var big: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            little += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            big += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        assertPositions(try scalarsFound(YAMLEventReader(bytes: little), in: text))
        assertPositions(try scalarsFound(YAMLEventReader(bytes: big), in: text))
    }

    /// Seeded random lists of quoted values holding LS, PS, NEL, wide
    /// characters and every line ending, about 40 KB (a file is read in
    /// pieces of 16 KB), read from a buffer, in UTF-16 and from a file:
    /// every value is where its position says.
    func testRandomTextsFromEveryInput() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let pieces = ["a", "b", " ", "é", "€", "😀", "\u{2028}", "\u{2029}", "\u{85}", "x"]
        let endings = ["\n", "\r\n", "\r"]
        for round in 0..<3 {
            var text = ""
            var expected: [String] = []  // what each value's position starts
            while text.utf8.count < 40_000 {
                var content = "v"
                for _ in 0..<next(40) { content += pieces[next(pieces.count)] }
                // In a flow list the value after it is on its line, past any LS, PS or NEL in it.
                let flow = next(4) == 0
                expected += flow ? ["\"" + content, "y]"] : ["\"" + content]
                text += (flow ? "- [\"" + content + "\", y]" : "- \"" + content + "\"") + endings[next(endings.count)]
            }
            var utf16: [UInt8] = [0xFF, 0xFE]
            for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            let path = NSTemporaryDirectory() + "linebreaks-random-\(UUID().uuidString).yaml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let fd = open(path, O_RDONLY)
            XCTAssertGreaterThanOrEqual(fd, 0)
            for (name, reader) in [
                ("buffer", YAMLEventReader(bytes: Array(text.utf8))), ("utf-16", YAMLEventReader(bytes: utf16)),
                ("file", YAMLEventReader(fileDescriptor: fd, maxBytes: 1 << 20)),
            ] {
                let found = try scalarsFound(reader, in: text)
                XCTAssertEqual(found.count, expected.count, "round \(round), \(name)")
                for (f, start) in zip(found, expected) where !f.1.hasPrefix(start) {
                    XCTFail("round \(round), \(name): \(start.debugDescription) found at \(String(f.1.prefix(20)).debugDescription)")
                    break
                }
            }
        }
    }

    /// A reader error (libyaml gives a byte offset) is on the same lines:
    /// `\r\n` one break, a lone `\r` one, NEL and LS none.
    func testReaderErrorsCountTheSameLines() {
        let utf16: [UInt8] = [0xFF, 0xFE] + "a: 1\r\nb: 😀\rc: é".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let cases: [([UInt8], Int, Int)] = [
            (Array("a: 1\r\nb: 2\rc: \u{2028}x\u{85}y ".utf8) + [0xFF], 3, 9),
            (Array("a: 1\r\n\r\nb: ".utf8) + [0xFF], 3, 4),
            // UTF-16 (little endian), a lone low surrogate.
            (utf16 + [0x00, 0xDC], 3, 5),
        ]
        for (bytes, line, column) in cases {
            do {
                let reader = YAMLEventReader(bytes: bytes)
                while true { if case .streamEnd = try reader.next() { break } }
                XCTFail("no error")
            } catch {
                XCTAssertEqual([error.mark.line, error.mark.column], [line, column], "\(error)")
                if bytes.first == 0xFF { XCTAssertTrue(error.message.hasSuffix("(code unit 0xDC00)"), error.message) }
            }
        }
    }

    /// Fed in pieces split anywhere (a break's bytes in two or three pieces),
    /// the breaks found are those of the whole input.
    func testPiecesSplitAnywhere() {
        let cases: [[UInt8]] = [
            Array(text.utf8), [0xEF, 0xBB, 0xBF] + Array(text.utf8),
            [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
            Array("\u{2028}\u{85}\u{2029}x\u{E2}\n".utf8), Array("€\u{2028}\u{20AC}".utf8),
        ]
        for bytes in cases {
            let whole = LineBreaks()
            bytes.withUnsafeBufferPointer { whole.feed($0) }
            XCTAssertFalse(whole.extra.isEmpty)
            for cut1 in 0...bytes.count {
                for cut2 in cut1...min(bytes.count, cut1 + 3) {
                    let pieces = LineBreaks()
                    for r in [0..<cut1, cut1..<cut2, cut2..<bytes.count] {
                        bytes.withUnsafeBufferPointer { pieces.feed(UnsafeBufferPointer(rebasing: $0[r])) }
                    }
                    XCTAssertEqual(pieces.extra.map(\.index), whole.extra.map(\.index), "cut at \(cut1), \(cut2)")
                    XCTAssertEqual(pieces.extra.map(\.columnAfter), whole.extra.map(\.columnAfter), "cut at \(cut1), \(cut2)")
                }
            }
        }
        // An input without any: nothing recorded, marks unchanged.
        let none = LineBreaks()
        Array("a: é ü € \u{2027}\u{202A}\n".utf8).withUnsafeBufferPointer { none.feed($0) }
        XCTAssertTrue(none.extra.isEmpty)
        XCTAssertEqual(none.mark(line: 4, column: 2, index: 99), Mark(line: 5, column: 3))
    }

    /// A file read in libyaml's pieces of 16 KB, an LS across the first
    /// boundary: a finding after it is on its line, at its column, in the
    /// report, and its snippet is that line.
    func testAFindingAfterALineSeparatorInAFile() throws {
        // Pad the first connection's name so the LS straddles byte 16,384.
        let start = "apiVersion: workflow-machine/v1\nkind: Workspace\nworkspace: ls\nconnections:\n  - {id: c1, name: \""
        let pad = String(repeating: "n", count: 16_384 - start.utf8.count - 1)
        let yaml = start + pad + "\u{2028}x\", app: slack, default: true, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}}\n"
            + "workflows:\n  - id: wf\n    name: \"W\u{2028}X\u{2029}\"\n    steps:\n"
            + "      - {id: s1, name: \"a\u{2028}b\", app: slack, action: send_mesage}\n"
        XCTAssertEqual(Array(yaml.utf8)[16_383], 0xE2, "the LS starts just before the boundary")
        let path = NSTemporaryDirectory() + "linebreaks-\(UUID().uuidString).yaml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        let (rules, errors) = RuleSet.load(RuleSet.builtinFiles)
        XCTAssertTrue(errors.isEmpty)
        var report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(paths: [path])
        report.attachSnippets()
        XCTAssertEqual(report.snippets.count, 1, "\(report.snippets)")
        let finding = try XCTUnwrap(report.findings.first { $0.rule.id == "WM203" }, "\(report.findings.map(\.message)) \(report.errors.map(\.message))")
        XCTAssertEqual([finding.location.line, finding.location.column], [10, 51])
        XCTAssertTrue(at(yaml, 10, 51).hasPrefix("send_mesage}"))
        let text = TextReporter().render(report)
        XCTAssertTrue(text.contains(":10:51: error:"), text)
        XCTAssertTrue(text.contains("10 |       - {id: s1, name: \"a\\u{2028}b\", app: slack, action: send_mesage}"), text)
    }
}
