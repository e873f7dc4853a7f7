import Foundation
import XCTest

@testable import WMDoctorKit

/// Analyses in-memory files with the built-in rules, then applies gating.
func gatedReport(_ files: [String: String], _ options: GatingOptions = GatingOptions()) -> Report {
    let (rules, errors) = RuleSet.load(RuleSet.builtinFiles)
    XCTAssertTrue(errors.isEmpty, "\(errors)")
    let loaded = files.keys.sorted().compactMap { name in files[name].map { load($0, name: name) } }
    let report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(files: loaded)
    return Gating.apply(options, to: report)
}

/// The gating fixture: Tests/testdata/gating/{connections,workflows}.yaml as text.
enum GatingFixture {
    static func text(_ name: String) -> String {
        (try? String(contentsOfFile: Repo.testdata("gating/\(name)"), encoding: .utf8)) ?? ""
    }

    static var connections: String { text("connections.yaml") }
    static var workflows: String { text("workflows.yaml") }

    static var files: [String: String] { ["connections.yaml": connections, "workflows.yaml": workflows] }
}

/// Runs the built binary with an optional environment addition.
func runWMDoctor(_ args: [String], cwd: URL = Repo.root, env extra: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    try CLIRunner.run(args, cwd: cwd, env: extra)
}

/// A fresh temporary folder, removed by the test's teardown.
func gatingTemporaryFolder(_ test: XCTestCase) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-gating-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
}
