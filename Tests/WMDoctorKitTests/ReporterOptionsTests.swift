import Foundation
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import WMDoctorKit

/// Colours, `--report`, atomic files, paths, and what each format promises.
final class ReporterOptionsTests: XCTestCase {
    func testColorChoice() {
        let tty = ["TERM": "xterm-256color"]
        XCTAssertTrue(ColorChoice.auto.enabled(isTerminal: true, environment: tty))
        XCTAssertFalse(ColorChoice.auto.enabled(isTerminal: false, environment: tty))
        XCTAssertFalse(ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": "0"]), "any non-empty value")
        XCTAssertTrue(ColorChoice.auto.enabled(isTerminal: true, environment: ["NO_COLOR": ""]), "empty means unset")
        XCTAssertFalse(ColorChoice.auto.enabled(isTerminal: true, environment: ["TERM": "dumb"]))
        XCTAssertTrue(ColorChoice.always.enabled(isTerminal: false, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(ColorChoice.never.enabled(isTerminal: true, environment: [:]))
    }

    func testTextColoursOnlyWhenAsked() {
        let report = syntheticReport()
        let plain = TextReporter(colors: false).render(report)
        let coloured = TextReporter(colors: true).render(report)
        XCTAssertFalse(plain.contains("\u{1B}["))
        XCTAssertTrue(coloured.contains("\u{1B}[1;31merror\u{1B}[0m"))
        XCTAssertTrue(coloured.contains("\u{1B}[1;33mwarning\u{1B}[0m"))
        // Without the escapes, the coloured text is the plain text.
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, plain)
    }

    func testReportDestinationParsing() throws {
        XCTAssertEqual(try ReportDestination.parse("junit=out/junit.xml"), ReportDestination(format: .junit, path: "out/junit.xml"))
        XCTAssertEqual(try ReportDestination.parse("SARIF=a=b.sarif"), ReportDestination(format: .sarif, path: "a=b.sarif"))
        for bad in ["junit", "xml=out.xml", "=out.xml", "html="] {
            XCTAssertThrowsError(try ReportDestination.parse(bad), bad) { error in
                if bad != "html=" {
                    XCTAssertTrue("\(error)".contains("text, json, junit, sarif, github, gitlab, markdown, html"), "\(error)")
                }
            }
        }
    }

    func testAtomicWriteLeavesNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out/nested/report.xml").path
        try ReportFile.write("first", to: target)
        try ReportFile.write("second", to: target)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "second")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out/nested").path), ["report.xml"])
        // A target that cannot be replaced (a folder) fails and leaves nothing behind.
        let folder = dir.appendingPathComponent("out/folder")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("inside"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try ReportFile.write("x", to: folder.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted(), ["folder", "nested"])
    }

    func testReportPaths() {
        let paths = ReportPaths(currentDirectory: "/repo/sub", root: "..")
        XCTAssertEqual(paths.root, "/repo")
        XCTAssertEqual(paths.relative("a.yaml"), "sub/a.yaml")
        XCTAssertEqual(paths.relative("./x/../b.yaml"), "sub/b.yaml")
        XCTAssertEqual(paths.relative("/repo/c.yaml"), "c.yaml")
        XCTAssertNil(paths.relative("/elsewhere/d.yaml"))
        XCTAssertNil(paths.relative("/repository/d.yaml"), "a prefix of the name is not a parent folder")
        XCTAssertEqual(paths.rootURI, "file:///repo/")
        XCTAssertEqual(ReportPaths.percentEncode("a b/c#d%.yaml"), "a%20b/c%23d%25.yaml")
    }

    func testSARIFRunIsCompleteAndPointsInsideTheRoot() throws {
        let paths = ReportPaths(currentDirectory: "/work/repo", root: "/work/repo")
        var report = syntheticReport()
        report.findings[0].location = SourceLocation(file: "/outside/x.yaml", line: 3, column: 7)
        let sarif = try json(SARIFReporter(paths: paths).render(report))
        let run = try XCTUnwrap((sarif["runs"] as? [[String: Any]])?.first)
        let driver = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try XCTUnwrap(driver["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.compactMap { $0["id"] as? String }, report.rules.map(\.id.id))
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        for result in results {
            let index = try XCTUnwrap(result["ruleIndex"] as? Int)
            XCTAssertEqual(rules[index]["id"] as? String, result["ruleId"] as? String)
        }
        let uris = results.map { r in
            (((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        // Most severe first: the error, the warning, then the info outside the root.
        XCTAssertEqual(uris, ["exports/acme%20%26%20co%20%3Cprod%3E.yaml", "file:///outside/x.yaml", "exports/acme%20%26%20co%20%3Cprod%3E.yaml"])
        let empty = try json(SARIFReporter().render(Report(now: testNow, inputs: [], findings: [], errors: [])))
        let emptyRun = try XCTUnwrap((empty["runs"] as? [[String: Any]])?.first)
        XCTAssertEqual((emptyRun["results"] as? [Any])?.count, 0)
        XCTAssertEqual((emptyRun["invocations"] as? [[String: Any]])?.first?["executionSuccessful"] as? Bool, true)
    }

    func testGitLabCodeQuality() throws {
        var report = syntheticReport()
        report.findings.append(report.findings[0])  // the same issue twice: fingerprints must still differ
        let issues = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(GitLabReporter().render(report).utf8)) as? [[String: Any]])
        XCTAssertEqual(issues.count, 5)
        XCTAssertEqual(Set(issues.compactMap { $0["fingerprint"] as? String }).count, 5)
        XCTAssertEqual(issues.compactMap { $0["severity"] as? String }, ["blocker", "major", "info", "critical", "major"])
        for issue in issues {
            for key in ["description", "check_name", "fingerprint", "severity", "location"] { XCTAssertNotNil(issue[key], key) }
            let location = try XCTUnwrap(issue["location"] as? [String: Any])
            XCTAssertNotNil(location["path"] as? String)
            XCTAssertGreaterThanOrEqual(((location["lines"] as? [String: Any])?["begin"] as? Int) ?? 0, 1)
        }
    }

    func testJUnitFailingSeverityAndCounts() {
        let report = syntheticReport()
        func counts(_ xml: String) -> (tests: Int, failures: Int, errors: Int, testcases: Int, failureElements: Int) {
            func sum(_ attribute: String) -> Int {
                xml.components(separatedBy: "<testsuite ").dropFirst().reduce(0) { total, suite in
                    let value = suite.components(separatedBy: " \(attribute)=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
                    return total + (Int(value) ?? 0)
                }
            }
            return (sum("tests"), sum("failures"), sum("errors"), xml.components(separatedBy: "<testcase ").count - 1,
                xml.components(separatedBy: "<failure ").count - 1)
        }
        let byDefault = counts(JUnitReporter().render(report))
        XCTAssertEqual(byDefault.failures, 1)
        XCTAssertEqual(counts(JUnitReporter(failOn: .warning).render(report)).failures, 2)
        // The warning and the info are about one connection: one test case.
        XCTAssertEqual(counts(JUnitReporter(failOn: .info).render(report)).failures, 2)
        XCTAssertEqual(counts(JUnitReporter(failOn: nil).render(report)).failures, 0)
        for failOn in [Severity.error, .warning, .info, nil] {
            let c = counts(JUnitReporter(failOn: failOn).render(report))
            XCTAssertEqual(c.tests, c.testcases)
            XCTAssertEqual(c.failures, c.failureElements)
            XCTAssertEqual(c.errors, 1)
        }
    }

    func testNoPlantedSecretInAnyFormat() {
        let report = ReportGolden.analyze(["check/secrets.yaml"])
        XCTAssertFalse(report.workspaces.isEmpty)
        for format in ReportFormat.allCases {
            for colors in [false, true] {
                let out = format.reporter(ReportOptions(colors: colors)).render(report)
                XCTAssertFalse(out.contains("PLANTED"), "\(format): \(out)")
                XCTAssertFalse(out.contains("xoxb-"), "\(format)")
                XCTAssertFalse(out.contains("sk_live_"), "\(format)")
            }
        }
    }

    func testConnectionHealth() {
        let rows = ConnectionHealth.rows(ReportFixture.clean.report)
        let gmail = rows.first { $0.id == "conn_gmail_support" }
        XCTAssertEqual(gmail?.expiry, "2026-11-20T11:00:00Z (3 days ago); refreshable until 2027-05-01T00:00:00Z (in 158 days)")
        XCTAssertEqual(gmail?.expired, false, "an expired access token that is refreshed is fine")
        XCTAssertEqual(rows.first { $0.id == "conn_slack_eng" }?.boundSteps, 2)
        XCTAssertEqual(rows.first { $0.id == "conn_stripe_live" }?.boundTriggers, 1)
        XCTAssertEqual(ConnectionHealth.relative(Timestamp(seconds: 100), now: Timestamp(seconds: 130)), "now")
        XCTAssertEqual(ConnectionHealth.relative(Timestamp(seconds: 3_600), now: Timestamp(seconds: 0)), "in 1 hour")
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The JSON report is streamed a finding at a time, in pieces of about
    /// 1 MiB, and the pieces make the bytes of serializing the whole tree.
    func testJSONReportStreamsTheBytesOfTheWholeTree() throws {
        var report = syntheticReport()
        let one = try XCTUnwrap(report.findings.first)
        report.findings = (0..<6000).map { i in
            var f = one
            f.message = "finding \(i): " + String(repeating: "x", count: 200)
            return f
        }
        final class Pieces: ReportSink {
            var pieces: [String] = []
            func write(_ text: String) { pieces.append(text) }
        }
        let pieces = Pieces()
        let reporter = JSONReporter()
        reporter.write(report, to: pieces)
        XCTAssertGreaterThan(pieces.pieces.count, 1, "a large report is written in several pieces")
        XCTAssertLessThan(pieces.pieces.map(\.utf8.count).max() ?? 0, 2 << 20, "no piece is the whole report")
        // The reference: the whole report as one JSON tree, serialized at once.
        var top: [(String, JSON)] = [
            ("tool", .object([("name", .string(Tool.name)), ("version", .string(Tool.version))])),
            ("schema_version", .int(Tool.jsonSchemaVersion)),
            ("now", .string(report.now.description)),
            ("inputs", .array(report.inputs.map(JSON.string))),
            ("summary", reporter.summary(report)),
            ("findings", .array(report.findings.map { f in .stream { reporter.finding(f, into: &$0) } })),
            ("errors", .array(report.errors.map(reporter.error))),
            ("rules", .array(report.rules.map(reporter.rule))),
            ("stale_baseline", .array((report.baseline?.stale ?? []).map(Baseline.json))),
        ]
        if let fixes = report.fixes { top.append(("fixes", .array(fixes.map(reporter.fix)))) }
        let streamed = pieces.pieces.joined()
        XCTAssertTrue(streamed == JSON.object(top).serialized(), "the streamed report differs from the tree's serialization")
        let tree = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(streamed.utf8)) as? [String: Any])
        XCTAssertEqual((tree["findings"] as? [Any])?.count, 6000)
        XCTAssertEqual(reporter.render(report), streamed)
    }

    /// JUnit is streamed a test case at a time: a report about 20,000 workflows
    /// arrives in several pieces that make one valid document with every test case.
    func testJUnitReportIsStreamed() throws {
        var report = syntheticReport()
        let file = try XCTUnwrap(report.findings.first?.location.file)
        report.findings += (0..<20_000).map { i in
            Finding(
                rule: RuleID("WM101", "wrong-account"), category: .wrongAccount, severity: .warning, message: "m",
                location: SourceLocation(file: file, line: i + 1, column: 3),
                entity: EntityRef(kind: .step, workspace: "acme", workflow: "wf_\(i)", step: "s"))
        }
        final class Pieces: ReportSink {
            var pieces: [String] = []
            func write(_ text: String) { pieces.append(text) }
        }
        let pieces = Pieces()
        let reporter = JUnitReporter()
        reporter.write(report, to: pieces)
        XCTAssertGreaterThan(pieces.pieces.count, 1)
        let text = pieces.pieces.joined()
        XCTAssertEqual(text, reporter.render(report))
        XCTAssertTrue(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"))
        XCTAssertTrue(text.hasSuffix("  </testsuite>\n</testsuites>\n"))
        XCTAssertGreaterThanOrEqual(text.components(separatedBy: "<testcase ").count - 1, 20_000)
        final class Counter: NSObject, XMLParserDelegate {
            var cases = 0
            func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if e == "testcase" { cases += 1 }
            }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let counter = Counter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertGreaterThanOrEqual(counter.cases, 20_000)
    }

    /// A large piece (a whole report of a reporter that does not stream) is written as it is.
    func testFileSinkWritesLargePiecesWhole() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-sink-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let big = String(repeating: "abcdefgh\n", count: 400_000)
        try ReportFile.write(to: path) { sink in
            sink.write("head\n")
            sink.write(big)
            sink.write("tail\n")
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "head\n" + big + "tail\n")
    }

    /// A report that cannot be written (a full disk) is an error, not a short file.
    func testFileSinkReportsAFailedWrite() throws {
        let fd = open("/dev/full", O_WRONLY)
        guard fd >= 0 else { throw XCTSkip("no /dev/full here") }
        defer { close(fd) }
        let sink = FileSink(fd: fd)
        sink.write(String(repeating: "x", count: 100))
        XCTAssertEqual(sink.finish(), "No space left on device")
        let large = FileSink(fd: fd)
        large.write(String(repeating: "x", count: 2 << 20))
        XCTAssertEqual(large.finish(), "No space left on device")
    }
}
