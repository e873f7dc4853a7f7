import Foundation
import XCTest

@testable import WMDoctorKit

/// Suppressions of `.wmdoctor.yaml`: reading (positions, did you mean), matching,
/// expiry (the finding resurfaces and WM900 is reported), unused ones (WM901),
/// and how each format shows suppressed findings.
final class SuppressionTests: XCTestCase {
    private func config(_ name: String) throws -> WMDoctorConfig {
        try ConfigReader.read(text: GatingFixture.text(name), path: name).get()
    }

    private func gated(_ name: String) throws -> Report {
        gatedReport(GatingFixture.files, GatingOptions(suppressions: try config(name).suppressions))
    }

    func testReadsEntriesWithPositions() throws {
        let s = try config("suppressions.yaml").suppressions
        XCTAssertEqual(s.map(\.rule.value), ["connection-not-active", "WM201", "WM702", "unused-connection"])
        XCTAssertEqual(s[0].patterns.map { "\($0.key)=\($0.pattern.value)" }, ["connection=conn_slack_*"])
        XCTAssertEqual(s[1].until?.value, "2026-11-01")
        XCTAssertEqual(s[1].until?.location.description, "suppressions.yaml:8:12")
        // A bare date holds through that day.
        XCTAssertEqual(s[1].expiresAt, Timestamp.parse("2026-11-02T00:00:00Z"))
        XCTAssertEqual(s[2].location.description, "suppressions.yaml:9:5")
    }

    func testTyposMissingReasonAndBadDatesAreErrors() {
        guard case .failure(let e) = ConfigReader.read(text: GatingFixture.text("suppression-typo.yaml"), path: "c.yaml") else {
            return XCTFail("read")
        }
        XCTAssertEqual(e.description, """
            c.yaml:3:5: error: unknown key "workflw" in a suppression; did you mean "workflow"? (allowed: rule, reason, until, workspace, app, connection, workflow, step)
            c.yaml:5:5: error: a suppression is missing the required key "reason"
            c.yaml:8:12: error: "until" of a suppression should be a date like 2026-12-31 (or an RFC 3339 timestamp), got "soon"
            """)
        let unknown = WMDoctorConfig(file: "c.yaml")
        var c = unknown
        c.suppressions = [Suppression(
            rule: Located("WM3O1", at: SourceLocation(file: "c.yaml", line: 2, column: 11)),
            reason: Located("r", at: SourceLocation(file: "c.yaml", line: 3, column: 5)), location: SourceLocation(file: "c.yaml", line: 2, column: 5))]
        XCTAssertEqual(c.checkSuppressions(against: ["WM301", "connection-not-active"]).map(\.message), ["unknown rule \"WM3O1\" in a suppression; did you mean \"WM301\"?"])
    }

    func testSuppressedExpiredAndUnused() throws {
        let r = try gated("suppressions.yaml")
        let states = r.findings.map { "\($0.rule.id) \($0.suppression == nil ? "shown" : "suppressed")" }
        XCTAssertEqual(states.sorted(), ["WM201 shown", "WM301 suppressed", "WM601 suppressed", "WM900 shown", "WM901 shown"])
        // The expired suppression of WM201 no longer hides it, and is itself a warning at its `until`.
        let expired = try XCTUnwrap(r.findings.first { $0.rule.id == "WM900" })
        XCTAssertEqual(expired.severity, .warning)
        XCTAssertEqual(expired.location.description, "suppressions.yaml:8:12")
        XCTAssertEqual(expired.message, "the suppression of \"WM201\" (workflow wf_lead_*) expired on 2026-11-01 and no longer applies: its finding is reported again (reason was: Gmail re-consent pending, ticket OPS-13)")
        let unused = try XCTUnwrap(r.findings.first { $0.rule.id == "WM901" })
        XCTAssertEqual(unused.severity, .info)
        XCTAssertEqual(unused.location.description, "suppressions.yaml:9:5")
        XCTAssertEqual(r.suppressedCount, 2)
        XCTAssertEqual(r.count(.error), 1)
        XCTAssertNotNil(r.descriptor(for: GatingRule.expiredSuppression.id))
    }

    func testBeforeItsDateTheSuppressionHolds() throws {
        var c = try config("suppressions.yaml")
        let until = Located("2026-11-24", at: SourceLocation(file: "s.yaml", line: 8, column: 12))
        c.suppressions[1].until = until
        c.suppressions[1].expiresAt = Timestamp.parse("2026-11-25")
        let r = gatedReport(GatingFixture.files, GatingOptions(suppressions: c.suppressions))
        XCTAssertEqual(r.findings.first { $0.rule.id == "WM201" }?.suppression?.until, "2026-11-24")
        XCTAssertFalse(r.findings.contains { $0.rule.id == "WM900" })
        XCTAssertEqual(r.exitStatus(failOn: .error), 0)
    }

    func testFormatsShowSuppressedFindings() throws {
        let r = try gated("suppressions.yaml")
        let json = JSONReporter().render(r)
        XCTAssertTrue(json.contains(#""suppressed": {"# + "\n" + #"        "reason": "Slack scopes being re-granted, ticket OPS-12","#), json)
        XCTAssertTrue(json.contains(#""until": "2027-03-31""#), json)
        let sarif = SARIFReporter().render(r)
        XCTAssertTrue(sarif.contains(#""justification":"Slack scopes being re-granted, ticket OPS-12""#), sarif)
        XCTAssertTrue(sarif.contains(#""kind":"external""#), sarif)
        let junit = JUnitReporter().render(r)
        XCTAssertTrue(junit.contains(#"<skipped message="suppressed: Slack scopes being re-granted, ticket OPS-12"/>"#), junit)
        XCTAssertTrue(junit.contains(#"skipped="2""#), junit)
        let text = TextReporter(snippets: false).render(r)
        XCTAssertFalse(text.contains("WM301"), text)
        XCTAssertTrue(text.contains("Not shown: 2 suppressed."), text)
    }

    func testGlob() {
        XCTAssertTrue(Glob.matches("wf_lead_*", "wf_lead_alerts"))
        XCTAssertTrue(Glob.matches("*", ""))
        XCTAssertTrue(Glob.matches("a*b*c", "aXXbYbc"))
        XCTAssertFalse(Glob.matches("wf_lead_*", "wf_digest"))
        XCTAssertFalse(Glob.matches("WM20", "WM201"))
    }
}
