import XCTest

@testable import WMDoctorKit

/// WM301 to WM303 name a usable connection that can run the broken one's uses
/// now (`wm.standIn`): same app, account and environment, and a grant that
/// covers the broken one's. Nothing else is offered as one.
final class StandInTests: XCTestCase {
    private func messages(_ broken: String, _ other: String, step: String = "{id: add, app: hubspot, action: create_contact, connection: old}") -> [String] {
        let export = """
            apiVersion: workflow-machine/v1
            kind: Workspace
            workspace: acme
            connections:
              - \(broken)
              - \(other)
            workflows:
              - {id: wf, name: W, steps: [\(step)]}

            """
        // The findings about the broken connection ("old").
        return gatedReport(["a.yaml": export]).findings
            .filter { ["WM301", "WM302", "WM303"].contains($0.rule.id) && $0.entity.connection == "old" }.map(\.message)
    }

    private let revoked = "{id: old, name: Old, app: hubspot, status: revoked, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write]}}"
    private let expired = "{id: old, name: Old, app: hubspot, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write], expires_at: 2026-11-01}}"
    private let refreshExpired = "{id: old, name: Old, app: hubspot, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write], expires_at: 2026-11-01, refreshable: true, refresh_expires_at: 2026-11-02}}"
    private let broader = "{id: new, name: New, app: hubspot, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write, crm.objects.contacts.read]}}"
    private let phrase = "\"new\" (New) is usable, on the same account, and its grant covers this one's: point that use at it, or reconnect this one"

    func testEachRuleNamesAStandIn() {
        for broken in [revoked, expired, refreshExpired] {
            let found = messages(broken, broader)
            XCTAssertEqual(found.count, 1, broken)
            XCTAssertTrue(found.first?.hasSuffix(phrase) ?? false, found.first ?? "none")
        }
    }

    func testNoStandInWhenItCannotRunTheUsesNow() {
        for other in [
            // a narrower grant; another account; another environment; unusable itself; the grant not exported
            "{id: new, name: New, app: hubspot, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.read]}}",
            "{id: new, name: New, app: hubspot, account: {id: \"45\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write]}}",
            "{id: new, name: New, app: hubspot, environment: staging, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write]}}",
            "{id: new, name: New, app: hubspot, status: revoked, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write]}}",
            "{id: new, name: New, app: hubspot, account: {id: \"44\"}, auth: {type: oauth2}}",
        ] {
            let found = messages(revoked, other)
            XCTAssertEqual(found.count, 1, other)
            XCTAssertFalse(found.first?.contains("is usable, on the same account") ?? true, found.first ?? "none")
        }
    }

    /// Steps that name no connection get the stand-in once it is the app's default.
    func testUsesByDefaultAreMovedByMakingTheStandInTheDefault() {
        let broken = "{id: old, name: Old, app: hubspot, default: true, status: revoked, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write]}}"
        let byDefault = messages(broken, broader, step: "{id: add, app: hubspot, action: create_contact}")
        XCTAssertTrue(byDefault.first?.hasSuffix("its grant covers this one's: make it the hubspot default instead of this one, or reconnect this one") ?? false, byDefault.first ?? "none")
        let both = messages(
            broken, broader,
            step: "{id: add, app: hubspot, action: create_contact}, {id: more, app: hubspot, action: create_contact, connection: old}")
        XCTAssertTrue(
            both.first?.hasSuffix("point the use that names this one at it and make it the hubspot default instead of this one, or reconnect this one") ?? false,
            both.first ?? "none")
        // Not the default: picked as the most recently created of two.
        let recent = "{id: old, name: Old, app: hubspot, created_at: 2026-06-01, status: revoked, account: {id: \"44\"}, auth: {type: oauth2, scopes: [crm.objects.contacts.write]}}"
        let newer = messages(recent, broader.replacingOccurrences(of: "{id: new,", with: "{id: new, created_at: 2026-01-01,"), step: "{id: add, app: hubspot, action: create_contact}")
        XCTAssertTrue(newer.first?.hasSuffix("make it the hubspot default, or reconnect this one") ?? false, newer.first ?? "none")
    }

    func testNoStandInWithoutUses() {
        let found = messages(revoked, broader, step: "{id: add, app: slack, action: send_message}")
        XCTAssertEqual(found.count, 1)
        XCTAssertFalse(found.first?.contains("is usable") ?? true, found.first ?? "none")
    }
}
