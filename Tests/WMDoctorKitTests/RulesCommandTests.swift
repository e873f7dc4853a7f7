import Foundation
import XCTest

/// `wmdoctor rules list|show|test` and `explain`, run as a user would.
final class RulesCommandTests: XCTestCase {
    private let project = Repo.testdata.appendingPathComponent("config/project")

    func testListIsAnAlignedTableSortedById() throws {
        let r = try CLIRunner.run(["rules", "list", "--no-config"])
        XCTAssertEqual(r.status, 0, r.err)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("ID     NAME"), lines[0])
        let ids = lines.dropFirst().map { String($0.prefix { $0 != " " }) }
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertTrue(ids.contains("WM201"))
        // Columns line up: every row has SUMMARY's column where the header has it.
        let column = try XCTUnwrap(lines[0].range(of: "SUMMARY")).lowerBound.utf16Offset(in: lines[0])
        let wm201 = try XCTUnwrap(lines.first { $0.hasPrefix("WM201 ") })
        XCTAssertTrue(wm201.hasPrefix("WM201  missing-scope "), wm201)
        XCTAssertEqual(wm201.dropFirst(column).prefix(4), "The ")
        XCTAssertTrue(wm201.contains("  missing-scope      error    error     yes  "), wm201)
    }

    func testListShowsConfiguredSeverityEnabledAndCustomRules() throws {
        let r = try CLIRunner.run(["rules", "list"], cwd: project)
        XCTAssertEqual(r.status, 0, r.err)
        let row = { (id: String) in r.out.split(separator: "\n").first { $0.hasPrefix(id + " ") }.map(String.init) ?? "" }
        XCTAssertTrue(row("WM201").contains("error    warning   yes"), row("WM201"))
        XCTAssertTrue(row("WM601").contains("info     info      no"), row("WM601"))
        XCTAssertTrue(row("CRM001").contains("no-lead-deletion"), r.out)
    }

    func testListJSON() throws {
        let r = try CLIRunner.run(["rules", "list", "--format", "json"], cwd: project)
        XCTAssertEqual(r.status, 0, r.err)
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let rules = try XCTUnwrap(object?["rules"] as? [[String: Any]])
        let wm304 = try XCTUnwrap(rules.first { $0["id"] as? String == "WM304" })
        XCTAssertEqual(wm304["name"] as? String, "token-expiring-soon")
        XCTAssertEqual(wm304["default_severity"] as? String, "warning")
        XCTAssertEqual(wm304["enabled"] as? Bool, true)
        let params = wm304["params"] as? [String: [String: String]]
        XCTAssertEqual(params?["window_days"], ["default": "7", "value": "14"])
        XCTAssertEqual(rules.first { $0["id"] as? String == "WM601" }?["enabled"] as? Bool, false)
        XCTAssertEqual(rules.map { $0["id"] as? String ?? "" }, rules.map { $0["id"] as? String ?? "" }.sorted())
        // What a finding's uses are to it, last: breaks, risks, or null when it lists none.
        func meaning(_ id: String) -> Any? { rules.first { $0["id"] as? String == id }?["affects_mean"] }
        XCTAssertEqual(meaning("WM301") as? String, "breaks")
        XCTAssertEqual(meaning("WM501") as? String, "risks")
        XCTAssertTrue(meaning("WM601") is NSNull)
    }

    func testShowDescribesARule() throws {
        let r = try CLIRunner.run(["rules", "show", "token-expiring-soon"], cwd: project)
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("WM304 token-expiring-soon\n  category:  expired-token\n  severity:  warning\n"), r.out)
        for part in [
            "  for:       connections\n  affects:   the uses it breaks\n", "\nRemediation:\n  Reconnect the connection", "\nParams:\n  window_days: 7 (configured: 14)\n      How many days ahead to warn.\n",
            "  1. key expiring in 3 days (triggers: yes)\n       apiVersion: workflow-machine/v1\n",
            "(triggers: no)", "  3. a 30-day window (triggers: yes)\n     params: {\"window_days\": 30}\n",
        ] {
            XCTAssertTrue(r.out.contains(part), part)
        }
        let explain = try CLIRunner.run(["explain", "WM304"], cwd: project)
        XCTAssertEqual(explain.status, 0)
        XCTAssertEqual(explain.out, r.out)
        let risks = try CLIRunner.run(["explain", "WM501"], cwd: project)
        XCTAssertTrue(risks.out.contains("  affects:   the uses it puts at risk (they run)\n"), risks.out)
    }

    /// Findings name built-in checks too (`[WM002 unknown-key]`): they are listed and explained.
    func testBuiltinChecksAreListedAndExplained() throws {
        let list = try CLIRunner.run(["rules", "list", "--no-config"])
        let wm002 = try XCTUnwrap(list.out.split(separator: "\n").first { $0.hasPrefix("WM002 ") })
        XCTAssertTrue(wm002.contains("unknown-key") && wm002.contains("invalid-export") && wm002.contains("always"), String(wm002))
        XCTAssertTrue(list.out.contains("WM901  unused-suppression"), list.out)
        let explain = try CLIRunner.run(["explain", "unknown-key", "--no-config"])
        XCTAssertEqual(explain.status, 0, explain.err)
        XCTAssertTrue(explain.out.hasPrefix("WM002 unknown-key\n  category:  invalid-export\n"), explain.out)
        XCTAssertTrue(explain.out.contains("It is usually a typo"), explain.out)
        let gating = try CLIRunner.run(["explain", "WM900", "--no-config"])
        XCTAssertEqual(gating.status, 0, gating.err)
        XCTAssertTrue(gating.out.hasPrefix("WM900 expired-suppression\n"), gating.out)
    }

    func testShowUnknownRuleExits64WithDidYouMean() throws {
        let r = try CLIRunner.run(["rules", "show", "WM3O4", "--no-config"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "wmdoctor: unknown rule \"WM3O4\"; did you mean \"WM304\"?\n")
        let far = try CLIRunner.run(["explain", "zzzzzz", "--no-config"])
        XCTAssertEqual(far.status, 64)
        XCTAssertEqual(far.err, "wmdoctor: unknown rule \"zzzzzz\" (`wmdoctor rules list` lists the rules)\n")
    }

    func testTestRunsBuiltinAndConfiguredExamples() throws {
        let builtin = try CLIRunner.run(["rules", "test", "--no-config"])
        XCTAssertEqual(builtin.status, 0, builtin.out)
        let summary = try XCTUnwrap(builtin.out.split(separator: "\n").last.map(String.init))
        XCTAssertNotNil(summary.range(of: #"^[0-9]+ passed, 0 failed$"#, options: .regularExpression), summary)
        let withFolder = try CLIRunner.run(["rules", "test"], cwd: project)
        XCTAssertEqual(withFolder.status, 0, withFolder.out)
        let n = { (s: String) in Int(s.prefix { $0 != " " }) ?? -1 }
        XCTAssertEqual(n(withFolder.out.split(separator: "\n").last.map(String.init) ?? ""), n(summary) + 2)
    }

    func testTestPathsPassFailAndLoadErrors() throws {
        let pass = try CLIRunner.run(["rules", "test", "Tests/testdata/config/project/wm-rules"])
        XCTAssertEqual(pass.status, 0, pass.out)
        XCTAssertEqual(pass.out, "2 passed, 0 failed\n")
        let fail = try CLIRunner.run(["rules", "test", "Tests/testdata/config/failing-example"])
        XCTAssertEqual(fail.status, 1, fail.out)
        let file = "Tests/testdata/config/failing-example/CRM002-wrong-marker.yaml"
        XCTAssertEqual(fail.out, """
            \(file):28:1: CRM002 lead-deletion-wrong-marker, deletes a lead: expected a finding on this line, got none
            \(file):29:1: CRM002 lead-deletion-wrong-marker, deletes a lead: unexpected finding: step "d" deletes leads in Acme CRM; archive them instead
            1 passed, 1 failed

            """)
        let broken = try CLIRunner.run(["rules", "test", "Tests/testdata/config/broken-rules/rules"])
        XCTAssertEqual(broken.status, 2, broken.out)
        XCTAssertEqual(broken.out, """
            Tests/testdata/config/broken-rules/rules/BAD001-broken.yaml:7:24: error: in when: undeclared reference to 'nope'
            0 passed, 0 failed

            """)
    }

    func testInputErrorsStopRulesCommands() throws {
        let r = try CLIRunner.run(["rules", "list", "--config", "Tests/testdata/config/typo.yaml"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.hasPrefix("Tests/testdata/config/typo.yaml:1:1: error: unknown key \"rulse\""), r.err)
    }
}
