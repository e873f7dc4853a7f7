import Foundation
import XCTest

/// Runs the built `wmdoctor` binary (as CLITests does) for the hostile-input
/// tests: exit status, standard output and standard error.
enum HostileCLI {
    static func run(_ args: [String], cwd: URL = Repo.root) throws -> (status: Int32, out: String, err: String) {
        try CLIRunner.run(args, cwd: cwd)
    }

    /// `check PATHS --now 2026-11-24 ARGS`.
    static func check(_ paths: [String], _ args: [String] = [], cwd: URL = Repo.root) throws -> (status: Int32, out: String, err: String) {
        try run(["check"] + paths + ["--now", "2026-11-24"] + args, cwd: cwd)
    }
}

/// A fresh temporary folder, removed by the test's teardown block.
func hostileFolder(_ test: XCTestCase) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
}
