import Foundation
import XCTest

/// Every analysing command (`check`, `why`, `baseline write`, `inventory`,
/// `expr`, `rules test`) takes the same session flags (configuration,
/// `--max-*`, `--jobs`, `--now`) and applies them: one test per command.
final class SessionTests: XCTestCase {
    private let export = "Samples/healthy"
    private let limitError = "is 1572 bytes, more than the limit of 100 bytes (--max-file-size); not read"

    /// Each command line, with the session flags appended.
    private var commands: [String: [String]] {
        [
            "check": ["check", export],
            "why": ["why", "wf_lead_alerts", export],
            "baseline write": ["baseline", "write", "-", export],
            "inventory": ["inventory", export],
            "expr": ["expr", "size(workspaces)", "--input", export],
            "rules test": ["rules", "test"],
        ]
    }

    func testLimitFlagsApplyToEveryCommand() throws {
        for name in ["check", "why", "baseline write", "inventory", "expr"] {
            let r = try CLIRunner.run((commands[name] ?? []) + ["--max-file-size", "100", "--no-config"])
            XCTAssertEqual(r.status, 2, "\(name): \(r.err)")
            XCTAssertTrue((r.out + r.err).contains(limitError), "\(name): \(r.out)\(r.err)")
        }
        // rules test: the examples' exports are read within the limits.
        let rules = try CLIRunner.run(["rules", "test", "--max-keys", "2", "--no-config"])
        XCTAssertEqual(rules.status, 1, rules.err)
        XCTAssertTrue(rules.out.contains("this mapping has more than 2 keys (--max-keys)"), rules.out)
        XCTAssertTrue(rules.out.contains(" passed, "), rules.out)
    }

    func testBadSessionFlagsAreUsageErrorsForEveryCommand() throws {
        for (name, args) in commands {
            for bad in [["--jobs", "0"], ["--now", "yesterday"], ["--max-keys", "0"], ["--config", "no-such.yaml"]] {
                let r = try CLIRunner.run(args + bad)
                XCTAssertEqual(r.status, 64, "\(name) \(bad): \(r.out)\(r.err)")
            }
        }
    }

    func testJobsAndNowAreAcceptedAndUsedByEveryCommand() throws {
        for (name, args) in commands {
            let r = try CLIRunner.run(args + ["--jobs", "1", "--now", "2026-11-24", "--no-config"])
            XCTAssertEqual(r.status, 0, "\(name): \(r.out)\(r.err)")
        }
        let now = try CLIRunner.run(["expr", "string(now)", "--now", "2026-11-24T12:00:00Z", "--no-config"])
        XCTAssertEqual(now.out, "\"2026-11-24T12:00:00Z\"\n", now.err)
        // The baseline records --now as its creation time.
        let baseline = try CLIRunner.run(["baseline", "write", "-", export, "--now", "2026-11-24T12:00:00Z", "--jobs", "2"])
        XCTAssertTrue(baseline.out.contains("2026-11-24T12:00:00Z"), baseline.out)
    }

    /// `inventory` reads the configuration now: a broken one stops it, as it stops `check`.
    func testInventoryReadsTheConfiguration() throws {
        let dir = try hostileFolder(self)
        try "rulse: {}\n".write(to: dir.appendingPathComponent(".wmdoctor.yaml"), atomically: true, encoding: .utf8)
        let path = Repo.root.appendingPathComponent(export).path
        let inventory = try CLIRunner.run(["inventory", path], cwd: dir)
        let check = try CLIRunner.run(["check", path], cwd: dir)
        XCTAssertEqual(inventory.status, 64, inventory.err)
        XCTAssertEqual(check.status, 64, check.err)
        XCTAssertEqual(inventory.err, check.err)
        XCTAssertEqual(try CLIRunner.run(["inventory", path, "--no-config"], cwd: dir).status, 0)
    }

    func testMistypedCommandIsAUsageErrorWithASuggestion() throws {
        let r = try CLIRunner.run(["chek", "Samples"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.err, "wmdoctor: \"chek\" is neither a command nor an existing file or folder; did you mean `check`?\n")
        XCTAssertEqual(r.out, "")
        let inventory = try CLIRunner.run(["inventroy", "Samples"])
        XCTAssertEqual(inventory.status, 64)
        XCTAssertTrue(inventory.err.hasSuffix("did you mean `inventory`?\n"), inventory.err)
        // An existing path of that name is checked, as before; a far-off word is a missing path (status 2).
        let dir = try hostileFolder(self)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("chek"), withIntermediateDirectories: true)
        let path = try CLIRunner.run(["chek"], cwd: dir)
        XCTAssertEqual(path.status, 2, path.err)
        XCTAssertTrue(path.out.contains("no Workflow Machine export found in chek"), path.out)
        let missing = try CLIRunner.run(["exports-2026"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.out.contains("no such file or directory: exports-2026"), missing.out)
    }
}
