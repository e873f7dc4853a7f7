import Foundation
import XCTest

@testable import WMDoctorKit

/// Impact of connection findings and the ranking of fixes (`check --rank`).
final class ImpactTests: XCTestCase {
    func testConnectionFindingsCarryImpactThroughTheDefault() throws {
        let r = gatedReport(GatingFixture.files)
        let revoked = try XCTUnwrap(r.findings.first { $0.rule.id == "WM301" })
        // Bound through the default by two enabled workflows; the disabled one does not count.
        XCTAssertEqual(revoked.impact, Impact(steps: 2, triggers: 0, workflows: 2))
        XCTAssertNil(r.findings.first { $0.rule.id == "WM601" }?.impact, "an unused connection breaks nothing")
        XCTAssertEqual(r.findings.first { $0.rule.id == "WM201" }?.impact, Impact(steps: 1, workflows: 1), "a step finding breaks its step")
        XCTAssertTrue(JSONReporter().render(r).contains("\"impact\": {\n        \"steps\": 2,\n        \"triggers\": 0,\n        \"workflows\": 2\n      }"))
    }

    func testRankListsTheBiggestFixFirst() throws {
        let r = gatedReport(GatingFixture.files, GatingOptions(rank: true))
        let fixes = try XCTUnwrap(r.fixes)
        XCTAssertEqual(fixes.map(\.text), [
            "reconnect \"Marketing Slack\" (conn_slack_mkt): clears 1 finding; fixes 2 steps in 2 workflows",
            "grant the missing scopes to \"Support Gmail\" (conn_gmail): clears 1 finding; fixes 1 step in 1 workflow",
            "clean up \"Spare Notion\" (conn_spare): clears 1 finding",
        ])
        let text = TextReporter(snippets: false).render(r)
        XCTAssertTrue(text.contains("Top fixes:\n  1. reconnect \"Marketing Slack\" (conn_slack_mkt): clears 1 finding; fixes 2 steps in 2 workflows\n"), text)
        XCTAssertTrue(HTMLReporter().render(r).contains("<h2>Fix these first</h2>\n<ol class=\"fixes\">\n<li>reconnect &quot;Marketing Slack&quot;"))
        XCTAssertTrue(JSONReporter().render(r).contains("\"fixes\": ["))
        XCTAssertNil(gatedReport(GatingFixture.files).fixes)
    }

    func testFindingsOfOneConnectionGroupAndCount() throws {
        // Two steps bound to a connection missing scopes: one fix, two findings.
        let yaml = header + """
            connections:
              - {id: conn_gh, name: GitHub, app: github, default: true, account: {label: x}, auth: {type: oauth2, scopes: [repo]}}
            workflows:
              - id: wf
                name: W
                steps:
                  - {id: a, app: github, action: update_workflow_file}
                  - {id: b, app: github, action: update_workflow_file}
            """
        let r = gatedReport(["a.yaml": yaml], GatingOptions(rank: true))
        let first = try XCTUnwrap(r.fixes?.first)
        XCTAssertEqual(first.findings, 2, "\(lines(r.findings))")
        XCTAssertEqual(first.steps, 2)
        XCTAssertEqual(first.connection, "conn_gh")
    }

    /// Several defaults put two steps at risk: marking one default fixes no
    /// step (they run), so it ranks after a revoked connection that breaks
    /// one, though its finding is an error on more uses.
    func testFixesOfRisksFixNoStepAndComeAfterBreakage() throws {
        let yaml = header + """
            connections:
              - {id: a, name: A, app: slack, default: true, updated_at: 2026-09-01, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}}
              - {id: b, name: B, app: slack, default: true, updated_at: 2026-10-01, account: {id: T2}, auth: {type: oauth2, scopes: [chat:write]}}
              - {id: g, name: G, app: gmail, status: revoked, account: {email: me@acme.com}, auth: {type: oauth2, scopes: [gmail.send]}}
            workflows:
              - id: wf
                name: W
                steps:
                  - {id: p1, app: slack, action: send_message}
                  - {id: p2, app: slack, action: send_message}
                  - {id: m, app: gmail, action: send_email}
            """
        let r = gatedReport(["a.yaml": yaml], GatingOptions(rank: true))
        let fixes = try XCTUnwrap(r.fixes)
        XCTAssertEqual(fixes.map(\.text).prefix(2), [
            "reconnect \"G\" (g): clears 1 finding; fixes 1 step in 1 workflow",
            "mark one default for the app of \"A\" (a): clears 1 finding",
        ], "\(fixes.map(\.text))")
        XCTAssertEqual(fixes.map(\.urgency).prefix(2), [0, 1])
    }
}
