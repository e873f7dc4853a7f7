import Foundation
import XCTest

@testable import WMDoctorKit

/// Every report stays within what its consumer accepts (see
/// ../shared/consumer-limits.md): SARIF's results and gzipped size, GitHub's
/// annotations per level, GitLab's JUnit size and test cases, a comment's
/// characters, an HTML page's size. The capping logic is asserted on synthetic
/// findings (fast); a generated export checks the pieces together.
final class ReportLimitsTests: XCTestCase {
    static let rule = RuleID("WM301", "connection-not-active")

    /// `n` findings about connections, the i-th breaking `uses(i)` steps.
    static func findings(_ n: Int, severity: (Int) -> Severity = { _ in .error }, uses: (Int) -> Int = { _ in 0 }, message: String = "is revoked") -> [Finding] {
        (0..<n).map { i in
            var f = Finding(
                rule: rule, category: .expiredToken, severity: severity(i), message: "connection \"c\(i)\" \(message)",
                location: SourceLocation(file: "exports/big.yaml", line: i + 1, column: 3, length: 4),
                entity: EntityRef(kind: .connection, workspace: "acme", connection: "c\(i)"),
                remediation: "Reconnect the connection.")
            f.affects = (0..<uses(i)).map { u in
                AffectedUse(
                    workspace: "acme", workflow: "wf_\(i)_\(u)", step: "s", method: .explicitID, connection: "c\(i)",
                    location: SourceLocation(file: "exports/big.yaml", line: 100_000 + i * 10 + u, column: 9))
            }
            return f
        }
    }

    static func report(_ findings: [Finding]) -> Report {
        Report(now: testNow, inputs: ["exports/big.yaml"], findings: findings.sorted(by: Finding.reportOrder), errors: [])
    }

    static func gzipSize(_ text: String) throws -> Int {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-gz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: input) }
        try Data(text.utf8).write(to: input)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-c", input.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "gzip failed")
        return data.count
    }

    // MARK: SARIF

    func testSARIFKeepsAtMost25000ResultsMostSevereAndMostUsesFirst() throws {
        // 26,000 causes: every 1000th an error breaking 3 uses (4 results), the rest warnings.
        let findings = Self.findings(26_000, severity: { $0 % 1000 == 0 ? .error : .warning }, uses: { $0 % 1000 == 0 ? 3 : 0 })
        var reporter = SARIFReporter()
        reporter.maxBytes = 100_000_000  // the count alone decides here
        let text = reporter.render(Self.report(findings))
        let run = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, SARIFReporter.maxResults)
        // The 26 errors (each with its 3 uses) come first.
        XCTAssertEqual(results.prefix(26 * 4).filter { $0["level"] as? String == "error" }.count, 26 * 4)
        XCTAssertEqual(results[26 * 4]["level"] as? String, "warning")
        let properties = try XCTUnwrap(run["properties"] as? [String: Any])
        XCTAssertEqual(properties["wmdoctor/resultsTotal"] as? Int, 26_000 + 26 * 3)
        XCTAssertEqual(properties["wmdoctor/resultsLeftOut"] as? Int, 26_000 + 26 * 3 - 25_000)
        let notes = try XCTUnwrap((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"] as? [[String: Any]])
        let note = try XCTUnwrap(notes.first { ($0["descriptor"] as? [String: Any])?["id"] as? String == "results-left-out" })
        XCTAssertTrue(((note["message"] as? [String: Any])?["text"] as? String ?? "").hasPrefix("1078 of 26078 results are left out"), "\(note)")
    }

    func testSARIFStaysUnder10MBGzippedWithIncompressibleText() throws {
        // Messages of random-looking text (compresses badly): 12,000 x ~1.7 KB is over 10 MB.
        var seed: UInt64 = 7
        let noise = String((0..<1_500).map { _ -> Character in
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Character(Unicode.Scalar(UInt8(48 + (seed >> 33) % 75)))
        })
        let text = SARIFReporter().render(Self.report(Self.findings(12_000, message: noise)))
        XCTAssertLessThanOrEqual(text.utf8.count, SARIFReporter.maxBytes)
        XCTAssertLessThan(try Self.gzipSize(text), 10_000_000)
        XCTAssertTrue(text.contains("\"id\": \"results-left-out\""))
        let results = text.components(separatedBy: "{\"ruleId\":").count - 1
        XCTAssertGreaterThan(results, 4_000)
        XCTAssertLessThan(results, 12_000)
        XCTAssertGreaterThan(text.utf8.count, SARIFReporter.maxBytes - 100_000, "the budget is used, not wasted")
    }

    func testSARIFRegionsRelatedLinksAndSecuritySeverity() throws {
        var f = Self.findings(1, uses: { _ in 1 })[0]
        f.message = "has [brackets] and a \\ backslash"
        f.related = [RelatedLocation("the [other] one", at: SourceLocation(file: "exports/big.yaml", line: 9, column: 1))]
        var report = Self.report([f])
        report.rules = [RuleDescriptor(
            id: RuleID("WM701", "secret-in-text"), category: .secretExposure, defaultSeverity: .error, summary: "s",
            description: "d", remediation: "r", tags: [])]
        let text = SARIFReporter().render(report)
        XCTAssertTrue(text.contains("\"text\":\"has \\\\[brackets\\\\] and a \\\\\\\\ backslash (see [the \\\\[other\\\\] one](1))\""), text)
        XCTAssertTrue(text.contains("\"region\":{\"startLine\":1,\"startColumn\":3,\"endLine\":1,\"endColumn\":7}"), text)
        XCTAssertTrue(text.contains("is broken by [its cause](1): "), text)
        XCTAssertTrue(text.contains("\"security-severity\": \"8.0\""), text)
        XCTAssertTrue(text.contains("\"security\""), text)
        XCTAssertFalse(text.contains("results-left-out"))
    }

    // MARK: GitHub

    func testGitHubAnnotatesTenPerLevelMostImportantFirstAndSaysHowManyMore() {
        let findings = Self.findings(90, severity: { [Severity.error, .warning, .info][$0 % 3] }, uses: { $0 == 42 ? 5 : 0 })
        let out = GitHubReporter(fullReport: "out/report.json").render(Self.report(findings))
        let lines = out.split(separator: "\n")
        for level in ["error", "warning"] { XCTAssertEqual(lines.filter { $0.hasPrefix("::\(level) ") }.count, 10, level) }
        XCTAssertEqual(lines.filter { $0.hasPrefix("::notice ") }.count, 10)
        XCTAssertTrue(lines[0].contains("connection \"c42\" is revoked"), "the error that breaks the most uses first: \(lines[0])")
        let more = lines.filter { $0.hasPrefix("::notice title=wmdoctor%3A") }
        XCTAssertEqual(more.count, 1)
        // 30 causes per level + 5 uses of c42 = 95 candidates; 10 + 10 + 9 shown.
        XCTAssertTrue(more[0].contains("66 more (25 errors, 20 warnings, 21 notices)"), String(more[0]))
        XCTAssertTrue(more[0].contains("the JSON report out/report.json"), String(more[0]))
    }

    func testStepSummaryIsAppendedNeverTruncated() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-summary-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("earlier step\n".utf8).write(to: URL(fileURLWithPath: path))
        try ReportFile.append(to: path) { existing in
            XCTAssertEqual(existing, 13)
            return MarkdownReporter(limit: (1 << 20) - existing).render(Self.report(Self.findings(20_000)))
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("earlier step\n# wmdoctor report"))
        XCTAssertLessThan(text.utf8.count, 1 << 20)
        let fifo = path + ".fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        defer { unlink(fifo) }
        XCTAssertThrowsError(try ReportFile.append(to: fifo) { _ in "x" }, "a FIFO is not a summary file")
    }

    // MARK: Markdown and HTML

    func testMarkdownNeverExceedsACommentAndSaysHowManyMore() {
        let findings = Self.findings(5_000, severity: { $0 % 2 == 0 ? .error : .warning }, uses: { $0 % 7 })
        let md = MarkdownReporter().render(Self.report(findings))
        XCTAssertLessThanOrEqual(md.utf8.count, MarkdownReporter.commentLimit)
        let listed = md.components(separatedBy: "\n- **WM301").count - 1
        XCTAssertGreaterThan(listed, 50)
        XCTAssertTrue(md.hasSuffix("\n\(5_000 - listed) more: see the full report (the JSON report, `--report json=FILE`, lists every finding).\n"), String(md.suffix(300)))
        // Summary and fixes first; errors before warnings.
        XCTAssertLessThan(md.range(of: "## Fix these first")!.lowerBound, md.range(of: "## Errors (2500)")!.lowerBound)
        XCTAssertNil(md.range(of: "## Warnings"), "the errors alone fill the comment")
        // A small report is whole.
        let small = MarkdownReporter().render(Self.report(Self.findings(3)))
        XCTAssertFalse(small.contains("more: see the full report"))
    }

    func testHTMLStopsBeforeItsSizeLimit() {
        var reporter = HTMLReporter()
        reporter.maxBytes = 200_000
        let html = reporter.render(Self.report(Self.findings(5_000, uses: { $0 % 30 })))
        XCTAssertLessThanOrEqual(html.utf8.count, 200_000)
        XCTAssertTrue(html.contains("more: see the full report"))
        XCTAssertTrue(html.hasSuffix("</html>\n"))
        XCTAssertLessThan(html.range(of: "<h2>Fix these first</h2>")!.lowerBound, html.range(of: "<h2>Findings</h2>")!.lowerBound)
    }

    // MARK: JUnit

    func testJUnitHasOneTestCasePerWorkflowAndConnectionWithEveryFinding() throws {
        let report = Self.generated(workflows: 300, connections: 40)
        XCTAssertGreaterThan(report.findings.count, 20)
        let xml = JUnitReporter(failOn: .error).render(report)
        let names = xml.components(separatedBy: "<testcase name=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(Set(names).count, names.count, "names are unique")
        XCTAssertEqual(names.filter { $0.hasPrefix("gen / workflow ") }.count, 300)
        XCTAssertEqual(names.filter { $0.hasPrefix("gen / connection ") }.count, 42)
        // Every finding is in its test case: a failure (errors) or the test case's system-out (below --fail-on).
        for f in report.findings {
            XCTAssertTrue(xml.contains(XML.text("\(f.severity.rawValue): \(f.location): \(f.message)")), "\(f.rule.id) \(f.message)")
        }
        let errors = report.findings.filter { $0.severity == .error }.count
        XCTAssertGreaterThan(errors, 0)
        XCTAssertGreaterThan(report.findings.count - errors, 0, "findings below --fail-on too")
        XCTAssertEqual(xml.components(separatedBy: "<system-out>").count - 1, Set(report.findings.filter { $0.severity != .error }.map { $0.entity.workflow ?? $0.entity.connection ?? "" }).count)
    }

    func testJUnitCountsPassingTestCasesWhenTheFileWouldBeTooLarge() throws {
        let report = Self.generated(workflows: 300, connections: 40)
        var reporter = JUnitReporter()
        let full = reporter.render(report)
        // Too large with every test case: those without findings are counted, not listed.
        let passes = full.components(separatedBy: "\">\n").count  // rough: cases with children
        XCTAssertGreaterThan(passes, 0)
        reporter.maxBytes = full.utf8.count - 1
        let counted = reporter.render(report)
        XCTAssertLessThanOrEqual(counted.utf8.count, reporter.maxBytes)
        XCTAssertTrue(counted.contains("workflows and connections without findings\""), counted)
        for f in report.findings { XCTAssertTrue(counted.contains(XML.text("\(f.location): \(f.message)")), f.message) }
        XCTAssertTrue(counted.contains("  remediation: "))
        // Far too large: the least important test cases with findings are counted too.
        reporter.maxBytes = 20_000
        let cut = reporter.render(report)
        XCTAssertLessThanOrEqual(cut.utf8.count, reporter.maxBytes)
        XCTAssertTrue(cut.contains("more test cases with findings"), cut)
        XCTAssertFalse(cut.contains("  remediation: "), "each finding in one line first")
        // The test cases kept are the most important: the revoked connection's.
        XCTAssertTrue(cut.contains("<testcase name=\"gen / connection conn_0\""), cut)
    }

    /// An export of `workflows` workflows (two Slack steps each) on
    /// `connections` Slack connections, every tenth revoked.
    static func generated(workflows: Int, connections: Int) -> Report {
        var yaml = "apiVersion: workflow-machine/v1\nkind: Workspace\nworkspace: gen\nconnections:\n"
        for c in 0..<connections {
            let status = c % 10 == 0 ? "revoked" : "active"
            yaml += "  - {id: conn_\(c), name: Conn \(c), app: slack, status: \(status), account: {id: T\(c)}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write]}}\n"
        }
        // Two connections nobody uses: info findings, below --fail-on error.
        yaml += "  - {id: spare_1, name: Spare, app: gmail, account: {id: G1}, auth: {type: oauth2, scopes: []}}\n"
        yaml += "  - {id: spare_2, name: Spare 2, app: gmail, account: {id: G2}, auth: {type: oauth2, scopes: []}}\n"
        yaml += "workflows:\n"
        for w in 0..<workflows {
            yaml += "  - id: wf_\(w)\n    name: Flow \(w)\n    steps:\n"
            for s in 0..<2 {
                let c = (w * 7 + s * 3) % (connections + 5)
                yaml += "      - {id: s\(s), app: slack, action: send_message, connection: {id: conn_\(c)}}\n"
            }
        }
        let rules = RuleSet.load(RuleSet.builtinFiles).0
        return Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(files: [load(yaml, name: "gen.yaml")])
    }
}
