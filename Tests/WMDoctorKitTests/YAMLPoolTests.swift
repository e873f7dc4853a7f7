import CYAML
import Foundation
import XCTest
import YAMLPool

/// libyaml's allocations served by YAMLPool (its yaml_malloc and yaml_free
/// replaced, Linux only): the texts come back whole, the pool is really what
/// libyaml calls, and a thread's blocks outlive the thread.
final class YAMLPoolTests: XCTestCase {
    /// Every scalar of `text`, as libyaml parses it on the calling thread.
    private static func scalars(_ text: String) -> [String] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        var out: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_SCALAR_EVENT {
                    let s = event.data.scalar
                    out.append(String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self))
                }
                if event.type == YAML_STREAM_END_EVENT { break }
            }
        }
        return out
    }

    /// Scalars of every size class and past them (a text grown through
    /// yaml_realloc from 16 bytes to a large block), anchors and tags (yaml_strdup).
    private static let document: String = {
        var text = "top: &anchor !custom tagged\n"
        for n in [1, 15, 16, 17, 100, 511, 512, 513, 4_000, 70_000] {
            text += "k\(n): \(String(repeating: "x", count: n - 1))y\n"
        }
        text += "alias: *anchor\nlist: [\(String(repeating: "a, ", count: 300))b]\n"
        return text
    }()

    func testTextsOfEverySizeComeBackWhole() {
        let got = Self.scalars(Self.document)
        var expected = ["top", "tagged"]
        for n in [1, 15, 16, 17, 100, 511, 512, 513, 4_000, 70_000] {
            expected += ["k\(n)", String(repeating: "x", count: n - 1) + "y"]
        }
        expected += ["alias", "list"] + Array(repeating: "a", count: 300) + ["b"]
        XCTAssertEqual(got, expected)
    }

    #if os(Linux)
        /// Linux builds have the pool, unless built with `-Xcc -DYAML_POOL_OFF` (or under AddressSanitizer).
        private func requirePool() throws {
            try XCTSkipIf(yaml_pool_enabled() == 0, "built without YAMLPool")
        }

        func testLibyamlAllocatesFromThePool() throws {
            try requirePool()
            let before = yaml_pool_served()
            XCTAssertEqual(Self.scalars("a: b\nc: [d, e]\n"), ["a", "b", "c", "d", "e"])
            // At least a string per scalar, and the parser's own buffers.
            XCTAssertGreaterThan(yaml_pool_served() - before, 5)
            XCTAssertGreaterThan(yaml_pool_chunks(), 0)
        }

        /// A thread that ends gives its blocks (and the rest of its chunk) to the
        /// pool: a second thread parsing the same document needs no new chunk.
        func testBlocksOfAnEndedThreadServeTheNext() throws {
            try requirePool()
            // A thread of its own, joined: its key destructor (the hand-over) has run when the join returns.
            func parseOnNewThread() {
                var thread = pthread_t()
                let made = pthread_create(&thread, nil, { _ in
                    _ = YAMLPoolTests.scalars(YAMLPoolTests.document)
                    return nil
                }, nil)
                XCTAssertEqual(made, 0)
                if made == 0 { pthread_join(thread, nil) }
            }
            parseOnNewThread()
            let chunks = yaml_pool_chunks()
            for _ in 0..<5 { parseOnNewThread() }
            XCTAssertEqual(yaml_pool_chunks(), chunks)
        }

        func testTheCheckCommandUsesThePool() throws {
            try requirePool()
            let r = try CLIRunner.run(["check", "Samples", "--format", "json", "--fail-on", "never"], env: ["WMDOCTOR_TIMINGS": "1"])
            XCTAssertEqual(r.status, 0, r.err)
            let line = r.err.split(separator: "\n").first { $0.contains("libyaml's small allocations") }
            let chunks = line?.split(separator: " ").drop { $0 != "allocations:" }.dropFirst().first.flatMap { Int($0) }
            XCTAssertGreaterThan(chunks ?? 0, 0, "no pool line in: \(r.err)")
        }
    #endif
}
