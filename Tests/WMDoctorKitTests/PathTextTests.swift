import XCTest

@testable import WMDoctorKit

/// `PathText` splits paths as `NSString` did where that worked, and also on
/// the one-character names where it trapped.
final class PathTextTests: XCTestCase {
    func testParent() {
        let cases = ["x": "", "-": "", "x/": "", "ab": "", "a/b": "a", "a/b/": "a", "a//b": "a", "/x": "/", "//x": "/",
                     "/": "/", "": "", "a/b/c": "a/b", "./x": "."]
        for (path, parent) in cases { XCTAssertEqual(PathText.parent(path), parent, path) }
    }

    func testLastComponent() {
        let cases = ["x": "x", "-": "-", "x/": "x", "a/b": "b", "a/b//": "b", "/x": "x", "/": "/", "//": "/", "": ""]
        for (path, last) in cases { XCTAssertEqual(PathText.lastComponent(path), last, path) }
    }

    func testFileExtension() {
        let cases = ["a.yaml": "yaml", "a.b.YML": "YML", "x": "", ".yaml": "", "a.": "", "d.x/a": "", "d/a.json": "json"]
        for (path, ext) in cases { XCTAssertEqual(PathText.fileExtension(path), ext, path) }
    }

    func testJoin() {
        XCTAssertEqual(PathText.join("a", "b"), "a/b")
        XCTAssertEqual(PathText.join("a/", "b"), "a/b")
        XCTAssertEqual(PathText.join("", "b"), "b")
        XCTAssertEqual(PathText.join("/", "b"), "/b")
        XCTAssertEqual(PathText.join(PathText.parent("x"), "y"), "y", "a link `x -> y` in the current folder")
    }

    func testConfigDirectoryIsTheParent() {
        XCTAssertEqual(ConfigPaths.directory(of: "x"), ".")
        XCTAssertEqual(ConfigPaths.directory(of: "/x"), "/")
        XCTAssertEqual(ConfigPaths.directory(of: "a/b/.wmdoctor.yaml"), "a/b")
    }
}
