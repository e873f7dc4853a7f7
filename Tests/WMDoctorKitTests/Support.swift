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

/// Runs the built `wmdoctor` binary (found next to the test bundle; `swift test`
/// builds it) as a user would: exit status, standard output, standard error.
enum CLIRunner {
    static func binary() throws -> URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("wmdoctor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        struct NotBuilt: Error, CustomStringConvertible {
            var description: String { "wmdoctor binary not found next to the test bundle: `swift test` builds it" }
        }
        throw NotBuilt()
    }

    /// `env` adds to (or overrides) the test's environment.
    static func run(_ args: [String], cwd: URL = Repo.root, env extra: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let r = try runWithReason(args, cwd: cwd, env: extra)
        return (r.status, r.out, r.err)
    }

    /// A `/bin/sh -c` script (for `ulimit`, `setpriv`, concurrent runs), with the same environment.
    static func shell(_ script: String, cwd: URL = Repo.root) throws -> (status: Int32, out: String, err: String) {
        let r = try runWithReason(["-c", script], cwd: cwd, executable: URL(fileURLWithPath: "/bin/sh"))
        return (r.status, r.out, r.err)
    }

    /// `run`, also saying whether the process exited or was ended by a signal (`status` is then the signal).
    static func runWithReason(
        _ args: [String], cwd: URL = Repo.root, env extra: [String: String] = [:], executable: URL? = nil
    ) throws -> (status: Int32, out: String, err: String, reason: Process.TerminationReason) {
        let process = Process()
        process.executableURL = try executable ?? binary()
        process.arguments = args
        process.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in extra { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), process.terminationReason)
    }
}
