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
            "wf_lead_alerts / notify (default)", "wf_digest / post (default)", "wf_off / post (default, workflow disabled)",
        ])
        XCTAssertEqual(slack.health.account, ["id T0ACME", "label acme-marketing"])
        XCTAssertEqual(ws.apps.map(\.described), [
            "conn_gmail (marked default); a step naming no connection gets conn_gmail (default)",
            "conn_spare; a step naming no connection gets conn_spare (only-connection)",
            "conn_slack_mkt (marked default); a step naming no connection gets conn_slack_mkt (default)",
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
}
