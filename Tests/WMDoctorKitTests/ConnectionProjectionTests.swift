import CEL
import XCTest

@testable import WMDoctorKit

/// Connections are classed by the values a rule reads of them, and each
/// function that takes a connection depends on no value but those it declares
/// (``RuleFunctions/connectionReads``): what lets a rule's answer for one
/// connection be the answer for another of its class.
final class ConnectionProjectionTests: XCTestCase {
    private static let rules = RuleSet.load(RuleSet.builtinFiles).0

    /// Every value of a connection a function could read, as YAML, by path (nil: absent).
    private typealias Values = [String: String?]
    private static let allPaths = [
        "app", "name", "status", "environment", "default", "owner", "created_at", "updated_at", "last_used_at",
        "account.id", "account.label", "account.email", "account.mode",
        "auth.type", "auth.scopes", "auth.token_kind", "auth.key_hint", "auth.expires_at", "auth.refreshable",
        "auth.refresh_expires_at", "auth.issued_at",
    ]

    /// Connections unlike one another in what the functions read.
    private static let originals: [Values] = [
        ["app": "slack", "auth.type": "oauth2", "auth.scopes": "[chat:write, channels:read]", "auth.token_kind": "bot", "account.id": "T1", "account.email": "ops@acme.com"],
        ["app": "slack", "auth.type": "oauth2", "account.id": "T2", "account.label": "team-2"],
        ["app": "slack", "auth.type": "oauth2", "auth.scopes": "[]", "account.label": "T1"],
        ["app": "stripe", "auth.type": "api_key", "auth.key_hint": "\"rk_test_…1\"", "auth.scopes": "[rak_charge_read]", "account.id": "acct_1", "account.mode": "live"],
        ["app": "stripe", "auth.type": "api_key", "auth.key_hint": "\"sk_live_…2\"", "account.id": "acct_2"],
        ["app": "stripe", "auth.type": "api_key", "account.mode": "test", "account.email": "x@acme.com"],
        ["app": "gmail", "auth.type": "oauth2", "auth.scopes": "[https://www.googleapis.com/auth/gmail.modify]", "account.email": "ops@ACME.com"],
        ["app": "notion", "auth.type": "token", "account.id": "N1"],
    ]

    /// A value for every path, unlike any original's.
    private static let other: Values = [
        "app": "github", "name": "Other", "status": "revoked", "environment": "staging", "default": "true", "owner": "someone",
        "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-02-01T00:00:00Z", "last_used_at": "2025-03-01T00:00:00Z",
        "account.id": "Z9", "account.label": "zz", "account.email": "z@zz.org", "account.mode": "test",
        "auth.type": "basic", "auth.scopes": "[repo]", "auth.token_kind": "user", "auth.key_hint": "\"ghp_…9\"",
        "auth.expires_at": "2025-04-01T00:00:00Z", "auth.refreshable": "true", "auth.refresh_expires_at": "2025-05-01T00:00:00Z",
        "auth.issued_at": "2024-01-01T00:00:00Z",
    ]

    private static func yaml(_ id: String, _ v: Values) -> String {
        func group(_ prefix: String) -> String {
            let entries = allPaths.filter { $0.hasPrefix(prefix + ".") }.compactMap { p in (v[p] ?? nil).map { "\(p.dropFirst(prefix.count + 1)): \($0)" } }
            return "{" + entries.joined(separator: ", ") + "}"
        }
        var parts = ["id: \(id)", "name: \((v["name"] ?? nil) ?? id)"]
        for p in allPaths where !p.contains(".") && p != "name" { if let x = v[p] ?? nil { parts.append("\(p): \(x)") } }
        parts.append("account: " + group("account"))
        parts.append("auth: " + group("auth"))
        return "  - {" + parts.joined(separator: ", ") + "}\n"
    }

    /// The connection objects of `connections` (YAML items), in order.
    private func objects(_ connections: String) throws -> [ConnectionObject] {
        let file = load(header + "connections:\n" + connections + "workflows: []\n", name: "c.yaml")
        XCTAssertNil(file.error)
        let ws = try XCTUnwrap(WorkspaceMerger.merge([file]).0.first)
        let resolved = BindingResolver.resolve(ws, now: testNow, catalog: Self.rules.catalog)
        return WorkspaceObjects(resolved, others: [], catalog: Self.rules.catalog).connections
    }

    /// For each function, twins of each original that keep only the paths it
    /// declares and take another value for every other path: the function
    /// answers alike for both.
    func testEachFunctionAnswersAlikeForConnectionsThatAgreeOnWhatItDeclares() throws {
        let catalog = Self.rules.catalog
        let catalogObjects = CatalogObjects(catalog: catalog)
        let operations = [("slack", "send_message"), ("slack", "search_messages"), ("stripe", "create_refund"), ("gmail", "send_email")]
            .compactMap { catalogObjects.operation(app: $0.0, key: $0.1, trigger: false) }
        XCTAssertEqual(operations.count, 4)
        let calls: [String: [String]] = [
            "wm.unmetGroups": ["wm.unmetGroups(connection, operation)"],
            "wm.grants": ["wm.grants(connection, 'chat:write')", "wm.grants(connection, 'rak_charge_read')", "wm.grants(connection, 'repo')"],
            "wm.mode": ["wm.mode(connection)"], "wm.keyMode": ["wm.keyMode(connection)"], "wm.keyAccess": ["wm.keyAccess(connection)"],
            "wm.matchesAccount": ["wm.matchesAccount(connection, 'T1')", "wm.matchesAccount(connection, '*@acme.com')", "wm.matchesAccount(connection, 'team-*')"],
        ]
        XCTAssertEqual(Set(calls.keys), Set(RuleFunctions.connectionReads.keys), "every declared function is checked")
        let env = RuleEnvironment.make(scopes: [.steps], lets: [], params: [], catalog: catalog)
        for (function, declared) in RuleFunctions.connectionReads {
            let kept = Set(declared.paths.map { $0.joined(separator: ".") })
            XCTAssertTrue(kept.isSubset(of: Set(Self.allPaths)), function)
            var text = ""
            for (i, o) in Self.originals.enumerated() {
                var twin: Values = [:]
                for p in Self.allPaths { twin[p] = kept.contains(p) ? (o[p] ?? nil) : (Self.other[p] ?? nil) }
                text += Self.yaml("o\(i)", o) + Self.yaml("t\(i)", twin)
            }
            let connections = try objects(text)
            XCTAssertEqual(connections.count, 2 * Self.originals.count)
            var differed = false
            for expression in calls[function] ?? [] {
                let program = try CELProgram(compiling: expression, environment: env)
                for op in operations {
                    for i in Self.originals.indices {
                        func answer(_ c: ConnectionObject) throws -> String {
                            String(describing: try program.evaluate(["connection": .object(c), "operation": .object(op)]))
                        }
                        let (a, b) = (try answer(connections[2 * i]), try answer(connections[2 * i + 1]))
                        XCTAssertEqual(a, b, "\(expression) on o\(i) and its twin")
                        if i > 0, a != (try answer(connections[0])) { differed = true }
                    }
                }
            }
            XCTAssertTrue(differed, "\(function): the originals must give it different answers")
        }
    }

    func testConnectionsAreClassedByTheValuesAtThePaths() throws {
        let connections = try objects(
            """
              - {id: a, name: A, app: slack, account: {id: T1, mode: live}, auth: {type: oauth2, scopes: [x, y]}}
              - {id: b, name: B, app: slack, account: {id: T2, mode: live}, auth: {type: oauth2, scopes: [x, y]}}
              - {id: c, name: C, app: slack, account: {id: T3}, auth: {type: oauth2, scopes: [y, x]}}
              - {id: d, name: D, app: slack, account: {id: T4}, auth: {type: oauth2}}
              - {id: e, name: E, app: slack, account: {id: T5}, auth: {type: oauth2, scopes: []}}
              - {id: f, name: F, app: gmail, account: {id: T1, mode: live}, auth: {type: oauth2, scopes: [x, y]}}

            """)
        func classes(_ paths: [[String]]) -> [UInt32] { ConnectionProjection(paths).classes(of: connections) }
        XCTAssertEqual(classes([["app"]]), [0, 0, 0, 0, 0, 1])
        XCTAssertEqual(classes([["auth", "scopes"]]), [0, 0, 1, 2, 3, 0], "in order; not exported and empty told apart")
        XCTAssertEqual(classes([["app"], ["auth", "scopes"]]), [0, 0, 1, 2, 3, 4])
        XCTAssertEqual(classes([["account", "mode"]]), [0, 0, 1, 1, 1, 0])
        XCTAssertEqual(classes([]), [0, 0, 0, 0, 0, 0], "nothing read: one class")
        XCTAssertEqual(classes([["app", "length"]]), [0, 0, 0, 0, 0, 1], "a field of a text: where the path stops, and the text")
        XCTAssertEqual(classes([["account"]]), [0, 1, 2, 3, 4, 5], "an object is no value: each connection its own class")
        XCTAssertEqual(ConnectionProjection([["b"], ["a"], ["b"]]).paths, [["a"], ["b"]])
    }

    func testAListIsKeyedByItsCountAndTheClassesOfItsConnections() {
        let classes: [UInt32] = [0, 0, 1, 2]
        func key(_ held: ConnectionIndices) -> [UInt64]? {
            classes.withUnsafeBufferPointer { ConnectionProjection.words(held, rows: $0.baseAddress, count: $0.count, stride: 1, column: 0).map { [$0.0, $0.1] } }
        }
        // Two projections side by side: each column is its own classes.
        let rows: [UInt32] = [0, 5, 0, 6, 1, 5, 2, 5]
        func key(_ held: ConnectionIndices, column: Int) -> [UInt64]? {
            rows.withUnsafeBufferPointer { ConnectionProjection.words(held, rows: $0.baseAddress, count: 4, stride: 2, column: column).map { [$0.0, $0.1] } }
        }
        XCTAssertEqual(key(ConnectionIndices(one: 0), column: 0), key(ConnectionIndices(one: 0), column: 0))
        XCTAssertEqual(key(ConnectionIndices(one: 0), column: 0), key(ConnectionIndices(one: 1), column: 0))
        XCTAssertNotEqual(key(ConnectionIndices(one: 0), column: 1), key(ConnectionIndices(one: 1), column: 1))
        XCTAssertEqual(key(ConnectionIndices([0, 2]), column: 1), key(ConnectionIndices([2, 3]), column: 1))
        XCTAssertEqual(key(ConnectionIndices(one: 2), column: 0), [1 | 1 << 32, 0], "one connection of class 1")
        XCTAssertNil(key(ConnectionIndices(one: 4), column: 0), "past the rows: not keyed")
        XCTAssertEqual(key(ConnectionIndices(one: 0)), key(ConnectionIndices(one: 1)), "two connections of one class")
        XCTAssertEqual(key(ConnectionIndices(one: 0)), key(ConnectionIndices([1])))
        XCTAssertNotEqual(key(ConnectionIndices(one: 0)), key(ConnectionIndices(one: 2)))
        XCTAssertEqual(key(ConnectionIndices(one: nil)), key(ConnectionIndices([])))
        XCTAssertNotEqual(key(ConnectionIndices(one: nil)), key(ConnectionIndices(one: 0)))
        XCTAssertEqual(key(ConnectionIndices([0, 2])), key(ConnectionIndices([1, 2])))
        XCTAssertNotEqual(key(ConnectionIndices([0, 2])), key(ConnectionIndices([2, 0])), "in order")
        XCTAssertNotEqual(key(ConnectionIndices([0, 0])), key(ConnectionIndices([0])), "by count")
        XCTAssertNotEqual(key(ConnectionIndices([0, 2, 3])), key(ConnectionIndices([0, 3, 2])))
        XCTAssertNil(key(ConnectionIndices([0, 1, 2, 3])), "more than three: not keyed")
        XCTAssertNil(key(ConnectionIndices(one: 4)), "an index without a class: not keyed")
        XCTAssertNil(key(ConnectionIndices(one: Int(Int32.max) + 1)), "an index past 32 bits: not keyed")
        XCTAssertNil(key(ConnectionIndices([0, -1])))
        XCTAssertNil(key(ConnectionIndices([0, Int(Int32.max) + 1])), "an index past 32 bits in a list: not keyed")
    }
}
