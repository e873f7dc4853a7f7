import XCTest

@testable import WMDoctorKit

/// Findings sorted by their indices and swapped into place: the order `sort(by:)` gives, ties kept.
final class ReportOrderSortTests: XCTestCase {
    /// A finding told apart by `tag` (its entity's connection), which report order does not read.
    private func finding(line: Int, rule: String, message: String, tag: Int) -> Finding {
        Finding(
            rule: RuleID(rule, "r"), category: .expiredToken, severity: .error, message: message,
            location: SourceLocation(file: "f.yaml", line: line, column: 1), entity: EntityRef(kind: .connection, workspace: "w", connection: "c\(tag)"))
    }

    func testTheOrderOfSortByReportOrderWithTiesKept() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 17, 500] {
            // Few distinct lines, rules and messages: most findings tie with others.
            let findings = (0..<size).map { i in
                finding(
                    line: Int.random(in: 1...4, using: &generator), rule: ["WM1", "WM2"].randomElement(using: &generator) ?? "WM1",
                    message: ["a", "b"].randomElement(using: &generator) ?? "a", tag: i)
            }
            var sorted = findings
            sorted.sortInReportOrder()
            XCTAssertEqual(
                sorted.map(\.entity.connection), findings.sorted(by: Finding.reportOrder).map(\.entity.connection), "\(size) findings")
        }
    }

    func testEveryPermutationIsApplied() {
        let findings = (0..<6).map { finding(line: $0, rule: "WM1", message: "m", tag: $0) }
        // Identity, one swap, one long cycle, and two cycles.
        for order in [[0, 1, 2, 3, 4, 5], [1, 0, 2, 3, 4, 5], [1, 2, 3, 4, 5, 0], [2, 0, 1, 5, 3, 4], [5, 4, 3, 2, 1, 0]] {
            var permuted = findings
            permuted.applyPermutation(order)
            XCTAssertEqual(permuted.map(\.entity.connection), order.map { "c\($0)" }, "\(order)")
        }
    }
}
