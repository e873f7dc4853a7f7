import Foundation
import XCTest

@testable import WMDoctorKit

/// The reading thread hands most events over as records with their texts
/// as bytes (``YAMLEventFeed``), and the taking thread makes the events:
/// they must be exactly the events the reader gives directly.
final class EventHandOverTests: XCTestCase {
    /// Every kind of event a list can hold: plain, quoted, block and empty
    /// scalars, texts of every length around the cache's (16 to 64 bytes),
    /// non-ASCII text, anchors, aliases, tags, flow collections, a text past
    /// ``YAMLEventFeed/maxCopiedText`` (handed over whole), texts just under
    /// it (a batch's bytes grown past what is kept for reuse), and enough
    /// items for many batches, whose texts outgrow a batch's first bytes.
    func testHandedOverEventsAreTheEventsReadDirectly() throws {
        var yaml = "- plain\n- 'single quoted'\n- \"double \\t quoted\"\n- |\n  literal\n  block\n- >\n  folded\n  text\n- ''\n- \n"
        yaml += "- &a {k: v, n: [1, 2, ~]}\n- *a\n- !!str 12\n- !custom {x: y}\n- &s scalar with anchor\n- héllo wörld ☃ 🙂\n"
        for n in 0...70 { yaml += "- \(String(repeating: "x", count: n))\n" }
        yaml += "- \(String(repeating: "long", count: YAMLEventFeed.maxCopiedText / 4 + 10))\n"
        // Texts just under the bound, more than a megabyte in one batch: its
        // bytes grow past what is kept, and the next batches get new room.
        for i in 0..<24 { yaml += "- \(String(repeating: "w", count: YAMLEventFeed.maxCopiedText - 100 + i))\n" }
        for i in 0..<(YAMLEventFeed.batchSize * 3) {
            yaml += "- {id: item_\(i)_with_a_text_long_enough_to_be_cached, n: \(i), t: '\(String(repeating: "z", count: i % 300))'}\n"
        }
        yaml += "- [last]\n"
        let direct = try events(yaml, handedOver: false)
        let handed = try events(yaml, handedOver: true)
        XCTAssertGreaterThan(direct.count, YAMLEventFeed.batchSize * 3 * 7)
        XCTAssertEqual(handed.count, direct.count)
        for (i, (a, b)) in zip(direct, handed).enumerated() where a != b {
            XCTFail("event \(i): read directly \(a), handed over \(b)")
            break
        }
    }

    /// The list's events as text: read directly, or handed over through a
    /// feed to another thread (the list's own end is read and not handed over).
    private func events(_ yaml: String, handedOver: Bool) throws -> [String] {
        let reader = YAMLEventReader(bytes: Array(yaml.utf8))
        while true {
            if case .sequenceStart = try reader.next() { break }
        }
        guard handedOver else {
            var out: [String] = []
            var depth = 0
            while true {
                let e = try reader.next()
                switch e {
                case .mappingStart, .sequenceStart: depth += 1
                case .mappingEnd: depth -= 1
                case .sequenceEnd:
                    if depth == 0 { return out }
                    depth -= 1
                default: break
                }
                out.append(Self.describe(e))
            }
        }
        final class Taken: @unchecked Sendable {
            var events: [String] = []
            let done = DispatchSemaphore(value: 0)
        }
        let feed = YAMLEventFeed()
        let taken = Taken()
        Thread.detachNewThread {
            while let e = feed.nextValue() { taken.events.append(Self.describe(e)) }
            taken.done.signal()
        }
        var depth = 0
        loop: while true {
            let (kind, accepted) = try reader.handOver(to: feed, keepingListEnd: depth == 0)
            XCTAssertTrue(accepted)
            switch kind {
            case .start: depth += 1
            case .end: depth -= 1
            case .sequenceEnd:
                if depth == 0 { break loop }
                depth -= 1
            case .scalar, .streamOrDocument: break
            }
        }
        feed.close()
        XCTAssertEqual(taken.done.wait(timeout: .now() + 60), .success)
        return taken.events
    }

    private static func describe(_ e: YAMLEvent) -> String {
        switch e {
        case .streamStart: return "stream start"
        case .streamEnd: return "stream end"
        case .documentStart(let m): return "document start \(m)"
        case .documentEnd(let m): return "document end \(m)"
        case .mappingStart(let anchor, let tag, let m): return "mapping \(anchor ?? "-") \(tag ?? "-") \(m)"
        case .mappingEnd(let m): return "mapping end \(m)"
        case .sequenceStart(let anchor, let tag, let m): return "list \(anchor ?? "-") \(tag ?? "-") \(m)"
        case .sequenceEnd(let m): return "list end \(m)"
        case .scalar(let s, let anchor, let start, let end):
            return "scalar \(s.text.debugDescription) \(s.style) \(s.tag ?? "-") \(s.secretShapes) \(anchor ?? "-") \(start) \(end)"
        case .alias(let anchor, let start, let end): return "alias \(anchor) \(start) \(end)"
        }
    }
}
