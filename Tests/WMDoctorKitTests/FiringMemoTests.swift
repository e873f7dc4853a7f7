import CEL
import XCTest

@testable import WMDoctorKit

/// A step rule's late lets are remembered by exactly what they read
/// (``FiringMemo``): a finding's message is the same as evaluating every
/// let of it, for connections that agree on every text but their id, for
/// steps of other apps, and for lets whose every value differs (those stop
/// being remembered).
final class FiringMemoTests: XCTestCase {
    private static let catalog = RuleSet.load(RuleSet.builtinFiles).0.catalog

    /// Six connections with the same name and two accounts; 30 workflows of
    /// 6 steps over them (by id, some unknown, some of another app).
    private let export: String = {
        var text = header + "connections:\n"
        for i in 0..<6 {
            text += "  - {id: c\(i), name: Twin, app: slack, account: {id: T\(i % 2)}, auth: {type: oauth2}}\n"
        }
        text += "  - {id: g, name: Twin, app: gmail, account: {email: me@acme.com}, auth: {type: oauth2}}\n"
        text += "workflows:\n"
        for w in 0..<30 {
            text += "  - id: wf\(w)\n    name: W\n    steps:\n"
            for s in 0..<6 {
                let k = (w + s) % 8
                let step = k == 6 ? "app: slack, action: send_message, connection: nope" : k == 7 ? "app: gmail, action: send_email, connection: g" : "app: slack, action: send_message, connection: c\(k)"
                text += "      - {id: s\(s), \(step)}\n"
            }
        }
        return text
    }()

    private func run(_ body: String, memoized: Bool) throws -> RuleEngine.Output {
        let rule = try RuleCheckTests.loaded(RuleCheckTests.rule(for: "steps", body), catalog: Self.catalog)
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        var engine = RuleEngine(rules: [rule], catalog: Self.catalog)
        engine.workers = 1
        engine.memoizeWhen = memoized
        return engine.run([ws], now: testNow)
    }

    private let body = """
        let:
          who: "connection == null ? 'nobody' : connection.id + ' (' + connection.name + ')'"
          account: "connection == null ? '-' : [connection.account.id, connection.account.email].filter(x, x != null).join('')"
        when: "true"
        message: "{{use.id}} of {{workflow.id}} runs {{use.app}} as {{who}}, signed in as {{account}}"
        """

    func testARememberedMessageIsTheMessageEvaluated() throws {
        let remembered = try run(body, memoized: true)
        let evaluated = try run(body, memoized: false)
        XCTAssertEqual(remembered.findings.count, 180)
        XCTAssertEqual(lines(remembered.findings), lines(evaluated.findings))
        // Each message as the export says, worked out here.
        var expected: [String] = []
        for w in 0..<30 {
            for s in 0..<6 {
                let k = (w + s) % 8
                let (app, who, account) = k == 6 ? ("slack", "nobody", "-") : k == 7 ? ("gmail", "g (Twin)", "me@acme.com") : ("slack", "c\(k) (Twin)", "T\(k % 2)")
                expected.append("s\(s) of wf\(w) runs \(app) as \(who), signed in as \(account)")
            }
        }
        XCTAssertEqual(remembered.findings.map(\.message), expected)
        // The lets, keyed by the connection (8 values: six, Gmail's and none), recalled but for the first of each.
        XCTAssertEqual(remembered.recalled, 2 * (180 - 8))
        XCTAssertEqual(evaluated.recalled, 0)
    }

    /// A let whose every value differs (the workflow's and the step's ids)
    /// is looked up while it is tried, then evaluated every time: nothing
    /// of it is recalled.
    func testALetWhoseEveryValueDiffersIsNotRemembered() throws {
        let quoting = "let:\n  path: \"strings.quote(workflow.id + '/' + use.id)\"\nwhen: \"true\"\nmessage: \"{{path}}\""
        let out = try run(quoting, memoized: true)
        XCTAssertEqual(out.findings.count, 180)
        XCTAssertEqual(out.recalled, 0)
        XCTAssertEqual(Set(out.findings.map(\.message)).count, 180)
        XCTAssertEqual(lines(out.findings), lines(try run(quoting, memoized: false).findings))
    }

    /// The lets a let reads are followed through: a let reading a let
    /// that reads the connection is keyed by the connection.
    func testWhatALetReadsIsPartOfTheKeyOfWhatReadsTheLet() throws {
        let rule = try RuleCheckTests.loaded(RuleCheckTests.rule(for: "steps", body), catalog: Self.catalog)
        let plan = RulePlan(rule, params: .null, severity: .error, fixedSeverity: false)
        // `who` and `account` are late lets, each read through `connection` (whole: by identity).
        XCTAssertEqual(plan.lateMemos.count, 2)
        for memo in plan.lateMemos {
            XCTAssertEqual(try XCTUnwrap(memo).reads.reads.map { RuleEnvironment.slots[$0.slot] }, ["connection"])
        }
        // A let that reads only another let is keyed by what that one reads.
        let chained = try RuleCheckTests.loaded(
            RuleCheckTests.rule(for: "steps", "let:\n  a: \"use.app\"\n  b: \"a + '!'\"\nwhen: \"true\"\nmessage: \"{{b}}\""), catalog: Self.catalog)
        let plan2 = RulePlan(chained, params: .null, severity: .error, fixedSeverity: false)
        XCTAssertEqual(plan2.lateMemos.map { $0?.reads.reads.map { r in RuleEnvironment.slots[r.slot] + (r.fields.map { "." + $0.joined(separator: ",") } ?? "") } }, [["use.app"], ["use.app"]])
    }

    /// A table gives back what it remembered for the same values read; it
    /// stops looking up when fewer than half of its first 64 look-ups hit,
    /// and remembers at most 256 values.
    func testATableRemembersAtMostWhatHits() throws {
        let text = RuleCheckTests.rule(for: "steps", "let:\n  who: \"connection == null ? 'none' : connection.id\"\nwhen: \"true\"\nmessage: \"{{who}}\"")
        let plan = RulePlan(try RuleCheckTests.loaded(text, catalog: Self.catalog), params: .null, severity: .error, fixedSeverity: false)
        let memo = try XCTUnwrap(plan.lateMemos.first ?? nil)
        let at = try XCTUnwrap(plan.slotMap.firstIndex(of: RuleEnvironment.Slot.connection.rawValue))
        func table() throws -> FiringMemo.Table<String> { try XCTUnwrap(FiringMemo.Table(memo, slotMap: plan.slotMap, scope: .steps)) }
        var values = [CELValue](repeating: .null, count: plan.slotMap.count)
        var made = 0
        func look(_ t: FiringMemo.Table<String>, _ key: String) -> String {
            values[at] = .string(key)
            return t.value(&values) { _ in
                made += 1
                return "\(key)#\(made)"
            }
        }
        // Ten keys, each looked up ten times: made once each, then recalled.
        let repeated = try table()
        for round in 0..<10 {
            for k in 0..<10 { XCTAssertEqual(look(repeated, "k\(k)"), "k\(k)#\(k + 1)", "round \(round)") }
        }
        XCTAssertEqual([made, repeated.hits, repeated.lookUps, repeated.count], [10, 90, 100, 10])
        XCTAssertTrue(repeated.active)
        // A hundred keys once each: tried for 64 look-ups, then every value made.
        made = 0
        let distinct = try table()
        for k in 0..<100 { XCTAssertEqual(look(distinct, "d\(k)"), "d\(k)#\(k + 1)") }
        XCTAssertEqual([made, distinct.hits, distinct.lookUps, distinct.count], [100, 0, 64, 0])
        XCTAssertFalse(distinct.active)
        // Half hits in the trial, then 2,000 new keys: at most 256 remembered, the first ones still recalled.
        let bounded = try table()
        for k in 0..<64 { _ = look(bounded, "b\(k / 2)") }
        XCTAssertTrue(bounded.active)
        for k in 0..<2000 { _ = look(bounded, "n\(k)") }
        XCTAssertEqual(bounded.count, FiringMemo.Table<String>.capacity)
        XCTAssertEqual(FiringMemo.Table<String>.capacity, 256)
        made = 0
        XCTAssertEqual(look(bounded, "n5"), look(bounded, "n5"))
        XCTAssertEqual(made, 0, "remembered before the table was full")
        XCTAssertNotEqual(look(bounded, "n1999"), look(bounded, "n1999"), "past the capacity: made each time")
    }
}
