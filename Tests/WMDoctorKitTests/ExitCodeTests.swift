import Foundation
import XCTest

/// Every exit status, through the built binary: 0 clean, 1 findings, 2 input
/// errors, 64 usage or configuration errors, 70 internal failures; and the
/// baseline and inventory commands end to end.
final class ExitCodeTests: XCTestCase {
    private let fixture = ["Tests/testdata/gating/connections.yaml", "Tests/testdata/gating/workflows.yaml"]
    private let now = ["--now", "2026-11-24", "--no-config"]

    func testEachExitStatus() throws {
        XCTAssertEqual(try runWMDoctor(["check", "Samples/healthy"] + now).status, 0)
        XCTAssertEqual(try runWMDoctor(["check"] + fixture + now).status, 1)
        XCTAssertEqual(try runWMDoctor(["check"] + fixture + now + ["--fail-on", "never"]).status, 0)
        XCTAssertEqual(try runWMDoctor(["check", "Tests/testdata/check/syntax-error.yaml"] + now).status, 2)
        XCTAssertEqual(try runWMDoctor(["check", "--bogus"]).status, 64)
        let config = try runWMDoctor(["check", "Samples", "--config", "Tests/testdata/gating/suppression-typo.yaml"])
        XCTAssertEqual(config.status, 64)
        XCTAssertTrue(config.err.contains("did you mean \"workflow\"?"), config.err)
        let crash = try runWMDoctor(["check", "Samples/healthy"] + now, env: ["WMDOCTOR_SIMULATE_INTERNAL_ERROR": "1"])
        XCTAssertEqual(crash.status, 70)
        XCTAssertTrue(crash.err.hasPrefix("wmdoctor: internal error: simulated failure"), crash.err)
        let help = try runWMDoctor(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.out.contains("64 a usage or configuration error"), help.out)
    }

    func testBaselineWriteThenCheck() throws {
        let dir = try gatingTemporaryFolder(self)
        let file = dir.appendingPathComponent("base.json").path
        let write = try runWMDoctor(["baseline", "write", file] + fixture + now)
        XCTAssertEqual(write.status, 0, write.err)
        XCTAssertTrue(write.err.contains("wrote 3 entries"), write.err)
        let clean = try runWMDoctor(["check"] + fixture + now + ["--baseline", file, "--fail-on", "info"])
        XCTAssertEqual(clean.status, 0, clean.out)
        XCTAssertTrue(clean.out.contains("Not shown: 3 baselined."), clean.out)
        try "{\"version\": 1,\n \"entries\": [\n".write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try runWMDoctor(["check"] + fixture + now + ["--baseline", file])
        XCTAssertEqual(broken.status, 64)
        XCTAssertTrue(broken.err.hasPrefix("\(file):3:1: error: "), broken.err)
        let missing = try runWMDoctor(["check"] + fixture + now + ["--baseline", dir.appendingPathComponent("nope.json").path])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.err.contains("no such baseline file"), missing.err)
    }

    func testInventoryCommand() throws {
        let r = try runWMDoctor(["inventory", "--format", "markdown"] + fixture + ["--now", "2026-11-24"])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("# wmdoctor inventory\n"), r.out)
        XCTAssertEqual(try runWMDoctor(["inventory", "Tests/testdata/check/syntax-error.yaml"]).status, 2)
    }
}
