import XCTest

@testable import WMDoctorKit

/// Configuration, rule, catalog and baseline files are read by one reader:
/// they treat an empty file, a second document and a duplicate key alike.
final class SingleDocumentTests: XCTestCase {
    typealias Reader = @Sendable (String) -> [String]

    static let catalog = RuleSet.load(RuleSet.builtinFiles.filter { $0.path.contains("/catalog/") }).0.catalog

    /// Each kind of file, its problems as `line:col: message`.
    nonisolated(unsafe) static let readers: [(String, Reader)] = [
        ("configuration", { text in
            if case .failure(let e) = ConfigReader.read(text: text, path: "f.yaml") { return e.errors.map(SingleDocumentTests.describe) }
            return []
        }),
        ("rule", { text in
            if case .failure(let e) = RuleLoader.load(text: text, path: "f.yaml", catalog: SingleDocumentTests.catalog) { return e.errors.map(SingleDocumentTests.describe) }
            return []
        }),
        ("catalog", { text in
            if case .failure(let e) = CatalogLoader.load(bytes: Array(text.utf8), path: "f.yaml") { return e.errors.map(SingleDocumentTests.describe) }
            return []
        }),
        ("baseline", { text in
            if case .failure(let e) = BaselineReader.read(text: text, path: "f.yaml") { return e.errors.map(SingleDocumentTests.describe) }
            return []
        }),
    ]

    static func describe(_ e: InputError) -> String { "\(e.location.line):\(e.location.column): \(e.message)" }

    func testASecondDocumentIsAnErrorInEveryKindOfFile() {
        for (kind, read) in Self.readers {
            let problems = read("a: 1\n---\nb: 2\n")
            XCTAssertTrue(problems.contains("2:1: a \(kind) file holds one YAML document; a second one starts here"), "\(kind): \(problems)")
        }
    }

    func testADuplicateKeyHasOneMessageInEveryKindOfFile() {
        for (kind, read) in Self.readers {
            let problems = read("a: 1\na: 2\n")
            XCTAssertTrue(problems.contains("2:1: key \"a\" is defined twice in this mapping; previously defined at line:1,col:1"), "\(kind): \(problems)")
        }
    }

    func testEmptyFiles() {
        for (kind, read) in Self.readers {
            for text in ["", "# only a comment\n", "---\n"] {
                let problems = read(text)
                // Only a configuration may be empty (it changes nothing); the others say so.
                if kind == "configuration" {
                    XCTAssertEqual(problems, [], "\(kind) \(text.debugDescription)")
                } else {
                    XCTAssertEqual(problems.count, 1, "\(kind) \(text.debugDescription): \(problems)")
                    XCTAssertTrue(problems.first?.contains("empty") ?? false, "\(kind): \(problems)")
                }
            }
        }
    }

    func testSyntaxErrorsHavePositions() {
        for (kind, read) in Self.readers {
            let problems = read("a: [1, 2\n")
            XCTAssertEqual(problems.count, 1, "\(kind): \(problems)")
            XCTAssertTrue(problems.first?.hasPrefix("2:1: ") ?? false, "\(kind): \(problems)")
        }
    }
}
