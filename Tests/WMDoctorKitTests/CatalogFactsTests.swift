import XCTest

@testable import WMDoctorKit

/// The built-in catalog (Rules/catalog/) against every fact of the app directory spec.
final class CatalogFactsTests: XCTestCase {
    /// Every file of Rules/catalog/, loaded and merged.
    static func builtIn() throws -> AppCatalog {
        let dir = Repo.root.appendingPathComponent("Rules/catalog")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        var catalog = AppCatalog()
        for name in names {
            switch CatalogLoader.load(path: dir.appendingPathComponent(name).path) {
            case .success(let file): catalog.merge(file)
            case .failure(let errors): XCTFail("\(name): \(errors)")
            }
        }
        return catalog
    }

    func testEveryFileLoadsAndDefinesItsApp() throws {
        let catalog = try Self.builtIn()
        XCTAssertEqual(
            catalog.apps.keys.sorted(), ["github", "gmail", "google_sheets", "hubspot", "notion", "slack", "stripe"])
        for (key, app) in catalog.apps {
            XCTAssertTrue(app.location.file.hasSuffix("Rules/catalog/\(key).yaml"), app.location.description)
        }
        let auth = catalog.apps.mapValues { $0.authTypes.map(\.rawValue) }
        XCTAssertEqual(
            auth,
            [
                "slack": ["oauth2"], "gmail": ["oauth2"], "google_sheets": ["oauth2"], "notion": ["oauth2", "token"],
                "stripe": ["api_key"], "github": ["oauth2", "token"], "hubspot": ["oauth2"],
            ])
        XCTAssertEqual(catalog.app("slack")?.tokenKinds, [.bot, .user])
        XCTAssertEqual(catalog.app("gmail")?.scopePrefix, "https://www.googleapis.com/auth/")
        XCTAssertEqual(catalog.app("google_sheets")?.scopePrefix, "https://www.googleapis.com/auth/")
        XCTAssertEqual(catalog.apps.values.filter(\.scopesAbsentMeansFull).count, 0)
    }

    /// (app, "action"/"trigger", key) → exactly the groups and method the spec lists.
    static let needs: [(String, String, String, [[String]], String?)] = {
        let mail = "https://mail.google.com/"
        let sheetsRead = ["spreadsheets", "spreadsheets.readonly", "drive", "drive.readonly", "drive.file"]
        let sheetsWrite = ["spreadsheets", "drive", "drive.file"]
        return [
            ("slack", "action", "send_message", [["chat:write"]], "chat.postMessage"),
            ("slack", "action", "send_message_public", [["chat:write"], ["chat:write.public"]], "chat.postMessage"),
            ("slack", "action", "list_channels", [["channels:read"]], "conversations.list"),
            ("slack", "action", "create_channel", [["channels:manage"]], "conversations.create"),
            ("slack", "action", "invite_to_channel", [["channels:manage"]], "conversations.invite"),
            ("slack", "action", "read_history", [["channels:history"]], "conversations.history"),
            ("slack", "action", "find_user_by_email", [["users:read.email"], ["users:read"]], "users.lookupByEmail"),
            ("slack", "action", "upload_file", [["files:write"]], "files.completeUploadExternal"),
            ("slack", "action", "search_messages", [["search:read"]], "search.messages"),
            ("slack", "action", "add_reaction", [["reactions:write"]], "reactions.add"),
            ("slack", "trigger", "new_message", [["channels:history"]], "Events API message.channels"),
            ("gmail", "action", "send_email", [[mail, "gmail.modify", "gmail.compose", "gmail.send"]], "users.messages.send"),
            ("gmail", "action", "create_draft", [[mail, "gmail.modify", "gmail.compose"]], "users.drafts.create"),
            ("gmail", "action", "read_email", [[mail, "gmail.modify", "gmail.readonly"]], "users.messages.list / users.messages.get"),
            ("gmail", "trigger", "new_email", [[mail, "gmail.modify", "gmail.readonly"]], "users.messages.list / users.messages.get"),
            ("gmail", "action", "add_label", [[mail, "gmail.modify"]], "users.messages.modify"),
            ("gmail", "action", "delete_email", [[mail]], "users.messages.delete"),
            ("google_sheets", "action", "read_rows", [sheetsRead], "spreadsheets.values.get"),
            ("google_sheets", "trigger", "new_row", [sheetsRead], "spreadsheets.values.get"),
            ("google_sheets", "action", "append_row", [sheetsWrite], "spreadsheets.values.append"),
            ("google_sheets", "action", "update_row", [sheetsWrite], "spreadsheets.values.update"),
            ("google_sheets", "action", "create_spreadsheet", [sheetsWrite], "spreadsheets.create"),
            ("notion", "action", "create_page", [["insert_content"]], nil),
            ("notion", "action", "create_database_item", [["insert_content"]], nil),
            ("notion", "action", "update_page", [["update_content"]], nil),
            ("notion", "action", "archive_page", [["update_content"]], nil),
            ("notion", "action", "read_page", [["read_content"]], nil),
            ("notion", "action", "query_database", [["read_content"]], nil),
            ("notion", "trigger", "new_database_item", [["read_content"]], nil),
            ("notion", "action", "add_comment", [["insert_comments"]], nil),
            ("notion", "action", "read_comments", [["read_comments"]], nil),
            ("notion", "action", "find_user_by_email", [["read_user_with_email"]], nil),
            ("stripe", "action", "create_customer", [["rak_customer_write"]], nil),
            ("stripe", "action", "update_customer", [["rak_customer_write"]], nil),
            ("stripe", "action", "get_customer", [["rak_customer_read"]], nil),
            ("stripe", "action", "list_customers", [["rak_customer_read"]], nil),
            ("stripe", "action", "list_charges", [["rak_charge_read"]], nil),
            ("stripe", "action", "create_refund", [["rak_refund_write"]], nil),
            ("stripe", "action", "create_invoice", [["rak_invoice_write"]], nil),
            ("stripe", "action", "cancel_subscription", [["rak_subscription_write"]], nil),
            ("stripe", "trigger", "customer.created", [["rak_webhook_write"]], nil),
            ("stripe", "trigger", "invoice.paid", [["rak_webhook_write"]], nil),
            ("stripe", "trigger", "charge.succeeded", [["rak_webhook_write"]], nil),
            ("github", "action", "create_issue", [["repo", "public_repo"]], nil),
            ("github", "action", "comment_on_issue", [["repo", "public_repo"]], nil),
            ("github", "action", "create_pull_request", [["repo"]], nil),
            ("github", "action", "update_workflow_file", [["repo"], ["workflow"]], nil),
            ("github", "action", "read_org_members", [["read:org"]], nil),
            ("github", "trigger", "push", [["admin:repo_hook"]], nil),
            ("github", "trigger", "pull_request", [["admin:repo_hook"]], nil),
            ("hubspot", "action", "create_contact", [["crm.objects.contacts.write"]], nil),
            ("hubspot", "action", "update_contact", [["crm.objects.contacts.write"]], nil),
            ("hubspot", "action", "get_contact", [["crm.objects.contacts.read"]], nil),
            ("hubspot", "trigger", "new_contact", [["crm.objects.contacts.read"]], nil),
            ("hubspot", "action", "create_deal", [["crm.objects.deals.write"]], nil),
            ("hubspot", "action", "update_deal", [["crm.objects.deals.write"]], nil),
        ]
    }()

    func testEveryOperationNeedsExactlyWhatTheSpecLists() throws {
        let catalog = try Self.builtIn()
        var listed: [String: Int] = [:]
        for (appKey, kind, key, needs, method) in Self.needs {
            let app = try XCTUnwrap(catalog.app(appKey), appKey)
            let op = try XCTUnwrap(kind == "action" ? app.action(key) : app.trigger(key), "\(appKey) \(kind) \(key)")
            XCTAssertEqual(op.needs, needs, "\(appKey) \(kind) \(key)")
            if let method { XCTAssertEqual(op.method, method, "\(appKey) \(key)") }
            listed[appKey, default: 0] += 1
        }
        // Nothing in the catalog that the table does not check.
        for (key, app) in catalog.apps {
            XCTAssertEqual(app.actions.count + app.triggers.count, listed[key], key)
        }
    }

    /// (app, "action"/"trigger", key, granted) → the groups left unmet.
    static let grants: [(String, String, String, [String], [[String]])] = [
        // slack: legacy aliases, two-group actions
        ("slack", "action", "send_message", ["chat:write:bot"], []),
        ("slack", "action", "send_message", ["chat:write:user"], []),
        ("slack", "action", "send_message", ["channels:read"], [["chat:write"]]),
        ("slack", "action", "send_message_public", ["chat:write:bot"], [["chat:write.public"]]),
        ("slack", "action", "send_message_public", ["chat:write", "chat:write.public"], []),
        ("slack", "action", "find_user_by_email", ["users:read.email"], [["users:read"]]),
        ("slack", "action", "find_user_by_email", ["users:read"], [["users:read.email"]]),
        ("slack", "action", "find_user_by_email", ["users:read", "users:read.email"], []),
        ("slack", "action", "search_messages", ["search:read"], []),
        ("slack", "trigger", "new_message", ["channels:read"], [["channels:history"]]),
        // gmail: prefix, the implication chain, compose vs send, metadata, delete
        ("gmail", "action", "send_email", ["https://www.googleapis.com/auth/gmail.compose"], []),
        ("gmail", "action", "send_email", ["https://mail.google.com/"], []),
        ("gmail", "action", "send_email", ["https://www.googleapis.com/auth/gmail.send"], []),
        ("gmail", "action", "send_email", ["gmail.readonly"], [["https://mail.google.com/", "gmail.modify", "gmail.compose", "gmail.send"]]),
        ("gmail", "action", "create_draft", ["https://www.googleapis.com/auth/gmail.send"], [["https://mail.google.com/", "gmail.modify", "gmail.compose"]]),
        ("gmail", "action", "create_draft", ["https://www.googleapis.com/auth/gmail.modify"], []),
        ("gmail", "action", "read_email", ["https://www.googleapis.com/auth/gmail.metadata"], [["https://mail.google.com/", "gmail.modify", "gmail.readonly"]]),
        ("gmail", "action", "read_email", ["https://mail.google.com/"], []),
        ("gmail", "trigger", "new_email", ["https://www.googleapis.com/auth/gmail.readonly"], []),
        ("gmail", "action", "add_label", ["https://www.googleapis.com/auth/gmail.readonly"], [["https://mail.google.com/", "gmail.modify"]]),
        ("gmail", "action", "delete_email", ["https://www.googleapis.com/auth/gmail.modify"], [["https://mail.google.com/"]]),
        ("gmail", "action", "delete_email", ["https://mail.google.com/"], []),
        // google_sheets
        ("google_sheets", "action", "append_row", ["https://www.googleapis.com/auth/drive"], []),
        ("google_sheets", "action", "append_row", ["https://www.googleapis.com/auth/drive.readonly"], [["spreadsheets", "drive", "drive.file"]]),
        ("google_sheets", "action", "update_row", ["https://www.googleapis.com/auth/spreadsheets.readonly"], [["spreadsheets", "drive", "drive.file"]]),
        ("google_sheets", "action", "read_rows", ["https://www.googleapis.com/auth/drive.file"], []),
        ("google_sheets", "trigger", "new_row", ["https://www.googleapis.com/auth/spreadsheets.readonly"], []),
        ("google_sheets", "action", "create_spreadsheet", ["https://www.googleapis.com/auth/spreadsheets"], []),
        // notion
        ("notion", "action", "read_page", ["insert_content"], [["read_content"]]),
        ("notion", "action", "create_page", ["insert_content"], []),
        ("notion", "action", "find_user_by_email", ["read_user_without_email"], [["read_user_with_email"]]),
        // stripe: write includes read, webhooks for triggers
        ("stripe", "action", "get_customer", ["rak_customer_write"], []),
        ("stripe", "action", "list_customers", ["rak_customer_write"], []),
        ("stripe", "action", "create_customer", ["rak_customer_read"], [["rak_customer_write"]]),
        ("stripe", "action", "list_charges", ["rak_charge_write"], []),
        ("stripe", "trigger", "customer.created", ["rak_customer_write"], [["rak_webhook_write"]]),
        ("stripe", "trigger", "invoice.paid", ["rak_webhook_write"], []),
        // github
        ("github", "action", "create_issue", ["public_repo"], []),
        ("github", "action", "create_issue", ["repo"], []),
        ("github", "action", "comment_on_issue", ["public_repo"], []),
        ("github", "action", "create_pull_request", ["public_repo"], [["repo"]]),
        ("github", "action", "update_workflow_file", ["repo"], [["workflow"]]),
        ("github", "action", "update_workflow_file", ["workflow"], [["repo"]]),
        ("github", "action", "update_workflow_file", ["repo", "workflow"], []),
        ("github", "action", "read_org_members", ["admin:org"], []),
        ("github", "action", "read_org_members", ["write:org"], []),
        ("github", "trigger", "push", ["write:repo_hook"], [["admin:repo_hook"]]),
        ("github", "trigger", "pull_request", ["admin:repo_hook"], []),
        // hubspot: write does not include read
        ("hubspot", "action", "get_contact", ["crm.objects.contacts.write"], [["crm.objects.contacts.read"]]),
        ("hubspot", "action", "create_deal", ["crm.objects.deals.write"], []),
    ]

    func testGrantedScopesAgainstNeeds() throws {
        let catalog = try Self.builtIn()
        for (appKey, kind, key, granted, unmet) in Self.grants {
            let app = try XCTUnwrap(catalog.app(appKey))
            let op = try XCTUnwrap(kind == "action" ? app.action(key) : app.trigger(key), "\(appKey) \(key)")
            XCTAssertEqual(app.unmetGroups(op.needs, granted: granted), unmet, "\(appKey) \(key) with \(granted)")
        }
    }

    func testImplicationsAndAliases() throws {
        let catalog = try Self.builtIn()
        let gmail = try XCTUnwrap(catalog.app("gmail"))
        XCTAssertEqual(
            gmail.closure(of: ["https://mail.google.com/"]),
            ["https://mail.google.com/", "gmail.modify", "gmail.readonly", "gmail.compose", "gmail.send", "gmail.metadata"])
        XCTAssertEqual(gmail.closure(of: ["https://www.googleapis.com/auth/gmail.compose"]), ["gmail.compose", "gmail.send"])
        XCTAssertEqual(gmail.canonical("https://mail.google.com/"), "https://mail.google.com/")
        let sheets = try XCTUnwrap(catalog.app("google_sheets"))
        XCTAssertEqual(sheets.closure(of: ["drive"]), ["drive", "drive.readonly", "drive.file"])
        XCTAssertEqual(sheets.closure(of: ["spreadsheets"]), ["spreadsheets", "spreadsheets.readonly"])
        let notion = try XCTUnwrap(catalog.app("notion"))
        XCTAssertEqual(notion.closure(of: ["read_user_with_email"]), ["read_user_with_email", "read_user_without_email"])
        XCTAssertEqual(notion.closure(of: ["insert_content"]), ["insert_content"])
        let stripe = try XCTUnwrap(catalog.app("stripe"))
        for x in ["customer", "charge", "refund", "invoice", "subscription", "webhook"] {
            XCTAssertEqual(stripe.closure(of: ["rak_\(x)_write"]), ["rak_\(x)_write", "rak_\(x)_read"], x)
        }
        let github = try XCTUnwrap(catalog.app("github"))
        XCTAssertEqual(
            github.closure(of: ["repo"]), ["repo", "repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"])
        XCTAssertFalse(github.closure(of: ["repo"]).contains("workflow"))
        XCTAssertEqual(github.closure(of: ["admin:org"]), ["admin:org", "write:org", "read:org"])
        XCTAssertEqual(github.closure(of: ["admin:repo_hook"]), ["admin:repo_hook", "write:repo_hook", "read:repo_hook"])
        XCTAssertEqual(github.closure(of: ["user"]), ["user", "read:user", "user:email", "user:follow"])
        let slack = try XCTUnwrap(catalog.app("slack"))
        XCTAssertEqual(slack.aliases, ["chat:write:bot": "chat:write", "chat:write:user": "chat:write"])
        XCTAssertEqual(slack.canonical("chat:write:user"), "chat:write")
        XCTAssertEqual(catalog.app("hubspot")?.implies ?? ["x": []], [:])
    }

    func testTokenKindsNotesAndOperationNotes() throws {
        let catalog = try Self.builtIn()
        let slack = try XCTUnwrap(catalog.app("slack"))
        XCTAssertEqual(slack.action("search_messages")?.tokenKind, .user)
        XCTAssertEqual(slack.actions.values.filter { $0.tokenKind != nil }.map(\.key), ["search_messages"])
        XCTAssertTrue(slack.action("search_messages")?.note?.contains("not_allowed_token_type") == true)
        XCTAssertTrue(slack.action("list_channels")?.note?.contains("groups:read") == true)
        XCTAssertTrue(slack.action("invite_to_channel")?.note?.contains("groups:write") == true)
        XCTAssertTrue(slack.notes.contains { $0.contains("12 hours") && $0.contains("refreshable") })
        XCTAssertTrue(slack.notes.contains { $0.contains("do not expire unless token rotation") })
        for key in ["gmail", "google_sheets"] {
            let app = try XCTUnwrap(catalog.app(key))
            XCTAssertTrue(app.notes.contains { $0.contains("Testing") && $0.contains("7 days") }, key)
            XCTAssertTrue(app.notes.contains { $0.contains("6 months") }, key)
        }
        let gmail = try XCTUnwrap(catalog.app("gmail"))
        XCTAssertTrue(gmail.action("create_draft")?.note?.contains("gmail.send") == true)
        XCTAssertTrue(gmail.action("read_email")?.note?.contains("gmail.metadata") == true)
        XCTAssertTrue(gmail.action("delete_email")?.note?.contains("https://mail.google.com/") == true)
        let sheets = try XCTUnwrap(catalog.app("google_sheets"))
        XCTAssertTrue(sheets.notes.contains { $0.contains("drive.file") && $0.contains("The caller does not have permission") })
        XCTAssertTrue(catalog.app("notion")?.action("read_page")?.note?.contains("insert_content") == true)
        let stripe = try XCTUnwrap(catalog.app("stripe"))
        XCTAssertTrue(stripe.notes.contains { $0.contains("invisible to the other") })
        XCTAssertTrue(stripe.notes.contains { $0.contains("production") })
        XCTAssertTrue(stripe.notes.contains { $0.contains("real money") })
        XCTAssertTrue(catalog.app("github")?.action("update_workflow_file")?.note?.contains("workflow") == true)
    }

    func testProviderErrorCodes() throws {
        let catalog = try Self.builtIn()
        let expected: [String: [String]] = [
            "slack": ["missing_scope", "not_in_channel", "invalid_auth", "token_revoked", "account_inactive"],
            "gmail": ["invalid_grant"],
            "google_sheets": ["invalid_grant", "PERMISSION_DENIED"],
            "notion": ["restricted_resource", "object_not_found", "unauthorized"],
            "stripe": ["StripePermissionError"],
        ]
        for (key, codes) in expected {
            let errors = try XCTUnwrap(catalog.app(key)?.errors)
            for code in codes { XCTAssertNotNil(errors[code], "\(key) \(code)") }
        }
        XCTAssertTrue(catalog.app("slack")?.errors["missing_scope"]?.contains("needed") == true)
        XCTAssertTrue(catalog.app("gmail")?.errors["invalid_grant"]?.contains("Token has been expired or revoked.") == true)
        XCTAssertTrue(catalog.app("stripe")?.errors["StripePermissionError"]?.contains("403") == true)
        XCTAssertTrue(catalog.app("notion")?.errors["object_not_found"]?.contains("404") == true)
    }

    func testStripeKeyModes() throws {
        let stripe = try XCTUnwrap(try Self.builtIn().app("stripe"))
        XCTAssertEqual(stripe.keyMode(forHint: "sk_live_…4242"), CatalogKeyMode(prefix: "sk_live_", mode: .live, fullAccess: true))
        XCTAssertEqual(stripe.keyMode(forHint: "sk_test_…4242"), CatalogKeyMode(prefix: "sk_test_", mode: .test, fullAccess: true))
        XCTAssertEqual(stripe.keyMode(forHint: "rk_live_…4242"), CatalogKeyMode(prefix: "rk_live_", mode: .live, fullAccess: false))
        XCTAssertEqual(stripe.keyMode(forHint: "rk_test_…4242"), CatalogKeyMode(prefix: "rk_test_", mode: .test, fullAccess: false))
        XCTAssertNil(stripe.keyMode(forHint: "pk_live_…4242"))
        XCTAssertNil(try Self.builtIn().app("slack")?.keyMode(forHint: "sk_live_x"))
    }
}
