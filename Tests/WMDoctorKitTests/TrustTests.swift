import Foundation
import XCTest

@testable import WMDoctorKit

/// Issue 14: findings state facts, not guesses, and give advice that does not
/// break workflows. Each test pins one behaviour on a small export.
final class TrustTests: XCTestCase {
    private static let rules = RuleSet.load(RuleSet.builtinFiles).0

    /// Findings of the built-in rules on in-memory files (at `testNow`).
    private func check(_ files: [String: String], rule: String? = nil) -> [Finding] {
        let loaded = files.keys.sorted().compactMap { name in files[name].map { load($0, name: name) } }
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: Self.rules)).analyze(files: loaded)
        return report.findings.filter { rule == nil || $0.rule.id == rule }
    }

    // MARK: duplicate accounts (WM602)

    func testDuplicateIsReportedOnceOnTheGreaterIdWhicheverIsReadFirst() {
        let a = "  - {id: conn_a, name: A, app: slack, account: {id: T1}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write]}}\n"
        let b = "  - {id: conn_b, name: B, app: slack, account: {id: T1}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write, channels:read]}}\n"
        let one = check(["x.yaml": header + "connections:\n" + a + b], rule: "WM602")
        let other = check(["x.yaml": header + "connections:\n" + b + a], rule: "WM602")
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual(one.map(\.message), other.map(\.message))
        XCTAssertEqual(one.first?.entity.connection, "conn_b")
        XCTAssertEqual(other.first?.entity.connection, "conn_b")
        XCTAssertEqual(one.first?.related.map(\.message), ["connection \"conn_a\" (A) is defined here"])
        XCTAssertEqual(
            one.first?.message,
            "connections \"conn_b\" (B) and \"conn_a\" (A) are interchangeable: the same slack account, environment, auth, token kind and mode, and the grant of \"conn_b\" covers that of \"conn_a\". To keep one, keep \"conn_b\", then delete \"conn_a\" (nothing uses it)")
    }

    /// The advice names the steps to repoint, and keeps the connection whose grant is broader.
    func testDuplicateAdviceNamesTheStepsToRepoint() {
        let export = header + """
            connections:
              - {id: wide, name: Wide, app: slack, account: {id: T1}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write, channels:read]}}
              - {id: narrow, name: Narrow, app: slack, default: true, account: {id: T1}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write]}}
            workflows:
              - id: wf
                name: W
                steps:
                  - {id: post, app: slack, action: send_message, connection: narrow}
                  - {id: ping, app: slack, action: send_message}

            """
        let f = check(["x.yaml": export], rule: "WM602")
        XCTAssertEqual(f.map(\.message), [
            "connections \"wide\" (Wide) and \"narrow\" (Narrow) are interchangeable: the same slack account, environment, auth, token kind and mode, and the grant of \"wide\" covers that of \"narrow\". To keep one, keep \"wide\", point step \"post\" of workflow \"wf\" at it, mark it default, then delete \"narrow\"",
        ])
    }

    func testConnectionsThatDifferAreNoDuplicates() {
        let export = header + """
            connections:
              - {id: prod, name: P, app: slack, environment: production, account: {id: T1}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write]}}
              - {id: stg, name: S, app: slack, environment: staging, account: {id: T1}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write]}}
              - {id: sk, name: SK, app: stripe, account: {id: acct_1}, auth: {type: api_key, key_hint: "sk_live_…1"}}
              - {id: rk, name: RK, app: stripe, account: {id: acct_1}, auth: {type: api_key, key_hint: "rk_live_…2", scopes: [rak_customer_write]}}
              - {id: n1, name: N1, app: notion, account: {id: W1}, auth: {type: token, scopes: [read_content]}}
              - {id: n2, name: N2, app: notion, account: {id: W1}, auth: {type: token, scopes: [insert_content]}}

            """
        XCTAssertEqual(lines(check(["x.yaml": export], rule: "WM602")), [])
    }

    /// `related:` turns connections into notes; anything else is an evaluation error naming the rule.
    func testRelatedGivesNotesOrAClearError() {
        func rule(_ related: String) -> String {
            """
            id: REL001
            name: related
            category: hygiene
            severity: info
            summary: Points at the others.
            for: connections
            when: connection.id == "b"
            message: here
            related: \(related)
            examples:
              - name: a
                triggers: true
                export: |
                  x: 1  # <-
              - {name: b, triggers: false, export: "x"}
            """
        }
        let export = header + """
            connections:
              - {id: a, name: A, app: slack, account: {id: T1}, auth: {type: oauth2}}
              - {id: b, name: B, app: slack, account: {id: T1}, auth: {type: oauth2}}

            """
        for (related, notes, error) in [
            ("connection.same_account", ["connection \"a\" (A) is defined here"], nil),
            ("connection.same_account[0]", ["connection \"a\" (A) is defined here"], nil),
        ] as [(String, [String]?, String?)] {
            let (rules, errors) = RuleSet.load([(path: "user/REL001.yaml", text: rule(related))])
            XCTAssertEqual(errors, [])
            let report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(files: [load(export)])
            XCTAssertEqual(report.findings.filter { $0.rule.id == "REL001" }.first?.related.map(\.message), notes, related)
            XCTAssertEqual(report.errors.first?.message, error, related)
        }
        // Something else is refused when the rule loads (the type checker), not when it runs.
        let (_, errors) = RuleSet.load([(path: "user/REL001.yaml", text: rule("\"'a'\""))])
        XCTAssertEqual(errors.map(\.message), ["\"related\" should give a list(wm.Connection) or a wm.Connection?, but gives string"])
    }

    // MARK: key age (WM305)

    /// A year-old key that works is hygiene at info: `--fail-on warning` passes; a team can raise it.
    func testKeyAgeIsHygieneAndDoesNotFailAWarningGate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wm14-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let export = header + """
            connections:
              - {id: s, name: S, app: stripe, account: {id: acct_1}, auth: {type: api_key, key_hint: "sk_live_…1", issued_at: 2025-01-01}}
            workflows: []

            """
        try Data(export.utf8).write(to: dir.appendingPathComponent("e.yaml"))
        let f = check(["e.yaml": export], rule: "WM305")
        XCTAssertEqual(f.map(\.severity), [.info])
        XCTAssertEqual(f.map(\.category), [.hygiene])
        let now = ["--now", "2026-11-28T00:00:00Z", "--no-config"]
        let pass = try CLIRunner.run(["check", "e.yaml", "--fail-on", "warning"] + now, cwd: dir)
        XCTAssertEqual(pass.status, 0, pass.out + pass.err)
        XCTAssertTrue(pass.out.contains("[WM305 key-rotation-age]"), pass.out)
        try Data("rules: {key-rotation-age: {severity: warning, params: {max_age_days: 90}}}\n".utf8)
            .write(to: dir.appendingPathComponent("policy.yaml"))
        let raised = try CLIRunner.run(["check", "e.yaml", "--fail-on", "warning", "--now", "2026-11-28T00:00:00Z", "--config", "policy.yaml"], cwd: dir)
        XCTAssertEqual(raised.status, 1, raised.out + raised.err)
    }

    // MARK: account patterns

    func testEmailDomainsCompareCaseInsensitively() {
        let account = Account(email: Located("Ops@Acme.com", at: SourceLocation(file: "x", line: 1, column: 1)), location: SourceLocation(file: "x", line: 1, column: 1))
        XCTAssertTrue(AccountPattern.matches("*@acme.com", account))
        XCTAssertTrue(AccountPattern.matches("Ops@ACME.COM", account))
        XCTAssertFalse(AccountPattern.matches("ops@acme.com", account), "the part before the @ compares as written")
        XCTAssertFalse(AccountPattern.matches("*@acme.co", account))
        let labelled = Account(label: Located("Acme-Marketing", at: SourceLocation(file: "x", line: 1, column: 1)), location: SourceLocation(file: "x", line: 1, column: 1))
        XCTAssertFalse(AccountPattern.matches("acme-marketing", labelled), "labels compare as written")
    }

    func testUnknownAppInExpectedAccountsIsReportedWithDidYouMean() {
        let export = header + """
            connections:
              - {id: conn_gmail, name: Gmail, app: gmail, account: {email: Ops@Acme.com}, auth: {type: oauth2, scopes: [gmail.send]}}
            workflows:
              - id: wf
                name: W
                expect:
                  accounts: {gmial: "*@acme.com", gmail: "*@acme.com"}
                steps:
                  - {id: mail, app: gmail, action: send_email}

            """
        let found = check(["x.yaml": export]).filter { $0.rule.id.hasPrefix("WM40") }
        XCTAssertEqual(lines(found), [
            "x.yaml:10:7: workflow \"wf\" expects accounts for the app \"gmial\" (did you mean \"gmail\"?), which is no app of this workspace or the catalog: that expectation checks no step [unknown-expected-app]",
        ])
    }

    // MARK: locations

    /// A finding about a connection whose auth is an alias points at the alias, with the anchor as a note;
    /// token-expiring-soon points at expires_at.
    func testAliasedValuesAreLocatedAtTheAliasWithTheAnchorAsANote() {
        let export = header + """
            connections:
              - id: a
                name: A
                app: slack
                account: {id: T1}
                auth: &slackauth
                  type: oauth2
                  scopes: [chat:write]
                  expires_at: 2026-11-27
              - id: b
                name: B
                app: slack
                account: {id: T2}
                auth: *slackauth
            workflows:
              - {id: wf, name: W, steps: [{id: s1, app: slack, action: send_message, connection: a}, {id: s2, app: slack, action: send_message, connection: b}]}

            """
        let found = check(["x.yaml": export], rule: "WM304")
        XCTAssertEqual(found.map { "\($0.location):\($0.location.length) \($0.entity.connection ?? "")" }, ["x.yaml:12:19:10 a", "x.yaml:17:11:10 b"])
        XCTAssertEqual(found.map { $0.related.map { "\($0.location) \($0.message)" } }, [
            [], ["x.yaml:9:11 the value comes from the anchor &slackauth written here"],
        ])
    }

    // MARK: when the export cannot tell

    /// Two defaults without updated_at: expectations are judged against both
    /// ("runs as" when both violate), and neither is "unused".
    func testUndeterminedPickIsSaidAndJudgedAgainstEveryCandidate() {
        let export = header + """
            connections:
              - {id: g1, name: G1, app: gmail, default: true, account: {email: me@gmail.com}, auth: {type: oauth2, scopes: [gmail.send]}}
              - {id: g2, name: G2, app: gmail, default: true, account: {email: you@gmail.com}, auth: {type: oauth2, scopes: [gmail.send]}}
            workflows:
              - id: wf
                name: W
                expect: {accounts: {gmail: "*@acme.com"}}
                steps:
                  - {id: mail, app: gmail, action: send_email}

            """
        let found = check(["x.yaml": export])
        XCTAssertEqual(found.filter { $0.rule.id == "WM402" }.map(\.message), [
            "workflow \"wf\" expects its gmail account to be \"*@acme.com\", but step \"mail\" runs as \"g1\", which signs in as me@gmail.com or \"g2\", which signs in as you@gmail.com: the export does not determine which gmail connection it uses (\"g1\" and \"g2\" have no updated_at)",
        ])
        XCTAssertEqual(found.filter { $0.rule.id == "WM501" }.map(\.message), [
            "2 gmail connections are marked default (g1, g2); Workflow Machine uses the most recently updated, and the export does not determine which that is (\"g1\" and \"g2\" have no updated_at), for the 1 step that names no connection",
        ])
        XCTAssertEqual(found.filter { $0.rule.id == "WM601" }.map(\.message), [], "a tied candidate is not unused")
    }

    /// When the export does not determine the pick, the step rules judge
    /// every connection the step may run as, not only the one shown first:
    /// the second candidate breaks the step here, the first does not.
    func testStepRulesJudgeEveryConnectionAnUndeterminedStepMayRunAs() {
        let export = header + """
            connections:
              - {id: s1, name: S1, app: slack, default: true, environment: production, account: {id: T1}, auth: {type: oauth2, token_kind: user, scopes: [chat:write, "search:read"]}}
              - {id: s2, name: S2, app: slack, default: true, environment: staging, account: {id: T2}, auth: {type: oauth2, token_kind: bot, scopes: ["search:read"]}}
              - {id: live, name: Live, app: stripe, account: {id: acct_1}, auth: {type: api_key, key_hint: "sk_live_…42"}}
              - {id: test, name: Test, app: stripe, account: {id: acct_1}, auth: {type: api_key, key_hint: "sk_test_…42"}}
            workflows:
              - id: wf
                name: W
                environment: production
                steps:
                  - {id: post, app: slack, action: send_message}
                  - {id: find, app: slack, action: search_messages}
                  - {id: pay, app: stripe, action: create_customer}

            """
        let found = check(["x.yaml": export]).filter { ["WM104", "WM201", "WM202", "WM403"].contains($0.rule.id) }
        let why = "the export does not determine which %@ connection it uses (%@)"
        let slack = String(format: why, "slack", "\"s1\" and \"s2\" have no updated_at")
        let stripe = String(format: why, "stripe", "\"live\" and \"test\" have no created_at")
        XCTAssertEqual(found.map(\.message), [
            "step \"post\" of production workflow \"wf\" may use \"s2\", a staging connection (chosen as the slack default); \(slack)",
            "step \"post\" of workflow \"wf\" may run slack send_message through connection \"s2\", which was granted search:read, not chat:write: reconnect it and grant chat:write (the smallest grant that fixes it); \(slack)",
            "step \"find\" of production workflow \"wf\" may use \"s2\", a staging connection (chosen as the slack default); \(slack)",
            "slack search_messages needs a user token, but step \"find\" of workflow \"wf\" may use \"s2\", which holds a bot token; \(slack)",
            "production workflow \"wf\" may use \"test\" in step \"pay\", whose key sk_test_…42 reaches test data only: it acts on test data, not on live data; \(stripe)",
        ])
        // Each points at the candidate that breaks the step, beside the one shown.
        for f in found {
            XCTAssertEqual(f.related.map(\.message).filter { $0.hasPrefix("connection \"s2\"") || $0.hasPrefix("connection \"test\"") }.count, 1, f.message)
        }
    }

    /// A connection that a step may run as (tied defaults) is judged as used
    /// by it: a revoked one is an error that may break the step, not an
    /// unused connection; the use says the export does not determine its
    /// connection, and does not name the one shown.
    func testConnectionRulesCountTheUsesThatMayRunAsTheConnection() {
        let export = header + """
            connections:
              - {id: a, name: A, app: slack, default: true, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}}
              - {id: b, name: B, app: slack, default: true, status: revoked, account: {id: T2}, auth: {type: oauth2, scopes: [chat:write]}}
              - {id: c, name: C, app: slack, default: true, account: {id: T3}, auth: {type: oauth2, scopes: [chat:write], expires_at: 2026-10-01T00:00:00Z}}
            workflows:
              - {id: wf, name: W, steps: [{id: post, app: slack, action: send_message}, {id: direct, app: slack, action: send_message, connection: c}]}

            """
        let found = check(["x.yaml": export])
        let revoked = found.first { $0.rule.id == "WM301" }
        XCTAssertEqual(revoked?.severity, .error, "not an unused connection (info)")
        XCTAssertEqual(revoked?.message, "connection \"b\" (B) is revoked: it may break 1 step in 1 workflow that may run as it (the export does not determine which slack connection it uses)")
        XCTAssertEqual(revoked?.affects.map(\.key.path), ["wf/post"])
        XCTAssertEqual(revoked?.affects.map(\.undetermined), [true])
        let expired = found.first { $0.rule.id == "WM302" }
        XCTAssertEqual(expired?.message, "the token of connection \"c\" (C) expired on 2026-10-01T00:00:00Z and is not refreshable: it breaks 1 step in 1 workflow, and may break 1 step in 1 workflow that may run as it (the export does not determine which slack connection it uses)")
        XCTAssertEqual(expired?.affects.map(\.key.path), ["wf/direct", "wf/post"])
        XCTAssertEqual(expired?.affects.map(\.undetermined), [false, true])
        if let expired, let post = expired.affects.last, let direct = expired.affects.first {
            XCTAssertTrue(post.message(for: expired).hasPrefix("step \"post\" of workflow \"wf\" (as its app's default; the export does not determine its connection) may be broken by"))
            XCTAssertTrue(direct.message(for: expired).hasPrefix("step \"direct\" of workflow \"wf\", through connection \"c\" (by id), is broken by"))
        }
    }

    /// The connection shown for an undetermined use is no more certain than
    /// the others: a revoked one "may break" it, and every grouped report
    /// labels the use "may break", not "breaks".
    func testTheConnectionShownForAnUndeterminedUseMayBreakIt() {
        let export = header + """
            connections:
              - {id: a, name: A, app: slack, default: true, status: revoked, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}}
              - {id: b, name: B, app: slack, default: true, account: {id: T2}, auth: {type: oauth2, scopes: [chat:write]}}
            workflows:
              - {id: wf, name: W, steps: [{id: post, app: slack, action: send_message}]}

            """
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: Self.rules)).analyze(files: [load(export, name: "x.yaml")])
        let revoked = report.findings.first { $0.rule.id == "WM301" }
        XCTAssertEqual(revoked?.affects.first?.connection, "a", "a is the connection shown")
        XCTAssertEqual(revoked?.message, "connection \"a\" (A) is revoked: it may break 1 step in 1 workflow that may run as it (the export does not determine which slack connection it uses)")
        XCTAssertEqual(revoked?.breaksPhrase, "may break 1 use")
        let text = TextReporter(colors: false).render(report)
        XCTAssertTrue(text.contains("\n  may break: workflow \"wf\" (W) / step \"post\""), text)
        XCTAssertFalse(text.contains("breaks: workflow"), text)
        XCTAssertTrue(MarkdownReporter().render(report).contains("(may break 1 use)"))
        XCTAssertTrue(MarkdownReporter().render(report).contains("  - may break: workflow"))
        XCTAssertTrue(HTMLReporter().render(report).contains("<summary>may break 1 use</summary>"))
        XCTAssertTrue(JUnitReporter().render(report).contains("  may break: workflow"))
        // The HTML health table does not count the use as run by the connection shown.
        let rows = ConnectionHealth.rows(report)
        XCTAssertEqual(rows.map(\.boundSteps), [0, 0])
        XCTAssertEqual(rows.map(\.mayRun), [1, 1])
        XCTAssertTrue(HTMLReporter().render(report).contains("0 steps<br>0 triggers<br>1 use may run as it<br>"))
    }

    /// Several defaults and an implicit pick put the steps relying on them at
    /// risk; they do not break them (the steps run, as the connection picked):
    /// no report says such a step is broken, while a finding that breaks a
    /// step still says so.
    func testImplicitPicksPutUsesAtRiskNotBroken() {
        let export = header + """
            connections:
              - {id: a, name: A, app: slack, default: true, updated_at: 2026-09-01, status: revoked, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}}
              - {id: b, name: B, app: slack, default: true, updated_at: 2026-10-01, account: {id: T2}, auth: {type: oauth2, scopes: [chat:write]}}
              - {id: n1, name: N1, app: notion, created_at: 2026-01-01, account: {label: L1}, auth: {type: token}}
              - {id: n2, name: N2, app: notion, created_at: 2026-02-01, account: {label: L2}, auth: {type: token}}
            workflows:
              - {id: wf, name: W, steps: [{id: post, app: slack, action: send_message}, {id: page, app: notion, action: create_page}, {id: old, app: slack, action: send_message, connection: a}]}

            """
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: Self.rules)).analyze(files: [load(export, name: "x.yaml")])
        let defaults = report.findings.first { $0.rule.id == "WM501" }
        let implicit = report.findings.first { $0.rule.id == "WM502" }
        let revoked = report.findings.first { $0.rule.id == "WM301" }
        XCTAssertEqual(defaults?.affectsMeaning, .risks)
        XCTAssertEqual(implicit?.affectsMeaning, .risks)
        XCTAssertEqual(revoked?.affectsMeaning, .breaks)
        XCTAssertEqual(defaults?.affects.map(\.key.path), ["wf/post"])
        XCTAssertEqual(defaults?.breaksPhrase, "puts 1 use at risk")
        XCTAssertEqual(revoked?.breaksPhrase, "breaks 1 use")
        if let defaults, let post = defaults.affects.first {
            XCTAssertEqual(defaults.label(for: post), "at risk")
            let said = post.message(for: defaults)
            XCTAssertTrue(said.hasPrefix("step \"post\" of workflow \"wf\", through connection \"b\" (as its app's default), is at risk from WM501 several-defaults: "), said)
        }
        let text = TextReporter(colors: false).render(report)
        XCTAssertTrue(text.contains("\n  at risk: workflow \"wf\" (W) / step \"post\""), text)
        XCTAssertTrue(text.contains("\n  at risk: workflow \"wf\" (W) / step \"page\""), text)
        XCTAssertTrue(text.contains("\n  breaks: workflow \"wf\" (W) / step \"old\""), text)
        XCTAssertFalse(text.contains("breaks: workflow \"wf\" (W) / step \"post\""), text)
        XCTAssertTrue(MarkdownReporter().render(report).contains("  - at risk: workflow"))
        XCTAssertTrue(HTMLReporter().render(report).contains("<summary>puts 1 use at risk</summary>"))
        XCTAssertTrue(JUnitReporter().render(report).contains("  at risk: workflow"))
        let sarif = SARIFReporter().render(report)
        XCTAssertTrue(sarif.contains("(as its app's default) is at risk from [its cause](1)"), sarif)
        XCTAssertFalse(sarif.contains("(as its app's default) is broken by"), sarif)
        let json = JSONReporter().render(report)
        XCTAssertEqual(json.components(separatedBy: "\"affects_mean\": \"risks\"").count - 1, 2, "WM501 and WM502 say it, WM301 does not")
    }

    /// A finding breaking many uses: its message lists five of them and
    /// counts the rest, and each use's report repeats at most 1,000
    /// characters of it (a message 20,000 uses long, repeated at each of
    /// them, made a 9.8 GB GitLab report).
    func testAFindingOnManyUsesStaysSmallWhereItIsRepeated() {
        let steps = (0..<7).map { "{id: s\($0), app: stripe, action: create_customer}" }.joined(separator: ", ")
        let export = header + """
            connections:
              - {id: a, name: A, app: stripe, created_at: 2026-01-01, account: {id: acct_1}, auth: {type: api_key}}
              - {id: b, name: B, app: stripe, created_at: 2026-02-01, account: {id: acct_1}, auth: {type: api_key}}
            workflows:
              - {id: wf, name: W, steps: [\(steps)]}

            """
        let found = check(["x.yaml": export], rule: "WM502")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.message.hasSuffix("(wf/s0, wf/s1, wf/s2, wf/s3, wf/s4, and 2 more)") ?? false, found.first?.message ?? "")
        XCTAssertEqual(found.first?.affects.count, 7, "every use is still listed where uses are")
        guard var long = found.first, let use = long.affects.first else { return XCTFail("a finding with uses") }
        long.message = String(repeating: "x", count: 5_000)
        let repeated = use.message(for: long)
        XCTAssertTrue(repeated.hasSuffix(": " + String(repeating: "x", count: 1_000) + "…"), String(repeated.suffix(40)))
    }

    // MARK: advice and wording

    /// WM504 never proposes as the new default a connection the relying steps' expectations reject.
    func testUnusableDefaultAdviceKeepsAccountExpectations() {
        let export = header + """
            connections:
              - {id: old, name: Old, app: gmail, default: true, status: error, account: {email: ops@acme.com}, auth: {type: oauth2, scopes: [gmail.send]}}
              - {id: me, name: Me, app: gmail, account: {email: me@gmail.com}, auth: {type: oauth2, scopes: [gmail.send]}}
              - {id: ops2, name: Ops 2, app: gmail, account: {email: Ops2@ACME.com}, auth: {type: oauth2, scopes: [gmail.send]}}
            workflows:
              - {id: wf, name: W, expect: {accounts: {gmail: "*@acme.com"}}, steps: [{id: a, app: gmail, action: send_email}]}

            """
        XCTAssertEqual(check(["x.yaml": export], rule: "WM504").map(\.message), [
            "1 step relies on the gmail default, \"old\", which is in error, while me, ops2 are usable: mark \"ops2\" as the default",
        ])
    }

    /// Missing-scope messages say what was granted and the smallest grant that fixes it; a trigger is "the trigger".
    func testMissingScopeSaysWhatWasGrantedAndTheSmallestFix() {
        let export = header + """
            connections:
              - {id: g, name: G, app: gmail, account: {email: a@acme.com}, auth: {type: oauth2, scopes: [gmail.readonly]}}
            workflows:
              - {id: wf, name: W, trigger: {app: gmail, event: new_email, connection: g}, steps: [{id: a, app: gmail, action: send_email, connection: g}]}

            """
        XCTAssertEqual(check(["x.yaml": export], rule: "WM201").map(\.message), [
            "step \"a\" of workflow \"wf\" runs gmail send_email through connection \"g\", which was granted gmail.readonly, not one of https://mail.google.com/ / gmail.modify / gmail.compose / gmail.send: reconnect it and grant gmail.send (the smallest grant that fixes it)",
        ])
        let descriptor = Self.rules.rules.first { $0.id.id == "WM201" }?.descriptor
        XCTAssertFalse(descriptor?.remediation?.contains("Stripe") ?? true, "the hint fits every app")
    }

    /// Scopes that do not compare are all offered (drive.file only reaches the app's own files);
    /// a step whose pick is undetermined "may run" through the first candidate.
    func testSmallestGrantsThatDoNotCompareAndUndeterminedPicks() {
        let export = header + """
            connections:
              - {id: s, name: S, app: google_sheets, account: {email: a@acme.com}, auth: {type: oauth2, scopes: [spreadsheets.readonly]}}
              - {id: n1, name: Wiki, app: notion, account: {label: w}, auth: {type: token, scopes: [insert_content]}}
              - {id: n2, name: Wiki, app: notion, account: {label: w}, auth: {type: token, scopes: [read_content]}}
            workflows:
              - id: wf
                name: W
                steps:
                  - {id: a, app: google_sheets, action: append_row}
                  - {id: r, app: notion, action: read_page, connection: {name: Wiki}}

            """
        XCTAssertEqual(check(["x.yaml": export], rule: "WM201").map(\.message), [
            "step \"a\" of workflow \"wf\" runs google_sheets append_row through connection \"s\", which was granted spreadsheets.readonly, not one of spreadsheets / drive / drive.file: reconnect it and grant one of spreadsheets / drive.file (the smallest grant that fixes it)",
            "step \"r\" of workflow \"wf\" may run notion read_page through connection \"n1\", which was granted insert_content, not read_content: grant it read_content (the smallest grant that fixes it); the export does not determine which notion connection it uses (\"n1\" and \"n2\" have no created_at)",
        ])
    }
}
