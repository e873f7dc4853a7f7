import Foundation
import XCTest

@testable import WMDoctorKit

/// Baselines: fingerprints that survive reordering and moving, new and
/// unchanged findings, stale entries, the file format and its errors.
final class BaselineTests: XCTestCase {
    private func fingerprints(_ r: Report) -> [String] { r.findings.map(\.fingerprint).sorted() }

    private func baseline(of r: Report) -> Baseline { Baseline(recording: r) }

    /// workflows.yaml with wf_lead_alerts and wf_digest swapped, and comments added above.
    private var reordered: String {
        let text = GatingFixture.workflows
        let lines = text.components(separatedBy: "\n")
        guard let a = lines.firstIndex(of: "  - id: wf_lead_alerts"), let b = lines.firstIndex(of: "  - id: wf_digest"),
            let c = lines.firstIndex(of: "  - id: wf_off")
        else { return "" }
        let head = Array(lines[..<a]), first = Array(lines[a..<b]), second = Array(lines[b..<c]), rest = Array(lines[c...])
        return (["# moved around", "", ""] + head + second + first + rest).joined(separator: "\n")
    }

    func testFixtureHasFindingsOfEveryKind() {
        let r = gatedReport(GatingFixture.files)
        XCTAssertEqual(r.findings.map(\.rule.id).sorted(), ["WM201", "WM301", "WM601"])
    }

    func testReorderedWorkflowsKeepTheBaseline() {
        let before = gatedReport(GatingFixture.files)
        let after = gatedReport(["connections.yaml": GatingFixture.connections, "workflows.yaml": reordered])
        XCTAssertFalse(reordered.isEmpty)
        // The lines moved (and the uses WM301 lists are in the new order)...
        XCTAssertNotEqual(before.findings.map(\.location), after.findings.map(\.location))
        let uses = { (r: Report) in r.findings.first { $0.rule.id == "WM301" }?.affects.map(\.key.path) ?? [] }
        XCTAssertEqual(uses(before), ["wf_lead_alerts/notify", "wf_digest/post"])
        XCTAssertEqual(uses(after), ["wf_digest/post", "wf_lead_alerts/notify"])
        // ...but the fingerprints did not change.
        XCTAssertEqual(fingerprints(before), fingerprints(after))
        let gated = gatedReport(
            ["connections.yaml": GatingFixture.connections, "workflows.yaml": reordered],
            GatingOptions(baseline: (baseline(of: before), "b.json")))
        XCTAssertEqual(gated.findings.map(\.baseline), [.unchanged, .unchanged, .unchanged])
        XCTAssertEqual(gated.baseline?.stale.count, 0)
        XCTAssertEqual(gated.exitStatus(failOn: .info), 0)
    }

    func testWorkflowMovedToAnotherFileKeepsTheBaseline() {
        let before = gatedReport(GatingFixture.files)
        let workflows = GatingFixture.workflows.components(separatedBy: "\n")
        guard let b = workflows.firstIndex(of: "  - id: wf_lead_alerts"), let c = workflows.firstIndex(of: "  - id: wf_digest") else {
            return XCTFail("fixture changed")
        }
        let moved = Array(workflows[b..<c])
        let remaining = Array(workflows[..<b] + workflows[c...]).joined(separator: "\n")
        let other = (["apiVersion: workflow-machine/v1", "kind: WorkflowList", "workspace: acme", "workflows:"] + moved).joined(separator: "\n")
        let after = gatedReport(
            ["connections.yaml": GatingFixture.connections, "workflows.yaml": remaining, "z-more.yaml": other],
            GatingOptions(baseline: (baseline(of: before), "b.json")))
        XCTAssertTrue(after.findings.contains { $0.rule.id == "WM201" && $0.location.file == "z-more.yaml" }, "\(lines(after.findings))")
        XCTAssertEqual(after.findings.map(\.baseline), [.unchanged, .unchanged, .unchanged], "\(lines(after.findings))")
        XCTAssertEqual(after.baseline?.stale.count, 0)
    }

    func testNoLineNumbersAndNoCollisionsAcrossWorkspacesOrFiles() throws {
        let r = gatedReport(GatingFixture.files)
        let json = baseline(of: r).json
        XCTAssertFalse(json.contains("\"line\""), json)
        XCTAssertFalse(json.contains("created"), json)
        // The same workflow id in two workspaces: two fingerprints.
        let doc = { (ws: String) in
            header.replacingOccurrences(of: "workspace: acme", with: "workspace: \(ws)")
                + "workflows:\n  - {id: wf, name: W, steps: [{id: s, app: slack, action: send_message, connection: nope}]}\n"
        }
        let two = gatedReport(["a.yaml": doc("acme"), "b.yaml": doc("globex")])
        let unknown = two.findings.filter { $0.rule.id == "WM101" }
        XCTAssertEqual(unknown.count, 2)
        XCTAssertEqual(Set(unknown.map(\.fingerprint)).count, 2)
        // Two documents with the same header problem and no workspace, in two files: two fingerprints.
        let bad = "apiVersion: workflow-machine/v9\nkind: Workspace\n"
        let headers = gatedReport(["a.yaml": bad, "b.yaml": bad]).findings
        XCTAssertEqual(headers.count, Set(headers.map(\.fingerprint)).count, "\(lines(headers))")
    }

    func testStaleEntryIsReportedEverywhere() throws {
        let before = gatedReport(GatingFixture.files)
        let fixed = GatingFixture.connections.replacingOccurrences(of: "status: revoked", with: "status: active")
        let after = gatedReport(
            ["connections.yaml": fixed, "workflows.yaml": GatingFixture.workflows],
            GatingOptions(baseline: (baseline(of: before), "base.json")))
        XCTAssertEqual(after.baseline?.stale.map(\.rule), ["WM301"])
        XCTAssertEqual(after.baseline?.stale.first?.title, "WM301 connection-not-active: acme / connection conn_slack_mkt")
        let text = TextReporter(snippets: false).render(after)
        XCTAssertTrue(text.contains("base.json: info: 1 baseline entry matches no finding any more (fixed?)"), text)
        XCTAssertTrue(text.contains("  note: stale: WM301 connection-not-active: acme / connection conn_slack_mkt"), text)
        XCTAssertTrue(text.hasSuffix("No problems found in 2 files (1 workspace, 3 connections, 3 workflows, 4 steps). Not shown: 2 baselined.\n"), text)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONReporter().render(after).utf8)) as? [String: Any])
        let stale = try XCTUnwrap(json["stale_baseline"] as? [[String: Any]])
        XCTAssertEqual(stale.map { $0["rule"] as? String }, ["WM301"])
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["stale_baseline"] as? Int, 1)
        XCTAssertEqual(summary["baselined"] as? Int, 2)
        XCTAssertEqual(summary["error"] as? Int, 0)
    }

    func testNewFindingFailsAndFormatsShowTheState() throws {
        let before = gatedReport(GatingFixture.files)
        let worse = GatingFixture.workflows + "  - {id: wf_new, name: New, steps: [{id: s, app: slack, action: send_message, connection: conn_nope}]}\n"
        let after = gatedReport(
            ["connections.yaml": GatingFixture.connections, "workflows.yaml": worse],
            GatingOptions(baseline: (baseline(of: before), "b.json")))
        let states = after.findings.map { "\($0.rule.id) \($0.baseline?.rawValue ?? "-")" }
        XCTAssertEqual(states.sorted(), ["WM101 new", "WM201 unchanged", "WM301 unchanged", "WM601 unchanged"])
        XCTAssertEqual(after.exitStatus(failOn: .error), 1)
        XCTAssertEqual(after.count(.error), 1)
        let sarif = SARIFReporter().render(after)
        // WM301 is a result at its cause and one at each of the two steps it breaks: 5 unchanged results.
        XCTAssertEqual(sarif.components(separatedBy: "\"baselineState\":\"unchanged\"").count - 1, 5)
        XCTAssertEqual(sarif.components(separatedBy: "\"baselineState\":\"new\"").count - 1, 1)
        let junit = JUnitReporter(failOn: .error).render(after)
        XCTAssertEqual(junit.components(separatedBy: "<failure ").count - 1, 1, junit)
        XCTAssertTrue(junit.contains("[WM301 connection-not-active] (baselined)"), junit)
        let text = TextReporter(snippets: false).render(after)
        XCTAssertFalse(text.contains("WM301"), text)
        XCTAssertTrue(text.contains("Not shown: 3 baselined."), text)
        XCTAssertFalse(GitLabReporter().render(after).contains("WM301"))
    }

    func testRepeatedFingerprintsMatchOneForOne() {
        let f = Finding(
            rule: ExportRule.notAMapping.id, category: .invalidExport, severity: .error, message: "m",
            location: SourceLocation(file: "a.yaml", line: 1, column: 1), entity: EntityRef(kind: .workspace, workspace: ""))
        var r = Report(now: testNow, inputs: ["a.yaml"], findings: [f, f], errors: [])
        Baseline(entries: [Baseline.Entry(fingerprint: f.fingerprint, rule: "WM008")]).apply(to: &r, file: "b.json")
        XCTAssertEqual(r.findings.map(\.baseline), [.unchanged, .new])
    }

    func testFileRoundTripsAndIsDeterministic() throws {
        let r = gatedReport(GatingFixture.files)
        let b = Baseline(recording: r, created: testNow)
        XCTAssertTrue(b.json.contains("\"created\": \"2026-11-24T00:00:00Z\""), b.json)
        XCTAssertEqual(b.json, Baseline(recording: gatedReport(GatingFixture.files), created: testNow).json)
        let read = try BaselineReader.read(text: b.json, path: "b.json").get()
        XCTAssertEqual(read.entries, b.entries)
        XCTAssertEqual(read.created, testNow)
        XCTAssertEqual(read.toolVersion, Tool.version)
    }

    func testBrokenBaselineFilesHavePositions() {
        func errors(_ text: String) -> String {
            switch BaselineReader.read(text: text, path: "b.json") {
            case .success: return "no error"
            case .failure(let e): return e.description
            }
        }
        XCTAssertTrue(errors("{\"version\": 2, \"entries\": [\n  {\"fingerprint\": \"x\"\n") .hasPrefix("b.json:3:1: error: "), errors("{\"version\": 2, \"entries\": [\n  {\"fingerprint\": \"x\"\n"))
        XCTAssertEqual(errors("{\"version\": 2, \"entries\": [{\"fingerprint\": \"xyz\", \"rule\": \"WM001\"}]}"),
            "b.json:1:44: error: \"xyz\" is not a wmdoctor fingerprint (32 lowercase hex digits)")
        XCTAssertEqual(errors("{\"version\": 3, \"entries\": []}"),
            "b.json:1:13: error: baseline version \"3\" is not supported: this wmdoctor reads version 2; write it again with `wmdoctor baseline write b.json PATH...`")
        XCTAssertEqual(errors("{\"version\": 2, \"entries\": [{\"fingerprint\": \"0123456789abcdef0123456789abcdef\", \"rule\": \"WM301\", \"uses\": [{\"kind\": \"stpe\", \"workflow\": \"wf\"}]}]}"),
            "b.json:1:115: error: a use's kind should be step or trigger, got \"stpe\"; did you mean \"step\"?")
        XCTAssertEqual(errors("{\"version\": 2, \"entires\": []}"),
            "b.json:1:1: error: the baseline is missing the required key \"entries\"\nb.json:1:16: error: unknown key \"entires\" in the baseline; did you mean \"entries\"? (allowed: version, tool, created, entries)")
        XCTAssertEqual(errors(""), "b.json:1:1: error: the baseline file is empty")
        if case .success = BaselineReader.load(path: "/nonexistent/b.json") { XCTFail("a missing file loads") }
    }
}
