import Foundation
import XCTest

@testable import WMDoctorKit

/// Every limit: the error names the file, the position and the limit (and the
/// flag that raises it); the rest of the input still runs. Large inputs are
/// generated here, never committed.
final class LimitsTests: XCTestCase {
    private func error(_ yaml: String, _ limits: YAMLLimits) -> String? {
        FileLoader(limits: limits).load(bytes: Array(yaml.utf8), path: "big.yaml").error.map { "\($0.location): \($0.message)" }
    }

    func testDefaults() {
        let d = YAMLLimits.default
        XCTAssertEqual(d.maxFileBytes, 256 << 20)
        XCTAssertEqual(d.maxTotalBytes, 1 << 30)
        XCTAssertEqual(d.maxMappingKeys, 100_000)
        XCTAssertEqual(d.maxScalarBytes, 1 << 20)
        XCTAssertEqual(d.maxDepth, 256)
        XCTAssertEqual(d.maxAliasExpansion, 1_000_000)
        XCTAssertEqual(ExpressionLimits.maxLength, 10_000)
    }

    func testFileSizeLimit() throws {
        let tmp = try hostileFolder(self)
        let text = header + String(repeating: "# padding\n", count: 200)
        try Data(text.utf8).write(to: tmp.appendingPathComponent("big.yaml"))
        let r = try HostileCLI.check(["big.yaml"], ["--max-file-size", "1KiB"], cwd: tmp)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("big.yaml:1:1: error: big.yaml is \(text.utf8.count) bytes, more than the limit of 1024 bytes (--max-file-size); not read"), r.out)
        XCTAssertEqual(try HostileCLI.check(["big.yaml"], ["--max-file-size", "4KB"], cwd: tmp).status, 1)
    }

    /// Files past the total are refused by name; the ones before still run.
    func testTotalSizeLimit() throws {
        let tmp = try hostileFolder(self)
        let text = header + "connections: []\nworkflows: []\n"
        for name in ["a.yaml", "b.yaml", "c.yaml"] { try Data(text.utf8).write(to: tmp.appendingPathComponent(name)) }
        let r = try HostileCLI.check(["."], ["--max-total-size", "150"], cwd: tmp)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("b.yaml:1:1: error: not read: b.yaml (94 bytes) would bring the input to more than the limit of 150 bytes for one run (--max-total-size); 94 bytes read before it"), r.out)
        XCTAssertTrue(r.out.contains("c.yaml:1:1: error: not read: c.yaml (94 bytes)"), r.out)
        XCTAssertTrue(r.out.contains("in 1 file"), r.out)
    }

    func testKeysPerMappingLimit() {
        let params = (1...11).map { "      k\($0): v" }.joined(separator: "\n")
        let yaml = header + "connections: []\nworkflows:\n  - id: wf\n    name: W\n    steps:\n    - id: s\n      app: slack\n      params:\n" + params.replacingOccurrences(of: "      k", with: "        k") + "\n"
        XCTAssertEqual(
            error(yaml, YAMLLimits(maxMappingKeys: 10)),
            "big.yaml:22:9: this mapping has more than 10 keys (--max-keys); refusing to read further")
        XCTAssertNil(error(yaml, YAMLLimits(maxMappingKeys: 11)))
    }

    /// The export header is read key by key (not composed as one mapping): it is capped too.
    func testKeysOfTheExportHeaderAreCapped() {
        let extra = (1...4).map { "x\($0): 1" }.joined(separator: "\n")
        let yaml = header + "connections: []\nworkflows: []\n" + extra + "\n"
        XCTAssertEqual(
            error(yaml, YAMLLimits(maxMappingKeys: 6)),
            "big.yaml:7:1: this mapping has more than 6 keys (--max-keys); refusing to read further")
        XCTAssertNil(error(yaml, YAMLLimits(maxMappingKeys: 9)))
        XCTAssertNotNil(error(yaml, YAMLLimits(maxMappingKeys: 8)), "9 keys: apiVersion, kind, workspace, connections, workflows, x1...x4")
    }

    func testScalarSizeLimit() {
        let yaml = header + "connections: []\nworkflows:\n  - id: wf\n    name: \(String(repeating: "n", count: 5000))\n"
        XCTAssertEqual(
            error(yaml, YAMLLimits(maxScalarBytes: 4096)),
            "big.yaml:7:11: a value of 5000 bytes is longer than the limit of 4096 bytes (--max-scalar-size); refusing to read it")
    }

    func testDepthAndAliasLimitsFromTheCommandLine() throws {
        let tmp = try hostileFolder(self)
        let deep = header + "workflows: " + String(repeating: "[", count: 20) + String(repeating: "]", count: 20) + "\n"
        try Data(deep.utf8).write(to: tmp.appendingPathComponent("deep.yaml"))
        let d = try HostileCLI.check(["deep.yaml"], ["--max-depth", "8"], cwd: tmp)
        XCTAssertEqual(d.status, 2)
        XCTAssertTrue(d.out.contains("deep.yaml:4:19: error: mappings and lists nest deeper than 8 levels; refusing to read further"), d.out)
        var laughs = header + "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...6 { laughs += "x\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try Data(laughs.utf8).write(to: tmp.appendingPathComponent("laughs.yaml"))
        let l = try HostileCLI.check(["laughs.yaml"], ["--max-alias-nodes", "5000"], cwd: tmp)
        XCTAssertEqual(l.status, 2)
        XCTAssertTrue(l.out.contains("error: aliases expand this document beyond 5000 nodes (a \"billion laughs\" file?); refusing to read it"), l.out)
    }

    /// Usage errors exit with the command line's status (64).
    func testBadLimitValuesAreUsageErrors() throws {
        let r = try HostileCLI.check(["Samples"], ["--max-file-size", "lots"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("--max-file-size"), r.err)
        let keys = try HostileCLI.check(["Samples"], ["--max-keys", "0"])
        XCTAssertEqual(keys.status, 64)
        XCTAssertTrue(keys.err.contains("--max-keys must be at least 1, got 0"), keys.err)
    }

    func testExpressionLengthLimit() {
        let catalog = RuleSet.load(RuleSet.builtinFiles).0.catalog
        let long = Array(repeating: "true", count: 2_600).joined(separator: " && ")
        let rule = """
            id: LIM001
            name: long
            category: hygiene
            severity: info
            summary: A long expression.
            for: workspaces
            when: \(long)
            message: long
            examples:
              - name: a
                triggers: true
                export: |
                  x: 1  # <-
              - {name: b, triggers: false, export: "x"}
            """
        guard case .failure(let e) = RuleLoader.load(text: rule, path: "rules/LIM001.yaml", catalog: catalog) else {
            return XCTFail("a 20,000-character expression was compiled")
        }
        XCTAssertEqual(
            e.errors.map { "\($0.location): \($0.message)" }.filter { $0.contains("expression") },
            ["rules/LIM001.yaml:7:7: in when: the expression is \(long.count) characters long, more than the limit of 10000; not compiled"])
    }

    /// A runaway user rule is stopped by the cost budget, reported with the
    /// rule and the entity, and the built-in rules still report their findings.
    func testRunawayRuleIsReportedAndTheRestStillRuns() {
        let runaway = """
            id: RUN001
            name: runaway
            category: hygiene
            severity: warning
            summary: Burns its budget.
            for: connections
            when: lists.range(1000000).exists(i, lists.range(1000000).exists(j, i * j < 0))
            message: never
            examples:
              - name: a
                triggers: true
                export: |
                  x: 1  # <-
              - {name: b, triggers: false, export: "x"}
            """
        let (rules, errors) = RuleSet.load(RuleSet.builtinFiles + [(path: "user/RUN001.yaml", text: runaway)])
        XCTAssertEqual(errors, [])
        let file = FileLoader().load(path: Repo.root.appendingPathComponent("Samples/broken/expired-token.yaml").path)
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(files: [file])
        let messages = report.errors.map(\.message)
        XCTAssertTrue(messages.contains("rule RUN001 runaway failed on piedpiper / connection conn_slack: cost limit exceeded (1000000)"), "\(messages)")
        XCTAssertEqual(report.errors.first?.location.description, "user/RUN001.yaml:7:7")
        XCTAssertTrue(report.findings.contains { $0.rule.id.hasPrefix("WM3") }, "built-in rules still ran")
        XCTAssertEqual(report.exitStatus(failOn: nil), 2)
    }
}
