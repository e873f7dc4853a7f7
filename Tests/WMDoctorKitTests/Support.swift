import Foundation
import XCTest

@testable import WMDoctorKit

/// Paths of the repository, found from this file's location.
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let testdata = root.appendingPathComponent("Tests/testdata")
    static func testdata(_ path: String) -> String { testdata.appendingPathComponent(path).path }
}

/// A fixed clock for every test: 2026-11-24T00:00:00Z.
let testNow = Timestamp(seconds: 1_795_478_400)

/// Loads YAML text as a file called `name`.
func load(_ yaml: String, name: String = "test.yaml") -> LoadedFile {
    FileLoader().load(bytes: Array(yaml.utf8), path: name)
}

/// Analyses in-memory files.
func analyze(_ files: [String: String]) -> Report {
    let loaded = files.keys.sorted().compactMap { name in files[name].map { load($0, name: name) } }
    return Analyzer(options: AnalysisOptions(now: testNow)).analyze(files: loaded)
}

/// `file:line:col: message [rule]` lines for compact assertions.
func lines(_ findings: [Finding]) -> [String] {
    findings.map { "\($0.location): \($0.message) [\($0.rule.name)]" }
}

let header = """
    apiVersion: workflow-machine/v1
    kind: Workspace
    workspace: acme

    """
