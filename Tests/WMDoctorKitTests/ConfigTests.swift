import CEL
import Foundation
import XCTest

@testable import WMDoctorKit

/// `.wmdoctor.yaml`: reading (positions, did-you-mean), checking against the
/// rules, discovery and loading with rule folders.
final class ConfigTests: XCTestCase {
    private static let builtin = RuleSet.load(RuleSet.builtinFiles).0

    private func errors(_ yaml: String) -> [String] {
        switch ConfigReader.read(text: yaml, path: "c.yaml") {
        case .success: return []
        case .failure(let e): return e.errors.map { "\($0.location): \($0.message)" }
        }
    }

    private func read(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) throws -> WMDoctorConfig {
        switch ConfigReader.read(text: yaml, path: "c.yaml") {
        case .success(let c): return c
        case .failure(let e):
            XCTFail(e.description, file: file, line: line)
            throw e
        }
    }

    private func effectErrors(_ yaml: String) throws -> [String] {
        switch try read(yaml).effect(for: Self.builtin.rules) {
        case .success: return []
        case .failure(let e): return e.errors.map { "\($0.location): \($0.message)" }
        }
    }

    private func effect(_ yaml: String) throws -> ConfigEffect {
        try read(yaml).effect(for: Self.builtin.rules).get()
    }

    // MARK: reading

    func testFullConfigReads() throws {
        let c = try read("""
            rules:
              WM304: {params: {window_days: 14}}
              missing-scope: {severity: warning}
              unused-connection: off
            rule_folders: [./wm-rules, ../shared/rules]
            accounts:
              gmail: "*@acme.com"
            fail_on: warning
            """)
        XCTAssertEqual(c.rules.map(\.key.value), ["WM304", "missing-scope", "unused-connection"])
        XCTAssertEqual(c.rules[0].params.map(\.name.value), ["window_days"])
        XCTAssertEqual(c.rules[1].severity?.value, .warning)
        XCTAssertEqual(c.rules[2].enabled?.value, false)
        XCTAssertEqual(c.ruleFolders.map(\.path), ["wm-rules", "../shared/rules"])
        XCTAssertEqual(c.accounts.map { "\($0.app.value)=\($0.pattern.value)" }, ["gmail=*@acme.com"])
        XCTAssertEqual(c.failOn?.value, .warning)
    }

    func testEmptyAndCommentOnlyFilesAreEmptyConfigs() throws {
        XCTAssertTrue(try read("").rules.isEmpty)
        XCTAssertTrue(try read("# nothing yet\n").rules.isEmpty)
    }

    func testUnknownKeyWithDidYouMean() {
        XCTAssertEqual(errors("rulse: {}\nfail_on: error\n"), [
            "c.yaml:1:1: unknown key \"rulse\" in the configuration; did you mean \"rules\"? (allowed: rules, rule_folders, accounts, fail_on, suppressions)",
        ])
        XCTAssertEqual(errors("rules:\n  WM304: {enable: false}\n"), [
            "c.yaml:2:11: unknown key \"enable\" in rule \"WM304\"; did you mean \"enabled\"? (allowed: enabled, severity, params)",
        ])
    }

    func testWrongTypes() {
        XCTAssertEqual(errors("rules: [WM304]\n"), [
            "c.yaml:1:8: \"rules\" should be a mapping from rule ids or names to settings, got a list",
        ])
        XCTAssertEqual(errors("rule_folders: wm-rules\n"), [
            "c.yaml:1:15: \"rule_folders\" in the configuration should be a list of strings, got the string \"wm-rules\"",
        ])
        XCTAssertEqual(errors("accounts: [gmail]\n"), [
            "c.yaml:1:11: \"accounts\" should be a mapping from app keys to account patterns (e.g. gmail: \"*@acme.com\"), got a list",
        ])
        XCTAssertEqual(errors("rules:\n  WM304: {params: [1]}\n"), [
            "c.yaml:2:19: \"params\" in rule \"WM304\" should be a mapping of param names to values, got a list",
        ])
        XCTAssertEqual(errors("rules:\n  WM304: {enabled: 3}\n"), [
            "c.yaml:2:20: \"enabled\" in rule \"WM304\" should be true or false (or on, off), got a number (3)",
        ])
        XCTAssertEqual(errors("- a\n"), ["c.yaml:1:1: the configuration should be a mapping, got a list"])
    }

    func testUnknownValues() {
        XCTAssertEqual(errors("rules:\n  WM304: {severity: warnng}\n"), [
            "c.yaml:2:21: unknown severity \"warnng\" for rule \"WM304\"; did you mean \"warning\"? (allowed: error, warning, info)",
        ])
        XCTAssertEqual(errors("fail_on: warnings\n"), [
            "c.yaml:1:10: \"fail_on\" should be one of error, warning, info, never, got \"warnings\"; did you mean \"warning\"?",
        ])
        XCTAssertEqual(errors("rules:\n  WM304: warning\n"), [
            "c.yaml:2:10: rule \"WM304\" should be on, off, or a mapping with enabled, severity, params; got the string \"warning\"; write {severity: warning}",
        ])
    }

    func testDuplicateKeysAndSyntaxErrors() {
        XCTAssertEqual(errors("fail_on: error\nfail_on: info\n"), [
            "c.yaml:2:1: key \"fail_on\" is defined twice in this mapping; previously defined at line:1,col:1",
        ])
        XCTAssertEqual(errors("rules: {WM304: off\n").count, 1)
        XCTAssertTrue(errors("rules: {WM304: off\n")[0].hasPrefix("c.yaml:2:1: "), "\(errors("rules: {WM304: off\n"))")
    }

    func testShorthandOnOffTrueFalse() throws {
        let c = try read("rules:\n  a: off\n  b: on\n  c: false\n  d: true\n  e: {enabled: off}\n")
        XCTAssertEqual(c.rules.map { $0.enabled?.value }, [false, true, false, true, false])
        XCTAssertEqual(errors("rules:\n  a: \"off\"\n"), [
            "c.yaml:2:6: rule \"a\" should be on, off, or a mapping with enabled, severity, params; got the string \"off\"",
        ])
    }

    // MARK: checking against the rules

    func testSettingsAreKeyedByRuleId() throws {
        let e = try effect("""
            rules:
              WM304: {params: {window_days: 14}}
              missing-scope: {severity: warning}
              unused-connection: off
              WM305: {enabled: true}
            """)
        XCTAssertEqual(e.settings.disabled, ["WM601"])
        XCTAssertEqual(e.settings.severities, ["WM201": .warning])
        XCTAssertEqual(e.settings.params["WM304"]?["window_days"].map { $0.literal }, "14")
        XCTAssertEqual(e.enabled, ["WM305"])
    }

    func testUnknownRuleIdsAndNamesWithDidYouMean() throws {
        XCTAssertEqual(try effectErrors("rules:\n  WM3O4: off\n  missing-scop: off\n  zzz: off\n"), [
            "c.yaml:2:3: unknown rule \"WM3O4\"; did you mean \"WM304\"?",
            "c.yaml:3:3: unknown rule \"missing-scop\"; did you mean \"missing-scope\"?",
            "c.yaml:4:3: unknown rule \"zzz\"",
        ])
    }

    func testUnknownParamsAndParamTypes() throws {
        XCTAssertEqual(try effectErrors("rules:\n  WM304: {params: {window_dys: 14}}\n"), [
            "c.yaml:2:20: unknown param \"window_dys\" of rule WM304 token-expiring-soon; did you mean \"window_days\"? (params: window_days)",
        ])
        XCTAssertEqual(try effectErrors("rules:\n  WM601: {params: {days: 1}}\n"), [
            "c.yaml:2:20: unknown param \"days\" of rule WM601 unused-connection (it has no params)",
        ])
        XCTAssertEqual(try effectErrors("rules:\n  WM304:\n    params:\n      window_days: \"14\"\n"), [
            "c.yaml:4:20: param \"window_days\" of rule WM304 token-expiring-soon should be an int, got a string \"14\"",
        ])
        XCTAssertEqual(try effectErrors("rules:\n  WM405:\n    params:\n      accounts: {gmail: [a]}\n"), [
            "c.yaml:4:17: param \"accounts\" of rule WM405 account-policy should be a map(string, string), got a map(string, list(string)) {\"gmail\": [\"a\"]}",
        ])
        // Every mistake of the file in one run.
        XCTAssertEqual(try effectErrors("rules:\n  WM304: {params: {window_days: 1.5}}\n  WM305: {params: {max_age_days: x}}\n"), [
            "c.yaml:2:33: param \"window_days\" of rule WM304 token-expiring-soon should be an int, got a double 1.5",
            "c.yaml:3:34: param \"max_age_days\" of rule WM305 key-rotation-age should be an int, got a string \"x\"",
        ])
    }

    func testSameRuleConfiguredTwice() throws {
        XCTAssertEqual(try effectErrors("rules:\n  WM304: off\n  token-expiring-soon: on\n"), [
            "c.yaml:3:3: rule WM304 token-expiring-soon is configured twice: as \"WM304\" at line:2,col:3 and as \"token-expiring-soon\"",
        ])
    }

    func testAccountsAreTheParamsOfAccountPolicy() throws {
        let e = try effect("accounts:\n  gmail: \"*@acme.com\"\n  slack: T123\n")
        XCTAssertEqual(e.settings.params["WM405"]?["accounts"]?.literal, #"{"gmail": "*@acme.com", "slack": "T123"}"#)
        XCTAssertEqual(try effectErrors("accounts: {gmail: a}\nrules:\n  WM405: {params: {accounts: {gmail: b}}}\n"), [
            "c.yaml:1:1: \"accounts\" and rules.WM405.params.accounts both set the account policy: keep one",
        ])
        // Without the rule, the sugar has nothing to configure.
        let others = Self.builtin.rules.filter { $0.id.id != "WM405" }
        guard case .failure(let err) = try read("accounts: {gmail: a}\n").effect(for: others) else { return XCTFail("accepted") }
        XCTAssertEqual(err.description, "c.yaml:1:1: error: \"accounts\" sets the param \"accounts\" of rule WM405 account-policy, which is not loaded")
    }

    func testEnablingARuleThatIsOffByDefault() throws {
        var rule = try XCTUnwrap(Self.builtin.rules.first { $0.id.id == "WM305" })
        rule.enabled = false
        let e = try read("rules: {WM305: on}\n").effect(for: [rule]).get()
        XCTAssertEqual(e.apply(to: [rule]).map(\.enabled), [true])
    }

    // MARK: discovery and loading

    func testDiscoveryWalksUpwardAndPrefersYaml() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-config-\(UUID().uuidString)")
        let deep = root.appendingPathComponent("a/b/c")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "".write(to: root.appendingPathComponent("a/.wmdoctor.yml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(ConfigPaths.discover(from: deep.path), root.appendingPathComponent("a/.wmdoctor.yml").path)
        try "".write(to: root.appendingPathComponent("a/.wmdoctor.yaml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(ConfigPaths.discover(from: deep.path), root.appendingPathComponent("a/.wmdoctor.yaml").path)
        try "".write(to: root.appendingPathComponent("a/b/.wmdoctor.yml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(ConfigPaths.discover(from: deep.path), root.appendingPathComponent("a/b/.wmdoctor.yml").path)
        let project = Repo.testdata("config/project")
        XCTAssertEqual(ConfigPaths.discover(from: project + "/sub/deeper"), project + "/.wmdoctor.yaml")
    }

    func testPathsAreRelativeToTheConfigFile() {
        XCTAssertEqual(ConfigPaths.join(".", "./wm-rules"), "wm-rules")
        XCTAssertEqual(ConfigPaths.join("../..", "./wm-rules"), "../../wm-rules")
        XCTAssertEqual(ConfigPaths.join("conf/x", "../rules/"), "conf/rules")
        XCTAssertEqual(ConfigPaths.join("conf", "/abs/rules"), "/abs/rules")
        XCTAssertEqual(ConfigPaths.directory(of: "a/b/.wmdoctor.yaml"), "a/b")
        XCTAssertEqual(ConfigPaths.directory(of: ".wmdoctor.yaml"), ".")
    }

    func testLoadingAProjectConfigWithARuleFolder() throws {
        let path = Repo.testdata("config/project/.wmdoctor.yaml")
        let c = try Configuration.load(.file(path)).get()
        XCTAssertEqual(c.ruleErrors.map(\.message), [])
        XCTAssertNotNil(c.ruleSet.rules.first { $0.id.id == "CRM001" })
        XCTAssertNotNil(c.ruleSet.catalog.app("acme_crm"))
        XCTAssertNotNil(c.ruleSet.catalog.app("slack"))
        XCTAssertEqual(c.failOn, .warning)
        let unused = try XCTUnwrap(c.ruleSet.rules.first { $0.id.name == "unused-connection" })
        XCTAssertFalse(c.isEnabled(unused))
    }

    func testMissingRuleFolderIsAConfigError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(".wmdoctor.yaml")
        try "rule_folders:\n  - ./nowhere\n".write(to: file, atomically: true, encoding: .utf8)
        guard case .failure(let e) = Configuration.load(.discover(from: dir.path)) else { return XCTFail("accepted") }
        XCTAssertEqual(e.description, "\(file.path):2:5: error: rule folder \"./nowhere\" does not exist (\(dir.path)/nowhere)")
    }

    func testNoConfig() throws {
        let c = try Configuration.load(.none).get()
        XCTAssertNil(c.file)
        XCTAssertEqual(c.ruleSet.rules.count, Self.builtin.rules.count)
    }
}
