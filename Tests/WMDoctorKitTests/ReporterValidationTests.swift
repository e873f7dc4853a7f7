import Foundation
import XCTest

@testable import WMDoctorKit

/// Reports checked by the tools their consumers trust: the SARIF 2.1.0 JSON
/// schema and docs/report-schema.json (Python `jsonschema`), the JUnit XSD
/// (`xmllint`). Missing tools or schemas fail the tests: CI installs them.
final class ReporterValidationTests: XCTestCase {
    func testSARIFReportsValidateAgainstTheSARIFSchema() throws {
        let schema = try Validators.sharedSchema("sarif-schema-2.1.0.json")
        var files = ReportFixture.allCases.map { ReportGolden.url(ReportGolden.name($0, .sarif)).path }
        files.append(try Validators.temporary(ReportFormat.sarif.reporter().render(secretsReport()), "secrets.sarif", removedAfter: self))
        try Validators.jsonSchema(schema, files)
    }

    func testJSONReportsValidateAgainstTheReportSchema() throws {
        var files = ReportFixture.allCases.map { ReportGolden.url(ReportGolden.name($0, .json)).path }
        let check = Repo.testdata.appendingPathComponent("check")
        for name in try FileManager.default.contentsOfDirectory(atPath: check.path).sorted() where name.hasSuffix(".golden.json") {
            files.append(check.appendingPathComponent(name).path)
        }
        files.append(Repo.testdata("check-dir.golden.json"))
        try Validators.jsonSchema(try Validators.reportSchema(), files)
    }

    /// Findings written on all cores, in windows, give the bytes of writing them one by one.
    func testFindingsWrittenOnAllCoresGiveTheSameBytes() throws {
        var report = syntheticReport()
        let base = report.findings
        let use = Self.use
        report.findings = (0..<(2 * JSONReporter.findingsWindow + 777)).map { i in
            var f = base[i % base.count]
            f.message += " #\(i)"
            // Some findings affect thousands of uses: their windows end sooner.
            if i % 300 == 7 { f.affects = Array(repeating: use, count: 2_000 + i) }
            return f
        }
        var one = JSONReporter()
        one.parallel = false
        let text = JSONReporter().render(report)
        XCTAssertEqual(text, one.render(report))
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let findings = try XCTUnwrap(parsed?["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.count, report.findings.count)
        XCTAssertEqual(findings.last?["message"] as? String, report.findings.last?.message)
        // With no finding, the array is written empty, as before.
        report.findings = []
        XCTAssertTrue(JSONReporter().render(report).contains("\"findings\": [],"))
    }

    private static let use = AffectedUse(
        workspace: "w", workflow: "wf_1", step: "s1", method: .explicitID, connection: "conn_a",
        location: SourceLocation(file: "x.yaml", line: 3, column: 9))

    /// A window holds `findingsWindow` findings that affect a use each, fewer
    /// when they affect many, and one at least, however many it affects.
    func testFindingsWindowsAreBoundedByWhatTheyAffect() {
        let base = syntheticReport().findings
        let use = Self.use
        var light = base[0]
        light.affects = [use]
        var heavy = light
        heavy.affects = Array(repeating: use, count: 3 * JSONReporter.windowWeight)
        let n = JSONReporter.findingsWindow
        XCTAssertEqual(JSONReporter.windowEnd(Array(repeating: light, count: 3 * n), from: 0), n)
        XCTAssertEqual(JSONReporter.windowEnd(Array(repeating: light, count: 3 * n), from: 2 * n + 5), 3 * n)
        XCTAssertEqual(JSONReporter.windowEnd([heavy, light, light], from: 0), 1, "a heavy finding alone")
        XCTAssertEqual(JSONReporter.windowEnd([light, light, heavy, light], from: 0), 2, "ends before the heavy one")
        var some = light
        some.affects = Array(repeating: use, count: 1_000)
        let end = JSONReporter.windowEnd(Array(repeating: some, count: 100), from: 0)
        XCTAssertEqual(end, JSONReporter.windowWeight / 1_004)
    }

    func testTheReportSchemaRejectsABrokenReport() throws {
        let broken = JSONReporter().render(syntheticReport()).replacingOccurrences(of: "\"fingerprint\"", with: "\"fingerprnt\"")
        let file = try Validators.temporary(broken, "broken.json", removedAfter: self)
        XCTAssertThrowsError(try Validators.jsonSchema(try Validators.reportSchema(), [file]))
    }

    func testJUnitReportsValidateAgainstTheJUnitSchema() throws {
        let xsd = try Validators.temporary(try Validators.junitWithTestCaseOutput(), "junit-testcase-output.xsd", removedAfter: self)
        var files = ReportFixture.allCases.map { ReportGolden.url(ReportGolden.name($0, .junit)).path }
        for failOn in [Severity.warning, .info, nil] {
            let xml = JUnitReporter(failOn: failOn).render(syntheticReport())
            files.append(try Validators.temporary(xml, "synthetic-\(failOn?.rawValue ?? "never").xml", removedAfter: self))
        }
        files.append(try Validators.temporary(JUnitReporter().render(Report(now: testNow, inputs: [], findings: [], errors: [])), "empty.xml", removedAfter: self))
        let result = try Validators.run(["xmllint", "--noout", "--schema", xsd] + files)
        if result.status == 127 { XCTFail("xmllint is missing: install libxml2-utils (Debian) or libxml2 (Homebrew)\n\(result.output)") }
        XCTAssertEqual(result.status, 0, result.output)
    }

    /// A report on Tests/testdata/check/secrets.yaml, whose secrets are PLANTED-SECRET-n.
    func secretsReport() -> Report { ReportGolden.analyze(["check/secrets.yaml"]) }
}

/// External validators run as child processes.
enum Validators {
    /// The shared Ant JUnit schema with one more change: a `testcase` may end
    /// with `system-out` and `system-err`, as GitLab, Jenkins and the JUnit 5
    /// schema read them (the reports put findings below --fail-on there).
    static func junitWithTestCaseOutput() throws -> String {
        let schema = try String(contentsOfFile: try sharedSchema("junit.xsd"), encoding: .utf8)
        guard let testcase = schema.range(of: "<xs:element name=\"testcase\""),
            let open = schema.range(of: "<xs:choice minOccurs=\"0\">", range: testcase.upperBound..<schema.endIndex),
            let close = schema.range(of: "</xs:choice>", range: open.upperBound..<schema.endIndex)
        else { throw ValidationFailure("junit.xsd: no choice in testcase") }
        let output = "<xs:element name=\"system-out\" type=\"pre-string\" minOccurs=\"0\"/><xs:element name=\"system-err\" type=\"pre-string\" minOccurs=\"0\"/>"
        return schema.replacingCharacters(in: open.lowerBound..<close.upperBound, with: "<xs:sequence>" + schema[open.lowerBound..<close.upperBound] + output + "</xs:sequence>")
    }

    /// The repository as checked out (symbolic links resolved, so a mirror
    /// package that links to the sources finds the real tree).
    static let realRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `<repo root>/../shared/schemas/<name>`, else the snapshot in
    /// `Tests/shared/schemas/` (a clone elsewhere); a missing schema is an error.
    static func sharedSchema(_ name: String) throws -> String {
        let candidates = [Repo.root, realRoot].map { $0.deletingLastPathComponent().appendingPathComponent("shared/schemas/\(name)") }
            + [Repo.root, realRoot].map { $0.appendingPathComponent("Tests/shared/schemas/\(name)") }
        for url in candidates where FileManager.default.fileExists(atPath: url.path) { return url.path }
        throw ValidationFailure("shared schema \(name) not found in \(Repo.root.path)/../shared/schemas or Tests/shared/schemas")
    }

    static func reportSchema() throws -> String {
        for root in [Repo.root, realRoot] {
            let url = root.appendingPathComponent("docs/report-schema.json")
            if FileManager.default.fileExists(atPath: url.path) { return url.path }
        }
        throw ValidationFailure("docs/report-schema.json not found")
    }

    /// Validates each JSON file with the validator the schema's `$schema` names.
    static func jsonSchema(_ schema: String, _ files: [String]) throws {
        let script = """
            import json, sys
            try:
                import jsonschema
            except ImportError:
                print("python3 has no jsonschema module: pip install jsonschema")
                sys.exit(3)
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = cls(schema)
            bad = 0
            for path in sys.argv[2:]:
                for e in sorted(validator.iter_errors(json.load(open(path, encoding="utf-8"))), key=lambda e: list(map(str, e.path))):
                    print(path + ": /" + "/".join(map(str, e.path)) + ": " + e.message)
                    bad += 1
            sys.exit(1 if bad else 0)
            """
        let result = try run(["python3", "-c", script, schema] + files)
        switch result.status {
        case 0: return
        case 127: throw ValidationFailure("python3 is missing (CI installs it with jsonschema)\n\(result.output)")
        default: throw ValidationFailure("schema validation failed (\(result.status)):\n\(result.output)")
        }
    }

    /// Runs a command found on PATH; status 127 when it is not there.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Writes `text` to a fresh temporary file and returns its path; the
    /// file's folder is removed when `test` ends.
    static func temporary(_ text: String, _ name: String, removedAfter test: XCTestCase) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

struct ValidationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
