import CEL
import Foundation
import XCTest

@testable import WMDoctorKit

/// A `when` that is a chain of `&&` is evaluated conjunct by conjunct: the
/// lets only later conjuncts need are not computed once one is false, and
/// the answer is always the one `when` whole gives.
final class StepwiseWhenTests: XCTestCase {
    private static let rules = RuleSet.load(RuleSet.builtinFiles).0

    private func plan(_ lets: String, _ when: String) throws -> RulePlan {
        let text = RuleCheckTests.rule(for: "connections", "let:\n\(lets)\nwhen: \"\(when)\"\nmessage: m")
        return RulePlan(try RuleCheckTests.loaded(text, catalog: Self.rules.catalog), params: .map(CELMap.empty), severity: .error, fixedSeverity: false)
    }

    /// The plan's variables with `connection` a map of `status` and `usage` (fields read from a map as from an object).
    private func values(_ plan: RulePlan, status: String, usage: [Bool]) -> [CELValue] {
        plan.slotMap.map { slot in
            guard slot == RuleEnvironment.Slot.connection.rawValue else { return .null }
            return .map(CELMap.strings([
                "status": .string(status), "usage": .list(CELList(usage.map { .map(CELMap.strings(["enabled": .bool($0)])) })),
            ]))
        }
    }

    private func outcome(_ f: () throws(CELError) -> CELValue) -> String {
        do { return try f().literal } catch { return "error: \(error.message)" }
    }

    func testALetOnlyALaterConjunctNeedsIsNotComputedOnceOneIsFalse() throws {
        let plan = try plan("  busy: \"connection.usage.filter(u, u.enabled)\"", "connection.status != 'active' && busy.size() > 0")
        XCTAssertEqual(plan.whenSteps.map(\.lets), [[], [0]])
        var v = values(plan, status: "active", usage: [true])
        XCTAssertEqual(outcome { () throws(CELError) in try plan.stepwiseWhen(&v, CELScratch()) }, "false")
        guard case .null = v[plan.letBase] else { return XCTFail("the let was computed: \(v[plan.letBase].literal)") }
        var whole = values(plan, status: "active", usage: [true])
        _ = try plan.wholeWhen(&whole, CELScratch())
        guard case .list = whole[plan.letBase] else { return XCTFail("when whole computes every let it needs") }
        var fires = values(plan, status: "revoked", usage: [false, true])
        XCTAssertEqual(outcome { () throws(CELError) in try plan.stepwiseWhen(&fires, CELScratch()) }, "true")
        guard case .list(let busy) = fires[plan.letBase], busy.count == 1 else { return XCTFail("computed when needed") }
    }

    func testEveryOutcomeIsWhatWhenWholeGives() throws {
        let lets = "  busy: \"connection.usage.filter(u, u.enabled)\"\n  broken: \"int(connection.status) == 1\""
        let whens = [
            "connection.status == 'active' && busy.size() > 0",
            "broken && connection.status == 'active'",  // an error, then false or true
            "connection.status == 'active' && broken",  // true then an error, or false
            "busy.size() > 0 && broken && connection.status != 'active'",
            "connection.status == 'active' && busy.size() > 0 && [busy][0].size() == 1",
        ]
        for when in whens {
            let plan = try plan(lets, when)
            XCTAssertFalse(plan.whenSteps.isEmpty, when)
            for status in ["active", "revoked"] {
                for usage in [[], [false], [true, true]] {
                    var a = values(plan, status: status, usage: usage)
                    var b = a
                    let stepwise = outcome { () throws(CELError) in try plan.stepwiseWhen(&a, CELScratch()) }
                    let whole = outcome { () throws(CELError) in try plan.wholeWhen(&b, CELScratch()) }
                    XCTAssertEqual(stepwise, whole, "\(when) on \(status), \(usage)")
                }
            }
        }
    }

    func testBuiltInRulesThatSplitPutTheirCostlyLetsLast() throws {
        // WM304: the uses of a connection (and those that may run as it) are filtered only for one whose token expires soon.
        let rule = try XCTUnwrap(Self.rules.rules.first { $0.id.id == "WM304" })
        let steps = try XCTUnwrap(rule.whenSteps)
        let uses = try XCTUnwrap(rule.lets.firstIndex { $0.name == "uses" })
        let maybe = try XCTUnwrap(rule.lets.firstIndex { $0.name == "maybe" })
        XCTAssertEqual(steps.last?.lets, [uses, maybe])
        XCTAssertFalse(steps.dropLast().contains { $0.lets.contains(uses) || $0.lets.contains(maybe) })
    }
}
