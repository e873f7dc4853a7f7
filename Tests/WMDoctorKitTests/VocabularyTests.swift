import Foundation
import XCTest

@testable import WMDoctorKit

/// The shared vocabulary of step texts (``Vocabulary``): one number per
/// text, whichever thread or loader's cache asks first, and the text back.
final class VocabularyTests: XCTestCase {
    func testEachTextHasOneNumberAndReadsBack() {
        // Short texts sit in the String value; long ones in storage each copy allocates anew.
        let texts = ["slack", "send_message", "create_database_item", "conn_slack_marketing_team", "", "é🚀 ünïcode", "Slack"]
        let first = texts.map { VocabularyText($0) }
        XCTAssertEqual(first.map(\.text), texts)
        XCTAssertEqual(Set(texts.indices.map { i in texts.indices.filter { first[$0] == first[i] } }).count, texts.count, "distinct texts, distinct numbers")
        // The same texts made again (new storage for the long ones), through a cache and without.
        let cache = VocabularyCache()
        for t in texts {
            let again = String(decoding: Array(t.utf8), as: UTF8.self)
            XCTAssertEqual(cache.text(again), VocabularyText(t), t)
            XCTAssertEqual(cache.text(again), VocabularyText(t), "a cached text: \(t)")
        }
        // Keys (the memo, the catalog look-ups): equal words exactly for equal texts, none apart.
        for (i, t) in texts.enumerated() {
            for (j, u) in texts.enumerated() {
                XCTAssertEqual(VocabularyText(t).words == VocabularyText(u).words, i == j, "\(t) / \(u)")
            }
            XCTAssertFalse(VocabularyText(t).words == VocabularyText.none.words)
        }
        XCTAssertEqual(VocabularyText(nil as String?), .none)
        XCTAssertNil(VocabularyText.none.text)
        XCTAssertEqual(cache.text(nil as String?), .none)
    }

    /// A cache slot reused by another text gives that text's number, never the old one's.
    func testACacheNeverAnswersForAnotherText() {
        let cache = VocabularyCache()
        let texts = (0..<2000).map { "action_number_\($0)_of_many" }
        for t in texts { XCTAssertEqual(cache.text(t).text, t) }
        for t in texts.reversed() { XCTAssertEqual(cache.text(String(decoding: Array(t.utf8), as: UTF8.self)).text, t) }
    }

    /// Threads numbering the same texts at once agree, and read every text back.
    func testThreadsAgreeOnNumbers() {
        let texts = (0..<5000).map { "vocabulary test text \($0 % 1200)" }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var byThread: [Int: [VocabularyText]] = [:]
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { k in
            let cache = VocabularyCache()
            let numbers = texts.map { k % 2 == 0 ? cache.text($0) : VocabularyText($0) }
            results.lock.lock()
            results.byThread[k] = numbers
            results.lock.unlock()
        }
        let first = results.byThread[0] ?? []
        XCTAssertEqual(first.map(\.text), texts)
        for k in 1..<4 { XCTAssertEqual(results.byThread[k], first) }
    }

    /// Step ids are kept to be read back: an id met again through a loader's
    /// cache is kept once, an id met once is kept without a look-up, and
    /// every id reads back, through a cache or without one.
    func testStepIDsReadBackAndRepeatedOnesAreKeptOnce() {
        let cache = VocabularyCache()
        let repeated = (0..<9).map { "s\($0)" } + ["notify_the_sales_team_on_slack"]
        let first = repeated.map { cache.stored($0) }
        for _ in 0..<3 {
            for (t, kept) in zip(repeated, first) {
                let again = cache.stored(String(decoding: Array(t.utf8), as: UTF8.self))
                XCTAssertEqual(again.number, kept.number, t)
                XCTAssertEqual(again.text, t)
            }
        }
        // Unique ids (past a chunk of 65,536 texts), each read back; a cache's id slots leave its other texts alone.
        let app = cache.text("google_sheets")
        let unique = (0..<70_000).map { "step_\($0)_\(UUID().uuidString)" }
        let kept = unique.map { cache.stored($0) }
        XCTAssertEqual(kept.map(\.text), unique)
        XCTAssertEqual(Set(kept.map(\.number)).count, unique.count)
        XCTAssertEqual(cache.text("google_sheets"), app)
        // Without a cache (the public initialisers), an id is numbered by the vocabulary.
        XCTAssertEqual(StoredText("notify", cache: nil).number, StoredText("notify", cache: nil).number)
        XCTAssertEqual(StoredText("notify", cache: nil).text, "notify")
    }

    /// Steps and triggers read their texts back from the vocabulary.
    func testStepsAndTriggersReadTheirTexts() {
        let at = SourceLocation(file: "f.yaml", line: 3, column: 7)
        func text(_ s: String) -> Located<String> { Located(s, at: at) }
        let cache = VocabularyCache()
        let step = Step(
            id: text("a"), name: nil, app: text("google_sheets"), action: text("append_row_to_the_sheet"),
            connection: .name(text("Marketing spreadsheets")), expect: nil, secretParams: [], location: at, vocabulary: cache)
        XCTAssertEqual(step.app.value, "google_sheets")
        XCTAssertEqual(step.action.value, "append_row_to_the_sheet")
        guard case .name(let name)? = step.connection else { return XCTFail("a name reference") }
        XCTAssertEqual(name.value, "Marketing spreadsheets")
        let trigger = Trigger(app: nil, event: text("every_day_at_nine"), connection: .id(text("conn_x")), expect: nil, location: at, vocabulary: cache)
        XCTAssertNil(trigger.app)
        XCTAssertEqual(trigger.event?.value, "every_day_at_nine")
        guard case .id(let id)? = trigger.connection else { return XCTFail("an id reference") }
        XCTAssertEqual(id.value, "conn_x")
    }
}
