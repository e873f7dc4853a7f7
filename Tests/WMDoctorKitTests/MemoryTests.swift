import Foundation
import XCTest

@testable import WMDoctorKit

/// How the analysis holds and gives back memory: arrays at their size, joins
/// that let go of what they copied, hand-over batches reused. Sizes are
/// checked here; the peaks they make are measured by the benchmark.
final class MemoryTests: XCTestCase {
    func testExactSizeKeepsEveryElementInTheirRoom() {
        var grown: [Int] = []
        for i in 0..<1_100 { grown.append(i) }
        XCTAssertGreaterThan(grown.capacity - grown.count, grown.count / 8, "grown by doubling (the case it is for)")
        let exact = grown.exactSize()
        XCTAssertEqual(exact, grown)
        XCTAssertLessThanOrEqual(exact.capacity - exact.count, exact.count / 8)
        var tight: [String] = []
        tight.reserveCapacity(3)
        tight += ["a", "b", "c"]
        XCTAssertEqual(tight.exactSize(), ["a", "b", "c"])
        XCTAssertEqual([Int]().exactSize(), [])
    }

    /// A message grown by appending is kept at its size, with the same text.
    func testStringExactSizeKeepsTheText() {
        var grown = ""
        for i in 0..<40 { grown += "part \(i), é; " }
        XCTAssertEqual(grown.exactSize(), grown)
        XCTAssertEqual("short".exactSize(), "short")
        XCTAssertEqual("".exactSize(), "")
        XCTAssertEqual("🚀 over fifteen bytes".exactSize(), "🚀 over fifteen bytes")
    }

    /// Names kept in a loader's arena read back as written: across chunk
    /// boundaries, multi-byte, empty, and longer than a chunk's quarter.
    func testCompactTextsReadBackAsWritten() {
        let arena = TextArena()
        let names = (0..<9_000).map { "Synthetic workflow \($0) — naïve ünïcode" } + ["", String(repeating: "x", count: 20_000), "a"]
        let stored = names.map { arena.store($0) }
        XCTAssertEqual(stored.map(\.string), names)
        XCTAssertEqual(CompactText("standalone name of a workflow").string, "standalone name of a workflow")
        XCTAssertEqual(MemoryLayout<CompactText>.size, 16, "as small as the String it replaces")
        let w = Workflow(
            id: Located("wf", at: SourceLocation(file: "f.yaml", line: 1, column: 1)), name: Located("A name longer than fifteen", at: SourceLocation(file: "f.yaml", line: 2, column: 9)),
            enabled: nil, environment: nil, owner: nil, expect: nil, trigger: nil, steps: [], location: SourceLocation(file: "f.yaml", line: 1, column: 3),
            texts: arena, stepArena: nil)
        XCTAssertEqual(w.name.value, "A name longer than fifteen")
        XCTAssertEqual(w.name.location, SourceLocation(file: "f.yaml", line: 2, column: 9))
    }

    /// Workflows' steps kept in a loader's shared chunks read back as built:
    /// runs across a chunk's end (a run that does not fit starts the next
    /// chunk), none, and more than a quarter chunk (a chunk of its own);
    /// and the chunks are let go with the last workflow that uses them.
    func testWorkflowStepsReadBackFromSharedChunks() {
        let at = { (line: Int) in SourceLocation(file: "f.yaml", line: line, column: 7) }
        func step(_ n: Int) -> Step {
            Step(
                id: Located("s\(n)", at: at(n)), name: n % 7 == 0 ? Located("Step \(n)", at: at(n)) : nil, app: Located("slack", at: at(n)),
                action: Located("send_message", at: at(n)), connection: nil, expect: nil, secretParams: [], location: at(n))
        }
        let sizes = [5, 0, 3] + Array(repeating: 7, count: 1_200) + [1_025, 1, 4_096, 2]
        var built: [[Step]] = []
        var next = 0
        for n in sizes {
            built.append((next..<(next + n)).map(step))
            next += n
        }
        weak var firstChunk: AnyObject?
        do {
            let arena = StepArena()
            let lists = built.map { arena.store($0) }
            for (list, steps) in zip(lists, built) {
                XCTAssertEqual(list.count, steps.count)
                XCTAssertEqual(list.map(\.id.value), steps.map(\.id.value))
                XCTAssertEqual(list.map(\.location), steps.map(\.location))
                XCTAssertEqual(list.map { $0.name?.value }, steps.map { $0.name?.value })
            }
            XCTAssertEqual(Array(lists[3].indices), Array(0..<7))
            firstChunk = lists[0].chunkForTests
            XCTAssertNotNil(firstChunk)
            XCTAssertTrue(lists[0].chunkForTests === lists[2].chunkForTests, "small runs share a chunk")
            XCTAssertFalse(lists[0].chunkForTests === lists[3 + 1_199].chunkForTests, "4,096 steps fill a chunk")
            XCTAssertFalse(lists[3 + 1_200].chunkForTests === lists[3 + 1_199].chunkForTests, "a run over a quarter chunk has its own")
            XCTAssertEqual(WorkflowSteps(built[0]).map(\.id.value), ["s0", "s1", "s2", "s3", "s4"])
            XCTAssertTrue(WorkflowSteps([]).isEmpty)
        }
        XCTAssertNil(firstChunk, "a chunk is freed with its last workflow")
        XCTAssertEqual(MemoryLayout<Step>.size, 56)
        XCTAssertEqual(MemoryLayout<Workflow>.stride, 144, "the steps' 16 bytes fit where the array's 8 were, with the fields in their order")
    }

    /// A step's rare fields read back from either box: an expectation alone
    /// (the small box, its pattern a vocabulary number), with or without an
    /// account, and beside a name or secret-looking params (every field).
    func testRareStepFieldsReadBackFromEitherBox() {
        let at = { (line: Int, column: Int) in SourceLocation(file: "f.yaml", line: line, column: column) }
        func step(name: String?, account: String?, expects: Bool, secrets: [String] = []) -> Step {
            let expect = expects ? StepExpectation(account: account.map { Located($0, at: at(4, 20)) }, location: at(4, 9)) : nil
            return Step(
                id: Located("s", at: at(1, 9)), name: name.map { Located($0, at: at(2, 15)) }, app: Located("slack", at: at(1, 20)),
                action: Located("send_message", at: at(3, 17)), connection: nil, expect: expect,
                secretParams: secrets.map { Located($0, at: at(5, 11)) }, location: at(1, 7), vocabulary: VocabularyCache())
        }
        let cases: [(name: String?, account: String?, expects: Bool, secrets: [String])] = [
            (nil, "*@example.com", true, []), (nil, nil, true, []), (nil, "", true, []), ("Notify", "ops-*", true, []),
            (nil, "*@example.com", true, ["api_key"]), ("Notify", nil, false, []), (nil, nil, false, []),
        ]
        for c in cases {
            let s = step(name: c.name, account: c.account, expects: c.expects, secrets: c.secrets)
            let label = "\(c)"
            XCTAssertEqual(s.name?.value, c.name, label)
            XCTAssertEqual(s.name?.location, c.name.map { _ in at(2, 15) }, label)
            XCTAssertEqual(s.expect == nil, !c.expects, label)
            XCTAssertEqual(s.expect?.location, c.expects ? at(4, 9) : nil, label)
            XCTAssertEqual(s.expect?.account?.value, c.account, label)
            XCTAssertEqual(s.expect?.account?.location, c.account.map { _ in at(4, 20) }, label)
            XCTAssertEqual(s.secretParams.map(\.value), c.secrets, label)
            XCTAssertEqual(s.id.location, at(1, 9), label)
            XCTAssertEqual(s.location, at(1, 7), label)
        }
    }

    private func finding(_ n: Int) -> Finding {
        Finding(
            rule: RuleID("WM\(n)", "r"), category: .hygiene, severity: .info, message: "m\(n)",
            location: SourceLocation(file: "f.yaml", line: n, column: 1), entity: EntityRef(kind: .workspace, workspace: "w"))
    }

    private func output(_ numbers: [Int], evaluated: Int, remembered: [String: Int]) -> RuleEngine.Output {
        var o = RuleEngine.Output()
        o.findings = numbers.map(finding)
        o.errors = numbers.map { InputError("e\($0)", at: SourceLocation(file: "f.yaml", line: $0, column: 1)) }
        o.evaluated = evaluated
        o.remembered = remembered
        return o
    }

    func testAbsorbJoinsInOrderAddsTheCountsAndEmptiesTheParts() {
        var out = output([1], evaluated: 2, remembered: ["WM1": 1])
        var parts = [output([2, 3], evaluated: 5, remembered: ["WM1": 2]), output([], evaluated: 1, remembered: [:]), output([4], evaluated: 0, remembered: ["WM2": 7])]
        out.absorb(&parts)
        XCTAssertTrue(parts.isEmpty)
        XCTAssertEqual(out.findings.map(\.message), ["m1", "m2", "m3", "m4"])
        XCTAssertEqual(out.errors.map(\.message), ["e1", "e2", "e3", "e4"])
        XCTAssertEqual(out.evaluated, 8)
        XCTAssertEqual(out.remembered, ["WM1": 3, "WM2": 7])
    }

    /// One part is taken whole; counts made before (a scope with no finding) are kept.
    func testAbsorbOfOnePartKeepsEarlierCounts() {
        var out = output([], evaluated: 10, remembered: ["WM1": 4])
        var parts = [output([5, 6], evaluated: 3, remembered: ["WM1": 1, "WM3": 2])]
        out.absorb(&parts)
        XCTAssertEqual(out.findings.map(\.message), ["m5", "m6"])
        XCTAssertEqual(out.evaluated, 13)
        XCTAssertEqual(out.remembered, ["WM1": 5, "WM3": 2])
    }

    /// Many more events than the feed holds at once, with texts of their own,
    /// through reused batch memory: every one arrives, in order, intact.
    func testFeedReusesBatchesAndLosesNoEvent() {
        final class Tally: @unchecked Sendable {
            var received = 0
            var wrong = 0
            let done = DispatchSemaphore(value: 0)
        }
        let feed = YAMLEventFeed()
        let tally = Tally()
        let total = YAMLEventFeed.batchSize * (YAMLEventFeed.maxQueued * 3) + 17
        Thread.detachNewThread {
            while let e = feed.nextValue() {
                let n = tally.received
                if case .mappingStart(let anchor, _, let start) = e, anchor == "anchor number \(n) with a text on the heap", start.line == n + 1 {
                } else {
                    tally.wrong += 1
                }
                tally.received += 1
            }
            tally.done.signal()
        }
        for i in 0..<total {
            XCTAssertTrue(feed.append(.mappingStart(anchor: "anchor number \(i) with a text on the heap", tag: nil, start: Mark(line: i + 1, column: 1))))
        }
        feed.close()
        XCTAssertEqual(tally.done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(tally.received, total)
        XCTAssertEqual(tally.wrong, 0)
    }

    /// What gating adds lives in a box a finding shares with its copies: a
    /// copy changed leaves the original as it was (value semantics kept).
    func testGatingFieldsAreValuesDespiteTheirBox() {
        let original = finding(1)
        XCTAssertNil(original.impact)
        XCTAssertNil(original.suppression)
        var copy = original
        copy.impact = Impact(steps: 2, workflows: 1)
        copy.baseline = .new
        var second = copy
        second.suppression = AppliedSuppression(reason: "r", until: nil, location: original.location)
        second.staleUses = [UseKey(workflow: "wf", step: nil)]
        XCTAssertNil(original.impact)
        XCTAssertNil(original.baseline)
        XCTAssertEqual(copy.impact, Impact(steps: 2, workflows: 1))
        XCTAssertNil(copy.suppression)
        XCTAssertEqual(copy.staleUses, [])
        XCTAssertEqual(second.impact, Impact(steps: 2, workflows: 1))
        XCTAssertEqual(second.baseline, .new)
        XCTAssertEqual(second.suppression?.reason, "r")
        XCTAssertEqual(second.staleUses.map(\.path), ["wf/trigger"])
        XCTAssertLessThanOrEqual(MemoryLayout<Finding>.size, 192)
    }

    func testRuleIDsMadeApartAreEqualByTheirTexts() {
        XCTAssertEqual(RuleID("WM201", "missing-scope"), RuleID("WM201", "missing-scope"))
        XCTAssertNotEqual(RuleID("WM201", "missing-scope"), RuleID("WM201", "other"))
        XCTAssertEqual(Set([RuleID("WM1", "a"), RuleID("WM1", "a"), RuleID("WM2", "a")]).count, 2)
        XCTAssertEqual(MemoryLayout<RuleID>.size, 8)
    }

    func testMemoryPolicyTakesEffectOnLinux() {
        #if os(Linux)
            XCTAssertTrue(MemoryPolicy.apply())
        #endif
    }
}
