import CEL
import XCTest

@testable import WMDoctorKit

/// A rule whose `when` is a chain of `&&` is also remembered by what its
/// conjuncts but the last read: when one of them gives false, every entity
/// with the same values there is known false, however much the last
/// conjunct reads (at 4,400 connections the accounts of the connections a
/// step may run as made WM401's and WM402's keys too many to remember).
final class ConjunctMemoTests: XCTestCase {
    private static let catalog = RuleSet.load(RuleSet.builtinFiles).0.catalog

    /// 40 steps without an expectation, then 4 with one; every step id differs.
    private let export: String = {
        var text = header + """
            connections:
              - {id: a, name: A, app: slack, default: true, account: {id: T1}, auth: {type: oauth2}}
            workflows:

            """
        for w in 0..<4 {
            text += "  - id: wf\(w)\n    name: W\n    steps:\n"
            for s in 0..<10 { text += "      - {id: s\(w)_\(s), app: slack, action: send_message}\n" }
            text += "      - {id: e\(w), app: slack, action: send_message, expect: {account: \"T*\"}}\n"
        }
        return text
    }()

    private func run(_ when: String, memoized: Bool) throws -> RuleEngine.Output {
        let text = RuleCheckTests.rule(for: "steps", "when: \"\(when)\"\nmessage: \"{{use.id}}\"")
        let rule = try RuleCheckTests.loaded(text, catalog: Self.catalog)
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        var engine = RuleEngine(rules: [rule], catalog: Self.catalog)
        engine.workers = 1
        engine.memoizeWhen = memoized
        return engine.run([ws], now: testNow)
    }

    func testAnEarlyConjunctFalseAnswersEveryEntityWithItsValues() throws {
        // The last conjunct reads the step's id: a key per step.
        let when = "use.expect != null && use.id == 'none'"
        let rule = try RuleCheckTests.loaded(RuleCheckTests.rule(for: "steps", "when: \"\(when)\"\nmessage: m"), catalog: Self.catalog)
        let plan = RulePlan(rule, params: .map(CELMap.empty), severity: .error, fixedSeverity: false)
        XCTAssertEqual(plan.prefixSteps, 1)
        XCTAssertEqual(plan.prefixMemo?.partCount, 1, "use.expect alone")
        XCTAssertEqual(plan.whenMemo?.partCount, 2)
        let out = try run(when, memoized: true)
        // One step without an expectation, then the four with one (their ids differ).
        XCTAssertEqual(out.evaluated, 5)
        XCTAssertEqual(try run(when, memoized: false).evaluated, 44)
    }

    func testTheFindingsAreThoseOfEvaluatingEveryEntity() throws {
        for when in [
            "use.expect == null && use.id.startsWith('s1')",  // fires on s1_*: the early conjunct true there
            "use.expect != null && use.id != 'e2'",  // fires on e0, e1, e3
            "use.app == 'slack' && use.expect == null && use.id.endsWith('_3')",  // two conjuncts remembered together
        ] {
            let memo = try run(when, memoized: true)
            let every = try run(when, memoized: false)
            XCTAssertEqual(lines(memo.findings), lines(every.findings), when)
            XCTAssertFalse(memo.findings.isEmpty, when)
            XCTAssertLessThan(memo.evaluated, every.evaluated, when)
        }
    }

    /// A prefix that reads as much as `when` whole adds no memo.
    func testNoConjunctMemoWhenItReadsAsMuchAsWhenWhole() throws {
        let text = RuleCheckTests.rule(for: "steps", "when: \"use.id != '' && use.id == 'x'\"\nmessage: m")
        let plan = RulePlan(try RuleCheckTests.loaded(text, catalog: Self.catalog), params: .map(CELMap.empty), severity: .error, fixedSeverity: false)
        XCTAssertEqual(plan.whenSteps.count, 2)
        XCTAssertNil(plan.prefixMemo)
        XCTAssertEqual(plan.prefixSteps, 0)
    }
}
