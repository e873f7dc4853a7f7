import Foundation
import XCTest

@testable import WMDoctorKit

/// A text report's caret stands under its column in a terminal: CJK
/// characters and emoji take two cells, combining marks none, and an
/// escaped control character the length of its escape.
final class TextCaretTests: XCTestCase {
    func testDisplayWidths() {
        for (text, cells) in [
            ("a", 1), ("é", 1), ("e\u{301}", 1), ("名", 2), ("한", 2), ("🚀", 2), ("☕", 2), ("Ａ", 2), ("ｱ", 1),
            ("\u{200D}", 0), ("𠀀", 2), ("…", 1), ("\u{FFFD}", 1),
            // Emoji presentation (VS16): a text-default character becomes two cells; a wide one stays two.
            ("❤", 1), ("❤\u{FE0F}", 2), ("✈\u{FE0F}x", 3), ("1\u{FE0F}\u{20E3}", 2), ("🚀\u{FE0F}", 2), ("a\u{FE0F}", 1),
        ] {
            XCTAssertEqual(DisplayWidth.of(text.unicodeScalars), cells, text)
        }
    }

    /// An underline that starts at an emoji presentation selector counts it
    /// with the character before it (two cells together), not alone.
    func testCaretCellsCountASelectorWithItsBase() {
        let line = Array("a❤\u{FE0F}b名\u{202E}c".unicodeScalars)
        XCTAssertEqual(TextReporter.caretCells(line, start: 0, end: 1).under, 1)
        XCTAssertEqual(TextReporter.caretCells(line, start: 1, end: 3).under, 2, "❤ with its selector")
        XCTAssertEqual(TextReporter.caretCells(line, start: 2, end: 4).indent, 2, "a and ❤ before the selector")
        XCTAssertEqual(TextReporter.caretCells(line, start: 2, end: 4).under, 2, "the selector makes ❤ one cell wider, then b")
        XCTAssertEqual(TextReporter.caretCells(line, start: 4, end: 5).indent, 4)
        XCTAssertEqual(TextReporter.caretCells(line, start: 4, end: 5).under, 2, "名")
        XCTAssertEqual(TextReporter.caretCells(line, start: 5, end: 7).under, "\\u{202E}".count + 1, "an escape's length, then c")
    }

    func testCaretUnderTheColumnPastWideAndEscapedCharacters() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("caret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("acme.yaml").path
        let export = """
            apiVersion: workflow-machine/v1
            kind: Workspace
            workspace: acme
            connections:
              - {id: conn_a, name: "名前🚀\u{202E}x", app: slack, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}, 色彩: red, colour: red}
            workflows: []

            """
        try export.write(toFile: path, atomically: true, encoding: .utf8)
        let report = Analyzer(options: AnalysisOptions(now: testNow)).analyze(paths: [path])
        let lines = TextReporter().render(report).components(separatedBy: "\n")
        var checked = 0
        for (i, line) in lines.enumerated() where line.hasPrefix("5 | ") && i + 1 < lines.count {
            let shown = line.dropFirst(4)
            let caret = lines[i + 1].dropFirst(4)
            let indent = caret.prefix { $0 == " " }.count
            let marker = caret.dropFirst(indent)
            // Before 色彩: 名, 前 and 🚀, one cell more each; before colour also 色 and 彩.
            for (key, cells, wide) in [("色彩", 4, 3), ("colour", 6, 5)] {
                guard let at = shown.range(of: key + ":") else { continue }
                if marker.count != cells { continue }
                // The key's cells in the terminal: the scalars before it, one more for each wide one.
                XCTAssertEqual(indent, shown[..<at.lowerBound].unicodeScalars.count + wide, key)
                XCTAssertTrue(shown.contains("\\u{202E}"), "the override is shown escaped")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 2, lines.joined(separator: "\n"))
    }
}
