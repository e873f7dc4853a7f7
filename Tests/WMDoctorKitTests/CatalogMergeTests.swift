import XCTest

@testable import WMDoctorKit

/// Merging users' catalog files into the built-in one, and the scope logic on hand-built apps.
final class CatalogMergeTests: XCTestCase {
    static let here = SourceLocation(file: "code", line: 1, column: 1)

    func testUserFileAddsAnActionToSlackAndANewApp() throws {
        var catalog = try CatalogFactsTests.builtIn()
        let builtInSlack = try XCTUnwrap(catalog.app("slack"))
        let path = Repo.testdata("catalog/user/extra.yaml")
        catalog.merge(try CatalogLoader.load(path: path).get())

        let slack = try XCTUnwrap(catalog.app("slack"))
        // Added: a new action, an alias and an error code; the rest kept.
        XCTAssertEqual(slack.action("pin_message")?.needs, [["pins:write"]])
        XCTAssertEqual(slack.action("pin_message")?.location.file, path)
        XCTAssertEqual(slack.actions.count, builtInSlack.actions.count + 1)
        XCTAssertEqual(slack.action("search_messages")?.tokenKind, .user)
        XCTAssertEqual(slack.canonical("chat:write:legacy"), "chat:write")
        XCTAssertEqual(slack.canonical("chat:write:bot"), "chat:write")
        XCTAssertEqual(slack.errors["ratelimited"], "too many requests")
        XCTAssertNotNil(slack.errors["missing_scope"])
        // Replaced: the later definition of send_message wins.
        XCTAssertEqual(slack.action("send_message")?.needs, [["chat:write"], ["chat:write.customize"]])
        XCTAssertEqual(slack.action("send_message")?.note, "our workflows post with a custom bot name")
        // Kept: what the user file does not write.
        XCTAssertEqual(slack.name, "Slack")
        XCTAssertEqual(slack.authTypes, [.oauth2])
        XCTAssertEqual(slack.tokenKinds, [.bot, .user])
        XCTAssertEqual(slack.notes, builtInSlack.notes)
        XCTAssertEqual(slack.location, builtInSlack.location)

        let crm = try XCTUnwrap(catalog.app("acme_crm"))
        XCTAssertEqual(crm.name, "Acme CRM")
        XCTAssertEqual(crm.authTypes, [.apiKey])
        XCTAssertTrue(crm.scopesAbsentMeansFull)
        XCTAssertEqual(crm.keyMode(forHint: "acme_live_…1")?.mode, .live)
        XCTAssertEqual(crm.trigger("contact.created")?.needs, [])
        XCTAssertEqual(crm.unmetGroups([], granted: []), [])
        // contacts:admin ⇄ contacts:write is a cycle: the closure still ends.
        XCTAssertEqual(crm.closure(of: ["contacts:admin"]), ["contacts:admin", "contacts:write", "contacts:read"])
        XCTAssertEqual(crm.unmetGroups(crm.action("get_contact")?.needs ?? [], granted: ["contacts:admin"]), [])

        XCTAssertEqual(catalog.apps.count, 8)
    }

    func testLaterFileOverridesOnlyWhatItWrites() throws {
        var catalog = AppCatalog()
        let first = """
            catalog: v1
            apps:
              app:
                name: First
                auth: [oauth2]
                scope_prefix: "p/"
                scopes_absent_means: full
                implies: {a: [b]}
                key_modes: [{prefix: k_, mode: live, full_access: true}]
                notes: [one]
                actions: {x: {needs: [[a]]}}
            """
        let second = """
            catalog: v1
            apps:
              app:
                auth: [token, oauth2]
                implies: {a: [c], "p/c": [d]}
                key_modes: [{prefix: k_, mode: test, full_access: false}, {prefix: k_x_, mode: live, full_access: true}]
                notes: [one, two]
                triggers: {t: {needs: []}}
            """
        catalog.merge(try CatalogLoader.load(bytes: Array(first.utf8), path: "first.yaml").get())
        catalog.merge(try CatalogLoader.load(bytes: Array(second.utf8), path: "second.yaml").get())
        let app = try XCTUnwrap(catalog.app("app"))
        XCTAssertEqual(app.name, "First")
        XCTAssertEqual(app.authTypes, [.oauth2, .token])
        XCTAssertEqual(app.scopePrefix, "p/")
        XCTAssertTrue(app.scopesAbsentMeansFull)
        XCTAssertEqual(app.implies, ["a": ["b", "c"], "c": ["d"]])
        XCTAssertEqual(app.closure(of: ["p/a"]), ["a", "b", "c", "d"])
        XCTAssertEqual(app.keyModes.map(\.prefix), ["k_", "k_x_"])
        XCTAssertEqual(app.keyMode(forHint: "k_…"), CatalogKeyMode(prefix: "k_", mode: .test, fullAccess: false))
        XCTAssertEqual(app.keyMode(forHint: "k_x_…")?.prefix, "k_x_")
        XCTAssertEqual(app.notes, ["one", "two"])
        XCTAssertEqual(app.actions.keys.sorted(), ["x"])
        XCTAssertEqual(app.triggers.keys.sorted(), ["t"])
        XCTAssertEqual(app.location.file, "first.yaml")
    }

    func testCanonicalFormsAndCycles() {
        let app = CatalogApp(
            key: "g", scopePrefix: "https://x/auth/", aliases: ["https://x/auth/old": "new"],
            implies: ["https://x/auth/top": ["old", "mid"], "mid": ["top", "leaf"], "leaf": ["leaf"]],
            location: Self.here)
        XCTAssertEqual(app.name, "g")
        XCTAssertEqual(app.aliases, ["old": "new"])
        XCTAssertEqual(app.implies, ["top": ["new", "mid"], "mid": ["top", "leaf"], "leaf": ["leaf"]])
        XCTAssertEqual(app.canonical("https://x/auth/old"), "new")
        XCTAssertEqual(app.canonical("https://x/auth/"), "https://x/auth/")
        XCTAssertEqual(app.canonical("https://other/old"), "https://other/old")
        XCTAssertEqual(app.closure(of: ["https://x/auth/mid"]), ["mid", "top", "new", "leaf"])
        XCTAssertEqual(app.closure(of: []), [])
        XCTAssertEqual(app.unmetGroups([["new"], ["zzz", "leaf"], ["zzz"]], granted: ["top"]), [["zzz"]])
        XCTAssertTrue(app.satisfies([["https://x/auth/new"]], granted: ["old"]))
    }

    func testSuggestions() throws {
        let catalog = try CatalogFactsTests.builtIn()
        XCTAssertEqual(catalog.suggestAction("send_mesage", app: "slack"), "send_message")
        XCTAssertEqual(catalog.suggestAction("send_emial", app: "gmail"), "send_email")
        XCTAssertNil(catalog.suggestAction("teleport", app: "slack"))
        XCTAssertNil(catalog.suggestAction("send_message", app: "nope"))
        XCTAssertEqual(catalog.suggestTrigger("customer.create", app: "stripe"), "customer.created")
        XCTAssertEqual(catalog.suggestTrigger("new_mesage", app: "slack"), "new_message")
        XCTAssertEqual(catalog.suggestApp("slak"), "slack")
        XCTAssertEqual(catalog.suggestApp("google_sheet"), "google_sheets")
        XCTAssertNil(catalog.suggestApp("salesforce"))
    }
}
