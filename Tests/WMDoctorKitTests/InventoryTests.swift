import Foundation
import XCTest

@testable import WMDoctorKit

/// `wmdoctor inventory`: connections with their uses and binding methods, apps with their defaults.
final class InventoryTests: XCTestCase {
    private var inventory: Inventory { Inventory(gatedReport(GatingFixture.files)) }

    func testConnectionsAndTheirUses() throws {
        let ws = try XCTUnwrap(inventory.workspaces.first)
        XCTAssertEqual(ws.slug, "acme")
        XCTAssertEqual(ws.connections.map(\.health.id), ["conn_slack_mkt", "conn_gmail", "conn_spare"])
        let slack = ws.connections[0]
        XCTAssertEqual(slack.uses.map(\.described), [
            "wf_lead_alerts / notify (as its app's default)", "wf_digest / post (as its app's default)",
            "wf_off / post (as its app's default, workflow disabled)",
        ])
        XCTAssertEqual(slack.health.account, ["id T0ACME", "label acme-marketing"])
        XCTAssertEqual(ws.apps.map(\.described), [
            "conn_gmail (marked default); a step naming no connection gets conn_gmail (as its app's default)",
            "conn_spare; a step naming no connection gets conn_spare (as its app's only connection)",
            "conn_slack_mkt (marked default); a step naming no connection gets conn_slack_mkt (as its app's default)",
        ])
    }

    func testFormatsAreDeterministicAndHoldNoSecrets() throws {
        for format in InventoryFormat.allCases {
            let a = format.render(inventory), b = format.render(inventory)
            XCTAssertEqual(a, b)
            XCTAssertFalse(a.contains("access_token"))
        }
        let text = InventoryFormat.text.render(inventory)
        XCTAssertTrue(text.hasPrefix("Workspace acme\n\nConnections\n  conn_slack_mkt \"Marketing Slack\": slack, revoked (last error token_revoked), default\n"), text)
        XCTAssertTrue(text.hasSuffix("1 workspace, 3 connections.\n"), text)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(InventoryFormat.json.render(inventory).utf8)) as? [String: Any])
        let ws = try XCTUnwrap((json["workspaces"] as? [[String: Any]])?.first)
        let conns = try XCTUnwrap(ws["connections"] as? [[String: Any]])
        XCTAssertEqual((conns[0]["uses"] as? [[String: Any]])?.first?["method"] as? String, "default")
        let md = InventoryFormat.markdown.render(inventory)
        XCTAssertTrue(md.contains("| `conn_slack_mkt` | Marketing Slack | slack |"), md)
    }

    /// Support views show environment, key type and mode, "full access" where the
    /// spec says so, health from the rules' definition, and unresolved steps.
    func testSupportViewsShowWhatTheRulesKnow() throws {
        let yaml = header + """
            connections:
              - {id: s_live, name: Stripe, app: stripe, environment: production, account: {id: acct_1, mode: test}, auth: {type: api_key, key_hint: "sk_live_…42"}}
              - {id: r_test, name: Restricted, app: stripe, environment: staging, account: {id: acct_1}, auth: {type: api_key, key_hint: "rk_test_…43", scopes: [rak_charge_read]}}
              - {id: n, name: Notion, app: notion, status: revoked, account: {label: n}, auth: {type: token}}
              - {id: g, name: Gmail, app: gmail, account: {email: a@acme.com}, auth: {type: oauth2}}
            workflows:
              - id: wf
                name: W
                steps:
                  - {id: a, app: gmail, action: send_email, connection: gone}
                  - {id: b, app: slack, action: send_message}
                  - {id: c, app: notion, action: create_page, connection: {name: Nope}}

            """
        let inv = Inventory(gatedReport(["a.yaml": yaml]))
        let ws = try XCTUnwrap(inv.workspaces.first)
        let h = ws.connections.map(\.health)
        XCTAssertEqual(h.map(\.environment), ["production", "staging", nil, nil])
        XCTAssertEqual(h.map(\.keyDescription), ["live, full-access key", "test, restricted key", nil, nil], "the key decides the mode, not account.mode")
        XCTAssertEqual(h.map(\.credential.grantDescription), ["full access", "rak_charge_read", "full access", "not exported (unknown for OAuth)"])
        XCTAssertEqual(h.map(\.healthDescription), ["usable", "usable", "unusable: revoked", "usable"])
        XCTAssertEqual(ws.unresolved.map(\.described), [
            "wf / a (a.yaml:13:9): names the connection id \"gone\", which does not exist",
            "wf / b (a.yaml:14:9): names no connection, and its app has none",
            "wf / c (a.yaml:15:9): names the connection \"Nope\", which does not exist for its app",
        ])
        let text = InventoryFormat.text.render(inv)
        XCTAssertTrue(text.contains("    health: unusable: revoked\n"), text)
        XCTAssertTrue(text.contains("    key: live, full-access key\n"), text)
        XCTAssertTrue(text.contains("Steps and triggers whose connection does not resolve\n"), text)
        let html = HTMLReporter().render(gatedReport(["a.yaml": yaml]))
        XCTAssertTrue(html.contains("<small>live, full-access key</small></td>"), html)
        XCTAssertTrue(html.contains("<td>full access</td>"), html)
        XCTAssertTrue(html.contains("<span class=\"bad\">unusable: revoked</span>"), html)
        // No green "does not expire" can contradict a red health: the health column says it once.
        XCTAssertTrue(html.contains("<th>Health</th>"), html)
    }
}
