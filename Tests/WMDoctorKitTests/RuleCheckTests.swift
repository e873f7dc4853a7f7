import XCTest

@testable import WMDoctorKit

/// The type check of rule files at load: one test per class of mistake, each
/// with the exact line and column in the rule file and the suggestion.
final class RuleCheckTests: XCTestCase {
    static let catalog = RuleSet.load(RuleSet.builtinFiles.filter { $0.path.contains("/catalog/") }).0.catalog

    /// A rule file whose `body` (the keys after `for`) is under test; line 7 is the first line of `body`.
    static func rule(for scope: String = "connections", _ body: String) -> String {
        """
        id: ACME001
        name: test-rule
        category: wrong-account
        severity: error
        summary: A test.
        for: \(scope)
        \(body)
        examples:
          - name: fires
            triggers: true
            export: |
              apiVersion: workflow-machine/v1
              kind: ConnectionList
              workspace: acme
              connections:
                - {id: g, name: G, app: gmail, account: {email: me@gmail.com}, auth: {type: oauth2}}  # <-
          - name: does not fire
            triggers: false
            export: |
              apiVersion: workflow-machine/v1
              kind: ConnectionList
              workspace: acme
              connections: []

        """
    }

    /// The load errors as `line:column: message`.
    func errors(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        switch RuleLoader.load(text: text, path: "rules/ACME001.yaml", catalog: Self.catalog) {
        case .success:
            XCTFail("the rule loaded", file: file, line: line)
            return []
        case .failure(let e):
            return e.errors.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        }
    }

    func loads(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Rule? {
        try? Self.loaded(text, file: file, line: line)
    }

    struct RuleDidNotLoad: Error {}

    /// `text` loaded as the rule file `rules/ACME001.yaml`; its load errors fail the test, and it throws.
    static func loaded(
        _ text: String, catalog: AppCatalog = catalog, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Rule {
        switch RuleLoader.load(text: text, path: "rules/ACME001.yaml", catalog: catalog) {
        case .success(let r): return r
        case .failure(let e):
            XCTFail(e.errors.map(\.message).joined(separator: "\n"), file: file, line: line)
            throw RuleDidNotLoad()
        }
    }

    /// The case: the typo sits behind `connection.app == "gmail"`, so
    /// no export without a Gmail connection would ever evaluate it.
    func testUnknownFieldBehindAGuardIsReportedAtLoad() {
        let text = Self.rule("""
            when: connection.app == "gmail" && connection.acount.email != null
            message: m
            """)
        XCTAssertEqual(errors(text), ["7:47: in when: wm.Connection has no field 'acount'; did you mean 'account'?"])
    }

    func testUnknownFieldOfANestedType() {
        let text = Self.rule("""
            when: connection.ap == "gmail"
            message: m
            """)
        XCTAssertEqual(errors(text), ["7:18: in when: wm.Connection has no field 'ap'; did you mean 'app'?"])
        let auth = Self.rule("""
            when: connection.auth.expire_at != null
            message: m
            """)
        XCTAssertEqual(errors(auth), ["7:23: in when: wm.Auth has no field 'expire_at'; did you mean 'expires_at'?"])
    }

    func testUnknownVariable() {
        let text = Self.rule("""
            when: conection.app == "gmail"
            message: m
            """)
        XCTAssertEqual(errors(text), ["7:7: in when: undeclared reference to 'conection'; did you mean 'connection'?"])
    }

    func testUnknownFunction() {
        let text = Self.rule("""
            when: wm.grant(connection, "chat:write")
            message: m
            """)
        XCTAssertEqual(errors(text), ["7:7: in when: undeclared reference to function 'wm.grant'; did you mean 'wm.grants'?"])
    }

    func testWrongArgumentTypes() {
        let text = Self.rule("""
            when: connection.auth.expires_at > "2026-01-01T00:00:00Z"
            message: m
            """)
        XCTAssertEqual(errors(text), ["7:34: in when: '>' cannot be applied to timestamp? and string"])
        let call = Self.rule("""
            when: now - connection.auth.issued_at > wm.days("7")
            message: m
            """)
        XCTAssertEqual(errors(call), [
            "7:41: in when: no overload of 'wm.days' takes (string); it takes (int) or (uint) or (double)"
        ])
    }

    func testWhenThatIsNotABool() {
        let text = Self.rule("""
            when: connection.account.email
            message: m
            """)
        XCTAssertEqual(errors(text), ["7:7: \"when\" should give a bool, but gives string?"])
    }

    func testLetTypesFlowIntoWhen() {
        let text = Self.rule("""
            let:
              uses: connection.usage.size()
            when: uses == "none"
            message: m
            """)
        XCTAssertEqual(errors(text), ["9:12: in when: '==' cannot be applied to int and string"])
    }

    func testAtThatIsNotALocatedField() {
        let typo = Self.rule("""
            when: true
            message: m
            at: connection.account.emial
            """)
        XCTAssertEqual(errors(typo), ["9:24: \"at\": wm.Account has no field \"emial\"; did you mean \"email\"?"])
        let computed = Self.rule("""
            when: true
            message: m
            at: connection.used_by
            """)
        XCTAssertEqual(errors(computed), [
            "9:16: \"at\": connection.used_by is not written in the export (how many uses belong to enabled workflows), so a finding cannot point at it"
        ])
        let root = Self.rule("""
            when: true
            message: m
            at: workflow.id
            """)
        XCTAssertEqual(errors(root), ["9:5: \"at\" should start with one of connection"])
        let beyond = Self.rule("""
            when: true
            message: m
            at: connection.id.value
            """)
        XCTAssertEqual(errors(beyond), ["9:18: \"at\": connection.id is a string, it has no fields"])
    }

    func testLocatedPathsLoad() {
        for at in ["connection", "connection.auth", "connection.auth.expires_at", "connection.last_error.code"] {
            XCTAssertNotNil(loads(Self.rule("when: true\nmessage: m\nat: \(at)")), at)
        }
        let steps = Self.rule(for: "[steps, triggers]", "when: true\nmessage: m\nat: use.connection.value")
        XCTAssertEqual(errors(steps), [
            "9:20: \"at\": use.connection.value is not written in the export (the id or name written), so a finding cannot point at it"
        ])
        XCTAssertNotNil(loads(Self.rule(for: "workflows", "when: true\nmessage: m\nat: workflow.expect.gmail")))
        XCTAssertNotNil(loads(Self.rule(for: "workflows", "when: true\nmessage: m\nat: workflow.trigger.event")))
    }

    /// Positions inside a folded block scalar (`>-`), the usual form of a long message.
    func testTemplateErrorInAFoldedBlock() {
        let text = Self.rule("""
            when: true
            message: >-
              connection {{strings.quote(connection.id)}} signs in
              as {{connection.acount.email}}
            """)
        XCTAssertEqual(errors(text), [
            "10:19: in the message template: wm.Connection has no field 'acount'; did you mean 'account'?"
        ])
    }

    func testPositionsInLiteralAndQuotedScalars() {
        let literal = Self.rule("""
            when: |
              connection.app == "gmail" &&
                connection.nme == "x"
            message: m
            """)
        XCTAssertEqual(errors(literal), ["9:16: in when: wm.Connection has no field 'nme'; did you mean 'name'?"])
        // Windows (or old Mac) line breaks: the same positions, the lines being where libyaml counts them.
        XCTAssertEqual(errors(literal.replacingOccurrences(of: "\n", with: "\r\n")), errors(literal))
        XCTAssertEqual(errors(literal.replacingOccurrences(of: "\n", with: "\r")), errors(literal))
        let quoted = Self.rule("""
            when: "connection.app == \\"gmail\\" && connection.nme == 'x'"
            message: m
            """)
        XCTAssertEqual(errors(quoted), ["7:50: in when: wm.Connection has no field 'nme'; did you mean 'name'?"])
        XCTAssertEqual(errors(quoted.replacingOccurrences(of: "\n", with: "\r\n")), errors(quoted))
        let folded = Self.rule("""
            when: >-
              connection.app == "gmail"
              && connection.nme == "x"
            message: m
            """)
        XCTAssertEqual(errors(folded), ["9:17: in when: wm.Connection has no field 'nme'; did you mean 'name'?"])
    }

    func testParams() {
        let unknown = Self.rule("""
            params:
              domain: {type: string, default: acme.com}
            when: connection.account.email.endsWith(params.domian)
            message: m
            """)
        XCTAssertEqual(errors(unknown), ["9:48: in when: wm.Params has no field 'domian'; did you mean 'domain'?"])
        let typed = Self.rule("""
            params:
              days: {type: int, default: 7}
            when: connection.auth.expires_at != null && connection.auth.expires_at - now < params.days
            message: m
            """)
        XCTAssertEqual(errors(typed), ["9:78: in when: '<' cannot be applied to duration and int"])
        let badDefault = Self.rule("""
            params:
              days: {type: int, default: seven}
            when: true
            message: m
            """)
        XCTAssertEqual(errors(badDefault), ["8:30: the default of param \"days\" should be an int, got a string \"seven\""])
        let badType = Self.rule("""
            params:
              days: {type: integer, default: 7}
            when: true
            message: m
            """)
        XCTAssertEqual(errors(badType).count, 1)
        XCTAssertTrue(errors(badType).first?.hasPrefix("8:16: param type \"integer\" should be one of") ?? false, "\(errors(badType))")
    }

    /// `affects_mean` takes `breaks` or `risks` (with "did you mean"), and
    /// only says something about an `affects` the rule has.
    func testAffectsMeanIsCheckedWhenTheRuleLoads() throws {
        let typo = Self.rule("""
            when: true
            message: m
            affects: connection.usage
            affects_mean: risk
            """)
        XCTAssertEqual(errors(typo), ["10:15: affects_mean \"risk\" should be one of breaks, risks; did you mean \"risks\"?"])
        let alone = Self.rule("""
            when: true
            message: m
            affects_mean: risks
            """)
        XCTAssertEqual(errors(alone), ["9:1: \"affects_mean\" says what \"affects\" lists; this rule has no \"affects\" (nor is it a rule of steps or triggers, which list their own use)"])
        // A step rule lists its own use: `affects_mean` qualifies it.
        let own = try XCTUnwrap(loads(Self.rule(for: "steps", """
            when: false
            message: m
            affects_mean: risks
            """)))
        XCTAssertEqual(own.affectsMeaning, .risks)
        // With `affects`: what it says, and breaks when it says nothing.
        for (line, meaning) in [("affects_mean: risks", AffectsMeaning.risks), ("", .breaks)] {
            let rule = try XCTUnwrap(loads(Self.rule("when: true\nmessage: m\naffects: connection.usage\n" + line)))
            XCTAssertEqual(rule.affectsMeaning, meaning, line)
        }
    }

    func testTypedParamDefaultsAreConverted() throws {
        let rule = try XCTUnwrap(loads(Self.rule("""
            params:
              window: {type: duration, default: 72h}
              names: {type: list(string), default: []}
            when: connection.auth.expires_at != null && connection.auth.expires_at - now < params.window && !(connection.name in params.names)
            message: m
            """)))
        XCTAssertEqual(rule.params.map(\.type), [.duration, .list(.string)])
        guard case .duration(let d) = rule.params[0].defaultValue else { return XCTFail("not a duration") }
        XCTAssertEqual(d.seconds, 72 * 3600)
    }

    /// Every built-in rule is typed: `when` is a bool, not something left to run time.
    func testBuiltinRulesAreTyped() {
        let (set, errors) = RuleSet.load(RuleSet.builtinFiles)
        XCTAssertEqual(errors.map(\.message), [])
        for rule in set.rules {
            XCTAssertEqual(rule.when.program.type.nonNull, .bool, "\(rule.id.id): when is \(rule.when.program.type)")
        }
    }

    /// A user rule that fails the check is an input error of `check` (status 2)
    /// while the other rules still run, and a failure of `rules test`.
    func testCheckAndRulesTestReportARuleThatFailsTheCheck() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-rulecheck-\(UUID().uuidString)")
        let rules = dir.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = Self.rule("""
            when: connection.app == "gmail" && connection.acount.email != null
            message: m
            """)
        try bad.write(to: rules.appendingPathComponent("ACME001.yaml"), atomically: true, encoding: .utf8)
        try "rule_folders: [rules]\n".write(to: dir.appendingPathComponent(".wmdoctor.yaml"), atomically: true, encoding: .utf8)
        let export = """
            apiVersion: workflow-machine/v1
            kind: ConnectionList
            workspace: acme
            connections:
              - {id: s, name: Slack, app: slack, status: revoked, account: {id: T1}, auth: {type: oauth2}}

            """
        try export.write(to: dir.appendingPathComponent("export.yaml"), atomically: true, encoding: .utf8)
        let check = try CLIRunner.run(["check", "export.yaml", "--now", "2026-11-24T00:00:00Z"], cwd: dir)
        XCTAssertEqual(check.status, 2, check.out + check.err)
        let where_ = "rules/ACME001.yaml:7:47: error: in when: wm.Connection has no field 'acount'; did you mean 'account'?"
        XCTAssertTrue((check.out + check.err).contains(where_), check.out + check.err)
        // The built-in rules still ran: the revoked connection is reported.
        XCTAssertTrue(check.out.contains("connection-not-active"), check.out)
        let test = try CLIRunner.run(["rules", "test", "rules"], cwd: dir)
        XCTAssertEqual(test.status, 2, test.out + test.err)
        XCTAssertTrue((test.out + test.err).contains(where_), test.out + test.err)
    }
}
