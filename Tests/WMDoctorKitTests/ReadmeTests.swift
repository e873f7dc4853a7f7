import Foundation
import XCTest

@testable import WMDoctorKit

/// The README's `check` excerpts are cut from real runs on `Samples/`: each
/// must appear, line for line, in what `check` prints for its file today.
final class ReadmeTests: XCTestCase {
    /// The code block after `intro` in the README.
    private func block(after intro: String) throws -> String {
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("README.md"), encoding: .utf8)
        let introEnd = try XCTUnwrap(readme.range(of: intro), intro).upperBound
        let open = try XCTUnwrap(readme.range(of: "```\n", range: introEnd..<readme.endIndex)).upperBound
        let close = try XCTUnwrap(readme.range(of: "```", range: open..<readme.endIndex)).lowerBound
        return String(readme[open..<close])
    }

    func testCheckExcerptsAreReal() throws {
        for (intro, file) in [
            ("in the style of a compiler:", "Samples/broken/missing-scope.yaml"),
            ("broken ones marked `new:`):", "Samples/broken/expired-token.yaml"),
        ] {
            let excerpt = try block(after: intro)
            XCTAssertFalse(excerpt.isEmpty)
            let r = try CLIRunner.run(["check", file, "--now", "2026-11-24T00:00:00Z", "--color", "never"])
            XCTAssertEqual(r.status, 1)
            XCTAssertTrue(r.out.contains(excerpt), "README excerpt for \(file) is not in today's output:\n\(excerpt)")
        }
    }
}
