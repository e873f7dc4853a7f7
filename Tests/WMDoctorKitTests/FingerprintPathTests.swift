import Foundation
import XCTest

@testable import WMDoctorKit

/// Findings that carry their file in the fingerprint give the same
/// fingerprint whether the file is named absolutely or from the current folder.
final class FingerprintPathTests: XCTestCase {
    private func finding(file: String) -> Finding {
        Finding(
            rule: ExportRule.unknownKey.id, category: .invalidExport, severity: .error, message: "unknown key",
            location: SourceLocation(file: file, line: 3, column: 1), entity: EntityRef(kind: .workspace, workspace: ""),
            detail: "unknown key x")
    }

    func testAbsoluteAndRelativePathsGiveTheSameFingerprint() {
        let cwd = FileManager.default.currentDirectoryPath
        let relative = finding(file: "exports/a.yaml").fingerprint
        XCTAssertEqual(finding(file: cwd + "/exports/a.yaml").fingerprint, relative)
        XCTAssertEqual(finding(file: "./exports/a.yaml").fingerprint, relative)
        XCTAssertNotEqual(finding(file: "exports/b.yaml").fingerprint, relative)
    }
}
