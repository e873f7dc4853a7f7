import XCTest

@testable import WMDoctorKit

/// Every example of every built-in rule runs as a test (SwiftLint's
/// triggering / non-triggering examples), and the rule files load cleanly.
final class RuleExampleTests: XCTestCase {
    private static let loaded = RuleSet.load(RuleSet.builtinFiles)

    func testBuiltinRulesAndCatalogLoadWithoutErrors() {
        let (set, errors) = Self.loaded
        XCTAssertEqual(errors.map { "\($0.location): \($0.message)" }, [])
        XCTAssertGreaterThanOrEqual(set.rules.count, 2)
        XCTAssertNotNil(set.catalog.app("slack"))
    }

    func testEveryExampleOfEveryRule() {
        let (set, _) = Self.loaded
        let result = RuleExamples.run(set.rules, catalog: set.catalog)
        XCTAssertEqual(result.failures.map(\.description), [])
        for rule in set.rules {
            XCTAssertTrue(rule.examples.contains(where: \.triggers), "\(rule.id.id) has no triggering example")
            XCTAssertTrue(rule.examples.contains(where: { !$0.triggers }), "\(rule.id.id) has no non-triggering example")
        }
        XCTAssertGreaterThan(result.examples, set.rules.count)
    }

    /// `workflow.trigger`, made when a rule reads it, is the same trigger as
    /// the triggers scope's `trigger` (`==`, its fields), and a step's
    /// `use.workflow` is its workflow's id: both read from the workspace
    /// when asked, not copied into every object.
    func testWorkflowTriggerIsTheVisitedTrigger() throws {
        // One workflow, `wf` or not, its trigger line marked when it should fire.
        func export(workflow: String, marked: Bool) -> String {
            """
            apiVersion: workflow-machine/v1
            kind: Workspace
            workspace: acme
            connections:
              - {id: conn_slack, name: Slack, app: slack, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}}
            workflows:
              - id: \(workflow)
                name: W
                trigger: {app: slack, event: new_message}\(marked ? "  # <-" : "")
                steps:
                  - {id: a, app: slack, action: send_message}
            """.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n")
        }
        let rule = """
            id: X901
            name: trigger-as-seen
            category: wrong-account
            severity: warning
            summary: s
            for: [triggers]
            when: >-
              workflow.trigger == trigger && workflow.trigger.event == trigger.event
              && trigger.workflow == workflow.id && workflow.trigger.workflow == 'wf'
            message: m
            examples:
              - name: the trigger two ways
                triggers: true
                export: |
            \(export(workflow: "wf", marked: true))
              - name: another workflow's id
                triggers: false
                export: |
            \(export(workflow: "other", marked: false))
            """
        let catalog = RuleSet.builtinFiles.filter { !$0.0.contains("/rules/") }
        let (set, errors) = RuleSet.load(catalog + [("x/X901.yaml", rule)])
        XCTAssertEqual(errors.map(\.message), [])
        XCTAssertEqual(set.rules.map(\.id.id), ["X901"])
        let result = RuleExamples.run(set.rules, catalog: set.catalog)
        XCTAssertEqual(result.failures.map(\.description), [])
        XCTAssertEqual(result.examples, 2)
    }

    func testEveryCategoryHasABuiltinRule() {
        let covered = Set(Self.loaded.0.rules.map(\.descriptor.category)).union([.invalidExport])
        XCTAssertEqual(covered, Set(FindingCategory.allCases))
    }

    func testEmbeddedFilesMatchTheRulesFolder() throws {
        let folder = Repo.root.appendingPathComponent("Rules")
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        XCTAssertEqual(BuiltinRuleFiles.files.map(\.path).sorted(), onDisk)
        for (path, text) in BuiltinRuleFiles.files {
            XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8), text, path)
        }
    }
}
