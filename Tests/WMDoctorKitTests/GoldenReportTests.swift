import Foundation
import XCTest

@testable import WMDoctorKit

/// Every fixture in Tests/testdata/check is checked, and its text and JSON
/// reports compared byte for byte with the `.golden.txt` / `.golden.json`
/// files beside it (actionlint's testdata, SwiftLint's canned outputs).
/// Run with WMDOCTOR_UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
final class GoldenReportTests: XCTestCase {
    private let update = ProcessInfo.processInfo.environment["WMDOCTOR_UPDATE_GOLDEN"] == "1"

    private func render(_ path: String) -> (text: String, json: String) {
        let base = Repo.testdata.path + "/"
        let report = Analyzer(options: AnalysisOptions(now: testNow)).analyze(paths: [base + path])
        // Reports name files as given; show them relative to testdata.
        func relative(_ s: String) -> String { s.replacingOccurrences(of: base, with: "") }
        return (relative(TextReporter().render(report)), relative(JSONReporter().render(report)))
    }

    private func compare(_ actual: String, golden: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Repo.testdata.appendingPathComponent(golden)
        if update {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden file \(golden); run with WMDOCTOR_UPDATE_GOLDEN=1", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, expected, "report differs from \(golden)", file: file, line: line)
    }

    func testEveryFixtureMatchesItsGoldenReports() throws {
        let dir = Repo.testdata.appendingPathComponent("check")
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { !$0.contains(".golden.") }.sorted()
        XCTAssertGreaterThanOrEqual(fixtures.count, 11)
        for name in fixtures {
            let (text, json) = render("check/" + name)
            try compare(text, golden: "check/\(name).golden.txt")
            try compare(json, golden: "check/\(name).golden.json")
        }
    }

    func testFolderWalkGolden() throws {
        let (text, json) = render("check-dir")
        try compare(text, golden: "check-dir.golden.txt")
        try compare(json, golden: "check-dir.golden.json")
    }

    func testSamplesAreClean() {
        let report = Analyzer(options: AnalysisOptions(now: testNow)).analyze(paths: [Repo.root.appendingPathComponent("Samples/healthy").path])
        XCTAssertEqual(report.inputs.count, 3)
        XCTAssertTrue(report.errors.isEmpty)
        XCTAssertEqual(report.workspaces.map(\.workspace.slug), ["acme", "globex"])
    }

    func testNoSecretValueInAnyReport() {
        let (text, json) = render("check/secrets.yaml")
        for output in [text, json] {
            XCTAssertFalse(output.contains("PLANTED"), output)
            XCTAssertFalse(output.contains("xoxb-"), output)
        }
        XCTAssertTrue(text.contains("access_token: <redacted>"))
    }

    func testSameInputSameBytes() {
        let a = render("check/unknown-keys.yaml")
        let b = render("check/unknown-keys.yaml")
        XCTAssertEqual(a.text, b.text)
        XCTAssertEqual(a.json, b.json)
    }
}
