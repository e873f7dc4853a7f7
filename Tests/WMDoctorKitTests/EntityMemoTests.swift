import CEL
import XCTest

@testable import WMDoctorKit

/// An entity with the very same parts as one on which every rule of its
/// scope was false is answered at once (``WhenMemo/EntityMemo``), without a
/// look-up per rule; the findings are those of evaluating every entity.
final class EntityMemoTests: XCTestCase {
    private static let builtin = RuleSet.load(RuleSet.builtinFiles).0

    private static func rule(_ when: String, id: String = "ACME901") throws -> Rule {
        let text = RuleCheckTests.rule(for: "steps", "when: \"\(when)\"\nmessage: \"{{use.id}}\"")
            .replacingOccurrences(of: "id: ACME001", with: "id: \(id)").replacingOccurrences(of: "name: test-rule", with: "name: test-\(id.lowercased())")
        return try RuleCheckTests.loaded(text, catalog: builtin.catalog)
    }

    private func run(_ rules: [Rule], _ export: String, memoized: Bool = true) throws -> RuleEngine.Output {
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        var engine = RuleEngine(rules: rules, catalog: Self.builtin.catalog)
        engine.workers = 1
        engine.memoizeWhen = memoized
        return engine.run([ws], now: testNow)
    }

    /// `steps` steps in one workflow, the `n`th written by `step(n)`.
    private func export(steps: Int, _ step: (Int) -> String) -> String {
        var text = header + """
            connections:
              - {id: a, name: A, app: slack, default: true, account: {id: T1}, auth: {type: oauth2}}
              - {id: b, name: B, app: gmail, default: true, account: {email: ops@acme.com}, auth: {type: oauth2}}
            workflows:
              - id: wf
                name: W
                steps:

            """
        for n in 0..<steps { text += "      - " + step(n) + "\n" }
        return text
    }

    func testStepsWithTheSameValuesAsOneFalseForEveryRuleAreAnsweredAtOnce() throws {
        // Two rules reading the app, the expectation and the workflow; false on every step.
        let rules = [try Self.rule("use.app == 'github'", id: "ACME901"), try Self.rule("use.expect == 'nobody' && workflow.enabled", id: "ACME902")]
        let text = export(steps: 30) { "{id: s\($0), app: slack, action: send_message}" }
        let memo = try run(rules, text)
        XCTAssertTrue(memo.findings.isEmpty)
        // The first step is evaluated (and remembered); the 29 others have its values.
        XCTAssertEqual(memo.answeredWhole, 29)
        XCTAssertEqual(try run(rules, text, memoized: false).answeredWhole, 0)
    }

    func testAStepOnWhichARuleFiresIsNotRememberedAndOtherValuesAreNotAnswered() throws {
        let rules = [try Self.rule("use.expect == 'T*'", id: "ACME901"), try Self.rule("use.app == 'gmail'", id: "ACME902")]
        // Slack steps without expectation (all false), then with one (ACME901 fires), then gmail (ACME902 fires).
        let text = export(steps: 30) { n in
            n < 10 ? "{id: s\(n), app: slack, action: send_message}"
                : n < 20 ? "{id: s\(n), app: slack, action: send_message, expect: {account: \"T*\"}}"
                : "{id: s\(n), app: gmail, action: send_email}"
        }
        let memo = try run(rules, text)
        let every = try run(rules, text, memoized: false)
        XCTAssertEqual(lines(memo.findings), lines(every.findings))
        XCTAssertEqual(memo.findings.count, 20)
        // Only the nine slack steps after the first without an expectation.
        XCTAssertEqual(memo.answeredWhole, 9)
    }

    func testMoreDistinctValuesThanSlotsGiveTheFindingsOfEvaluatingEveryStep() throws {
        // 1,300 distinct expectations, twice: more keys than the memo's slots, so keys replace others.
        let distinct = WhenMemo.EntityMemo.slots + 276
        let rules = [try Self.rule("use.expect != null && use.expect.endsWith('7')", id: "ACME901"), try Self.rule("use.app == 'gmail'", id: "ACME902")]
        let text = export(steps: 2 * distinct) { n in "{id: s\(n), app: slack, action: send_message, expect: {account: \"acct\(n % distinct)\"}}" }
        let memo = try run(rules, text)
        let every = try run(rules, text, memoized: false)
        XCTAssertEqual(lines(memo.findings), lines(every.findings))
        XCTAssertEqual(memo.findings.count, 2 * (distinct / 10 + (distinct % 10 > 7 ? 1 : 0)))
        XCTAssertGreaterThan(memo.answeredWhole, 0)
        XCTAssertLessThan(memo.answeredWhole, distinct - distinct / 10)
    }

    func testNoEntityMemoWhenARuleIsNotKeyed() throws {
        // A step read whole has no key but the step itself: that rule is evaluated on every step, and no entity is answered whole.
        let rules = [try Self.rule("use.app == 'github'", id: "ACME901"), try Self.rule("type(step) != type(step)", id: "ACME902")]
        XCTAssertNil(WhenMemo(rules[1]))
        let text = export(steps: 30) { "{id: s\($0), app: slack, action: send_message}" }
        let memo = try run(rules, text)
        XCTAssertEqual(memo.answeredWhole, 0)
        XCTAssertEqual(memo.evaluatedByRule["ACME902"], 30)
    }

    func testTheBuiltInRulesGiveTheSameFindingsOnRepeatedSteps() throws {
        // Repeated steps of every binding method, with and without expectations, some of them wrong.
        let text = export(steps: 60) { n in
            switch n % 6 {
            case 0: return "{id: s\(n), app: slack, action: send_message}"
            case 1: return "{id: s\(n), app: slack, action: send_message, connection: a}"
            case 2: return "{id: s\(n), app: slack, action: send_message, connection: nope}"
            case 3: return "{id: s\(n), app: slack, action: send_message, expect: {account: T2}}"
            case 4: return "{id: s\(n), app: gmail, action: send_email, connection: {name: B}}"
            default: return "{id: s\(n), app: gmail, action: no_such_action}"
            }
        }
        let memo = try run(Self.builtin.rules, text)
        let every = try run(Self.builtin.rules, text, memoized: false)
        XCTAssertEqual(lines(memo.findings), lines(every.findings))
        XCTAssertFalse(memo.findings.isEmpty)
        XCTAssertGreaterThan(memo.answeredWhole, 0)
    }
}
