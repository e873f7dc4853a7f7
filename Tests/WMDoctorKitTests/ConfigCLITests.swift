import Foundation
import XCTest

/// `check` with a configuration: discovery, --config, --no-config, errors, fail_on.
final class ConfigCLITests: XCTestCase {
    private let project = Repo.testdata.appendingPathComponent("config/project")

    func testDiscoveredConfigAppliesRulesFoldersAccountsAndSeverities() throws {
        let r = try CLIRunner.run(["check", "export.yaml", "--now", "2026-11-24", "--format", "json"], cwd: project)
        XCTAssertEqual(r.status, 1, r.out + r.err)
        let rules = try findings(r.out)
        // The custom rule fires on a custom catalog app; accounts sugar feeds WM405;
        // missing-scope is a warning; unused-connection is off.
        XCTAssertEqual(rules, ["WM405 error 13:14", "CRM001 warning 30:17", "WM201 warning 34:17"])
    }

    func testConfigIsFoundFromASubfolder() throws {
        let cwd = project.appendingPathComponent("sub/deeper")
        let r = try CLIRunner.run(["check", "../../export.yaml", "--now", "2026-11-24", "--format", "json"], cwd: cwd)
        XCTAssertEqual(r.status, 1, r.err)
        XCTAssertTrue(try findings(r.out).contains("CRM001 warning 30:17"), r.out)
    }

    func testNoConfigRunsBuiltinDefaults() throws {
        let r = try CLIRunner.run(["check", "export.yaml", "--now", "2026-11-24", "--format", "json", "--no-config"], cwd: project)
        XCTAssertEqual(try findings(r.out), ["WM601 info 15:9", "WM201 error 34:17"])
    }

    func testExplicitConfigAndFailOnDefault() throws {
        let args = ["check", "Tests/testdata/config/unused.yaml", "--now", "2026-11-24"]
        let withConfig = try CLIRunner.run(args + ["--config", "Tests/testdata/config/fail-on.yaml"])
        XCTAssertEqual(withConfig.status, 1, withConfig.out)  // fail_on: warning, and unused-connection raised to warning
        XCTAssertTrue(withConfig.out.contains("warning: no workflow uses connection \"spare\""), withConfig.out)
        let flagWins = try CLIRunner.run(args + ["--config", "Tests/testdata/config/fail-on.yaml", "--fail-on", "error"])
        XCTAssertEqual(flagWins.status, 0, flagWins.out)
        let without = try CLIRunner.run(args + ["--no-config"])
        XCTAssertEqual(without.status, 0, without.out)
        XCTAssertTrue(without.out.contains("info: no workflow uses connection \"spare\""), without.out)
    }

    func testConfigErrorExits64WithNothingAnalysed() throws {
        let r = try CLIRunner.run(["check", "Samples", "--config", "Tests/testdata/config/typo.yaml"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "Tests/testdata/config/typo.yaml:1:1: error: unknown key \"rulse\" in the configuration; did you mean \"rules\"? (allowed: rules, rule_folders, accounts, fail_on, suppressions)\n")
    }

    func testMissingExplicitConfigAndConflictingFlags() throws {
        let missing = try CLIRunner.run(["check", "Samples", "--config", "nope.yaml"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.err, "nope.yaml: error: no such configuration file: nope.yaml\n")
        let both = try CLIRunner.run(["check", "Samples", "--config", "x.yaml", "--no-config"])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.err.contains("--config and --no-config exclude each other"), both.err)
    }

    func testBrokenUserRuleIsAnInputErrorButAnalysisRuns() throws {
        let cwd = Repo.testdata.appendingPathComponent("config/broken-rules")
        let r = try CLIRunner.run(["check", "export.yaml", "--now", "2026-11-24"], cwd: cwd)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("rules/BAD001-broken.yaml:7:24: error: in when: undeclared reference to 'nope'"), r.out)
        XCTAssertTrue(r.out.contains("no workflow uses connection \"spare\""), r.out)
    }

    /// "RULE severity line:col" of each finding of a JSON report, in report order.
    private func findings(_ json: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let list = object?["findings"] as? [[String: Any]] ?? []
        return list.map { f in
            let loc = f["location"] as? [String: Any] ?? [:]
            return "\(f["rule"] ?? "") \(f["severity"] ?? "") \(loc["line"] ?? ""):\(loc["column"] ?? "")"
        }
    }
}
