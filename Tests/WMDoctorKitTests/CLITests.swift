import Foundation
import XCTest

/// Runs the built `wmdoctor` binary as a user would, for exit statuses and streams.
final class CLITests: XCTestCase {
    private func run(_ args: [String], cwd: URL = Repo.root) throws -> (status: Int32, out: String, err: String) {
        try CLIRunner.run(args, cwd: cwd)
    }

    func testCleanSamplesExitZero() throws {
        let r = try run(["check", "Samples/healthy", "--now", "2026-11-24T00:00:00Z"])
        XCTAssertEqual(r.status, 0, r.out + r.err)
        XCTAssertTrue(r.out.hasPrefix("No problems found in 3 files (2 workspaces"), r.out)
        XCTAssertEqual(r.err, "", "no progress line when standard error is not a terminal")
    }

    /// `WMDOCTOR_TIMINGS=1` prints each phase on standard error, with the
    /// memory and the CPU time so far (never falling), and leaves the
    /// report as it is without it.
    func testTimingsGoToStandardErrorOnly() throws {
        let args = ["check", "Samples", "--format", "json", "--now", "2026-11-24T00:00:00Z", "--fail-on", "never"]
        let timed = try CLIRunner.run(args, env: ["WMDOCTOR_TIMINGS": "1"])
        let plain = try CLIRunner.run(args)
        XCTAssertEqual(timed.status, 0, timed.err)
        XCTAssertEqual(timed.out, plain.out, "reports never carry timings")
        XCTAssertEqual(plain.err, "")
        let phases = timed.err.split(separator: "\n").filter { $0.contains(" done at ") }
        XCTAssertEqual(phases.first.map { $0.hasPrefix("wmdoctor timing: options read done at ") }, true, timed.err)
        XCTAssertTrue(phases.contains { $0.hasPrefix("wmdoctor timing: report written done at ") }, timed.err)
        #if os(Linux)
            let cpu = phases.map { line -> Double? in
                guard let r = line.range(of: ", CPU so far ") else { return nil }
                return Double(line[r.upperBound...].dropLast(2))
            }
            XCTAssertFalse(cpu.contains(nil), timed.err)
            // Marks made one after another on one thread (the phases of the
            // analysis) never go back; the marks of each workspace's host
            // objects and rules come from its own thread, and their lines may
            // reach standard error in another order than they were read.
            let sequential = zip(phases, cpu).filter { !$0.0.contains("host objects of ") && !$0.0.contains("rules of every scope") }
            let seconds = sequential.compactMap { $0.1 }
            XCTAssertGreaterThanOrEqual(seconds.count, 8, timed.err)
            XCTAssertEqual(seconds, seconds.sorted(), "CPU time so far never falls")
            XCTAssertTrue(phases.allSatisfy { $0.contains(" MiB resident (peak so far ") && $0.contains(" heap in use ") }, timed.err)
        #endif
    }

    func testDefaultSubcommandIsCheck() throws {
        let r = try run(["Samples/healthy", "--now", "2026-11-24"])
        XCTAssertEqual(r.status, 0, r.out + r.err)
    }

    func testFindingsExitOneAndFailOnNever() throws {
        let fixture = "Tests/testdata/check/unknown-keys.yaml"
        XCTAssertEqual(try run(["check", fixture]).status, 1)
        XCTAssertEqual(try run(["check", fixture, "--fail-on", "never"]).status, 0)
    }

    func testUnparseableInputExitsTwo() throws {
        let r = try run(["check", "Tests/testdata/check/syntax-error.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("Tests/testdata/check/syntax-error.yaml:9:1: error: the file ends inside a value"), r.out)
    }

    func testMissingPathExitsTwo() throws {
        let r = try run(["check", "Sample"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.out.contains("no such file or directory: Sample; did you mean \"Samples\"?"), r.out)
    }

    /// One-character paths once stopped the program (Foundation's path methods trap on them).
    func testOneCharacterMissingPathsExitTwo() throws {
        let missing = try run(["check", "x"])
        XCTAssertEqual(missing.status, 2, missing.out + missing.err)
        XCTAssertTrue(missing.out.contains("x:1:1: error: no such file or directory: x"), missing.out)
        let nested = try run(["check", "Samples/x"])
        XCTAssertEqual(nested.status, 2, nested.out + nested.err)
        XCTAssertTrue(nested.out.contains("Samples/x:1:1: error: no such file or directory: Samples/x"), nested.out)
        let dash = try run(["check", "-"])
        XCTAssertEqual(dash.status, 2, dash.out + dash.err)
        XCTAssertTrue(dash.out.contains("-:1:1: error: no such file or directory: -; wmdoctor does not read an export from standard input"), dash.out)
    }

    func testUsageErrorsExit64() throws {
        let bogus = try run(["check", "--bogus"])
        XCTAssertEqual(bogus.status, 64)
        XCTAssertTrue(bogus.err.contains("Unknown option '--bogus'"), bogus.err)
        let badNow = try run(["check", "Samples", "--now", "tomorrow"])
        XCTAssertEqual(badNow.status, 64)
        XCTAssertTrue(badNow.err.contains("--now tomorrow is not an RFC 3339 timestamp"), badNow.err)
        let noJobs = try run(["check", "Samples", "--jobs", "0"])
        XCTAssertEqual(noJobs.status, 64)
        XCTAssertTrue(noJobs.err.contains("--jobs 0 must be at least 1"), noJobs.err)
        XCTAssertEqual(try run(["check", "--format", "yaml"]).status, 64)
    }

    func testHelpAndVersionExitZero() throws {
        let help = try run(["check", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("--fail-on"), help.out)
        let version = try run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.out.isEmpty)
    }

    func testJSONOutputToFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.json").path
        let r = try run(["check", "Samples/healthy", "--format", "json", "--output", path, "--now", "2026-11-24T00:00:00Z"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(json["now"] as? String, "2026-11-24T00:00:00Z")
        XCTAssertEqual((json["inputs"] as? [String])?.count, 3)
    }

    /// `--jobs` changes how many threads evaluate rules, never the report.
    func testJobsDoNotChangeTheReport() throws {
        let args = ["check", "Samples/broken", "--format", "json", "--now", "2026-11-24T00:00:00Z"]
        let one = try run(args + ["--jobs", "1"]), four = try run(args + ["--jobs", "4"]), auto = try run(args)
        XCTAssertEqual(one.status, 1)
        XCTAssertTrue(one.out.contains("\"findings\""), one.out)
        XCTAssertEqual(one.out, four.out)
        XCTAssertEqual(one.out, auto.out)
    }
}
