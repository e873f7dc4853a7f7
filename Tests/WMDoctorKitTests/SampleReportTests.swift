import Foundation
import XCTest

@testable import WMDoctorKit

/// The bundled samples, checked with every built-in rule: the healthy
/// workspace gets no finding at all, each broken sample finds its category,
/// and every report matches its golden file (Tests/testdata/samples/).
final class SampleReportTests: XCTestCase {
    private static let rules = RuleSet.load(RuleSet.builtinFiles)
    private let update = ProcessInfo.processInfo.environment["WMDOCTOR_UPDATE_GOLDEN"] == "1"

    private func analyze(_ path: String) -> Report {
        let options = AnalysisOptions(now: testNow, rules: Self.rules.0)
        return Analyzer(options: options).analyze(paths: [Repo.root.appendingPathComponent(path).path])
    }

    private func relative(_ s: String) -> String { s.replacingOccurrences(of: Repo.root.path + "/", with: "") }

    func testHealthySamplesHaveNoFindingAtAll() {
        let report = analyze("Samples/healthy")
        XCTAssertEqual(report.inputs.count, 3)
        XCTAssertEqual(report.findings.map { "\($0.location): \($0.message)" }, [])
        XCTAssertEqual(report.errors.map(\.message), [])
    }

    func testEachBrokenSampleFindsItsCategory() throws {
        let expected: [String: [FindingCategory]] = [
            "wrong-account.yaml": [.wrongAccount],
            "missing-scope.yaml": [.missingScope],
            "expired-token.yaml": [.expiredToken],
            "wrong-connection.yaml": [.wrongConnection],
            "ambiguous-default.yaml": [.ambiguousDefault],
            "hygiene-and-secrets.yaml": [.hygiene, .secretExposure],
        ]
        let names = try FileManager.default.contentsOfDirectory(atPath: Repo.root.appendingPathComponent("Samples/broken").path)
        XCTAssertEqual(Set(names), Set(expected.keys))
        for (name, categories) in expected {
            let report = analyze("Samples/broken/" + name)
            XCTAssertEqual(report.errors.map(\.message), [], name)
            let found = Set(report.findings.map(\.category))
            for c in categories { XCTAssertTrue(found.contains(c), "\(name) should have a \(c.rawValue) finding") }
            XCTAssertFalse(found.contains(.invalidExport), "\(name) is a valid export")
        }
    }

    func testSampleReportsMatchGoldenFiles() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Repo.root.appendingPathComponent("Samples/broken").path).sorted()
        for name in names + ["healthy"] {
            let path = name == "healthy" ? "Samples/healthy" : "Samples/broken/" + name
            let report = analyze(path)
            for (ext, text) in [("txt", TextReporter().render(report)), ("json", JSONReporter().render(report))] {
                let golden = Repo.testdata.appendingPathComponent("samples/\(name).golden.\(ext)")
                let actual = relative(text)
                if update {
                    try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try actual.write(to: golden, atomically: true, encoding: .utf8)
                    continue
                }
                let expected = try String(contentsOf: golden, encoding: .utf8)
                XCTAssertEqual(actual, expected, "report of \(path) differs from \(golden.lastPathComponent)")
            }
        }
    }
}
