import XCTest

@testable import WMDoctorKit

/// The bytes the streamed reports write by hand: a finding's fingerprint,
/// fed part by part, and the numbers and containers of ``JSONStream``.
final class ReportBytesTests: XCTestCase {
    private func finding(_ rule: String, _ entity: EntityRef, detail: String? = nil) -> Finding {
        Finding(
            rule: RuleID(rule, "some-rule"), category: .invalidExport, severity: .error, message: "the message",
            location: SourceLocation(file: "exports/a.yaml", line: 3, column: 1), entity: entity, detail: detail)
    }

    /// Two FNV-1a passes, as the baselines of earlier versions recorded them:
    /// values worked out apart (Python), not by this code.
    func testFingerprintHashKeepsItsValues() {
        XCTAssertEqual(Fingerprint.hash(""), "cbf29ce48422232584222325cbf29ce4")
        XCTAssertEqual(Fingerprint.hash("WM101\u{1F}step\u{1F}acme\u{1F}wf_orders\u{1F}notify"), "0cd6eb25a72ddb7366549b66e4ec80ea")
    }

    /// A finding's fingerprint is the hash of its parts joined by U+001F,
    /// though no joined text is made.
    func testFingerprintIsTheHashOfTheJoinedParts() {
        let step = finding("WM101", EntityRef(kind: .step, workspace: "acme", workflow: "wf_orders", step: "notify", connection: "c"))
        XCTAssertEqual(step.fingerprint, "0cd6eb25a72ddb7366549b66e4ec80ea")
        let connection = finding("WM301", EntityRef(kind: .connection, workspace: "acme", app: "slack", connection: "conn_1"))
        XCTAssertEqual(connection.fingerprint, Fingerprint.hash(["WM301", "connection", "acme", "conn_1"].joined(separator: "\u{1F}")))
        // An export check: every id and the detail count; no workspace: the file too.
        let detailed = finding(ExportRule.unknownKey.id.id, EntityRef(kind: .workspace, workspace: ""), detail: "unknown key x")
        XCTAssertEqual(
            detailed.fingerprint,
            Fingerprint.hash([ExportRule.unknownKey.id.id, "workspace", "", "", "", "", "", "unknown key x", "exports/a.yaml"].joined(separator: "\u{1F}")))
    }

    /// Numbers are written digit by digit: the text `String(_:)` gives, at both ends of the range.
    func testIntegersAreTheirDecimalText() {
        for n in [0, 7, 9, 10, 99, 100, 4_866, -1, -10, 1_000_000_007, Int.max, Int.min] {
            var s = JSONStream(level: -1)
            s.int(n)
            XCTAssertEqual(String(decoding: s.out, as: UTF8.self), String(n))
        }
    }

    /// Elements written apart (``JSONStream/continuation()``, ``JSONStream/after(_:)``)
    /// and joined give the bytes of writing them in one stream, pretty and compact.
    func testContinuationsGiveTheBytesOfOneStream() {
        for level in [0, -1] {
            func element(_ i: Int, into s: inout JSONStream) {
                s.element()
                s.openObject()
                s.member("n", i)
                s.key("list")
                s.openArray()
                for k in 0..<i {
                    s.element()
                    s.int(k)
                }
                s.closeArray()
                s.member("text", i == 2 ? nil : "t\(i)")
                s.closeObject()
            }
            var whole = JSONStream(level: level)
            whole.openObject()
            whole.key("items")
            whole.openArray()
            for i in 0..<5 { element(i, into: &whole) }
            whole.closeArray()
            whole.member("after", 1)
            whole.closeObject()

            var joined = JSONStream(level: level)
            joined.openObject()
            joined.key("items")
            joined.openArray()
            let start = joined.continuation()
            var bytes = joined.out
            for range in [0..<2, 2..<3, 3..<5] {
                var part = start.after(range.lowerBound)
                for i in range { element(i, into: &part) }
                bytes += part.out
                joined.joined(elements: range.count)
            }
            joined.out = bytes
            joined.closeArray()
            joined.member("after", 1)
            joined.closeObject()
            XCTAssertEqual(String(decoding: joined.out, as: UTF8.self), String(decoding: whole.out, as: UTF8.self), "level \(level)")
            // The bytes of the same value built as a tree.
            let tree = JSON.object([
                ("items", .array((0..<5).map { i in
                    .object([("n", .int(i)), ("list", .array((0..<i).map { .int($0) })), ("text", .string(i == 2 ? nil : "t\(i)"))])
                })),
                ("after", .int(1)),
            ])
            var treeBytes: [UInt8] = []
            tree.write(bytes: &treeBytes, indent: level)
            XCTAssertEqual(String(decoding: whole.out, as: UTF8.self), String(decoding: treeBytes, as: UTF8.self), "level \(level)")
        }
    }
}
