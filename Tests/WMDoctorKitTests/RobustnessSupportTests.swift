import Foundation
import XCTest

/// Runs the built `wmdoctor` binary (as CLITests does) for the hostile-input
/// tests: exit status, standard output and standard error.
enum HostileCLI {
    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "wmdoctor binary not found next to the test bundle: `swift test` builds it" }
    }

    static func binary() throws -> URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("wmdoctor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw NotBuilt()
    }

    static func run(_ args: [String], cwd: URL = Repo.root) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = args
        process.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
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
