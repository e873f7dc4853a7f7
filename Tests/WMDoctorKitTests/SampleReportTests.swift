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

    /// Rules run over ranges of entities on several threads; the report is the
    /// same as one pass gives. Each broken sample's workflows are copied 400
    /// times (ids made unique), so every scope spans many ranges.
    func testParallelEvaluationGivesTheSameReportAsOnePass() throws {
        let dir = Repo.root.appendingPathComponent("Samples/broken")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            guard let split = text.range(of: "\nworkflows:\n") else { return XCTFail("\(name) has no workflows section") }
            let workflows = String(text[split.upperBound...])
            var big = String(text[..<split.upperBound])
            for copy in 0..<400 {
                big += workflows.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix("  - id: ") ? line + "_copy\(copy)" : String(line)
                }.joined(separator: "\n")
            }
            func report(workers: Int) -> Report {
                var options = AnalysisOptions(now: testNow, rules: Self.rules.0)
                options.workers = workers
                return Analyzer(options: options).analyze(files: [load(big, name: name)])
            }
            let one = report(workers: 1), many = report(workers: 4)
            let oneLines = lines(one.findings), manyLines = lines(many.findings)
            XCTAssertEqual(oneLines.count, manyLines.count, name)
            XCTAssertTrue(oneLines == manyLines, "\(name): the parallel report differs")
            XCTAssertEqual(one.findings.map(\.related), many.findings.map(\.related), name)
            XCTAssertEqual(one.errors.map(\.message), [], name)
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
