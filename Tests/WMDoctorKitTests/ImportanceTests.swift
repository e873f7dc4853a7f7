import XCTest

@testable import WMDoctorKit

/// Which findings a report with a limit shows first.
final class ImportanceTests: XCTestCase {
    private func finding(_ id: String, line: Int, severity: Severity = .error, sure: Int, maybe: Int, risks: Bool = false) -> Finding {
        var f = Finding(
            rule: RuleID(id, "r"), category: .expiredToken, severity: severity, message: id,
            location: SourceLocation(file: "f.yaml", line: line, column: 1), entity: EntityRef(kind: .connection, workspace: "w", connection: id))
        f.affects = (0..<(sure + maybe)).map { i in
            AffectedUse(
                workspace: "w", workflow: "wf\(i)", step: "s", method: .defaultConnection, connection: id, undetermined: i >= sure,
                location: SourceLocation(file: "f.yaml", line: 100 + i, column: 1))
        }
        f.affectsMeaning = risks ? .risks : .breaks
        return f
    }

    /// Severity first; then the uses a finding surely breaks, then those it
    /// may break, then those it puts at risk; then report order.
    func testSureBreaksRankBeforeUsesThatMayBreakOrAreAtRisk() {
        let findings = [
            finding("MAYBE", line: 1, sure: 0, maybe: 3),
            finding("RISK", line: 2, sure: 4, maybe: 0, risks: true),
            finding("SURE", line: 3, sure: 1, maybe: 0),
            finding("WARN", line: 4, severity: .warning, sure: 9, maybe: 0),
            finding("SURE2", line: 5, sure: 1, maybe: 1),
            finding("NONE", line: 6, sure: 0, maybe: 0),
        ]
        let report = Report(now: testNow, inputs: [], findings: findings, errors: [])
        XCTAssertEqual(report.activeByImportance.map(\.rule.id), ["SURE2", "SURE", "MAYBE", "RISK", "NONE", "WARN"])
        XCTAssertEqual(report.allByImportance.map(\.rule.id), ["SURE2", "SURE", "MAYBE", "RISK", "NONE", "WARN"])
        XCTAssertTrue(Finding.moreImportant(findings[2], findings[0]), "one sure break before three that may break")
        XCTAssertFalse(Finding.moreImportant(findings[0], findings[2]))
        XCTAssertTrue(Finding.moreImportant(findings[0], findings[1]), "three that may break before four at risk")
    }
}
