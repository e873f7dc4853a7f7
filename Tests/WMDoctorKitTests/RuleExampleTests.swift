import XCTest

@testable import WMDoctorKit

/// Every example of every built-in rule runs as a test (SwiftLint's
/// triggering / non-triggering examples), and the rule files load cleanly.
final class RuleExampleTests: XCTestCase {
    private static let loaded = RuleSet.load(RuleSet.builtinFiles)

    func testBuiltinRulesAndCatalogLoadWithoutErrors() {
        let (set, errors) = Self.loaded
        XCTAssertEqual(errors.map { "\($0.location): \($0.message)" }, [])
        XCTAssertGreaterThanOrEqual(set.rules.count, 2)
        XCTAssertNotNil(set.catalog.app("slack"))
    }

    func testEveryExampleOfEveryRule() {
        let (set, _) = Self.loaded
        let result = RuleExamples.run(set.rules, catalog: set.catalog)
        XCTAssertEqual(result.failures.map(\.description), [])
        for rule in set.rules {
            XCTAssertTrue(rule.examples.contains(where: \.triggers), "\(rule.id.id) has no triggering example")
            XCTAssertTrue(rule.examples.contains(where: { !$0.triggers }), "\(rule.id.id) has no non-triggering example")
        }
        XCTAssertGreaterThan(result.examples, set.rules.count)
    }

    func testEveryCategoryHasABuiltinRule() {
        let covered = Set(Self.loaded.0.rules.map(\.descriptor.category)).union([.invalidExport])
        XCTAssertEqual(covered, Set(FindingCategory.allCases))
    }

    func testEmbeddedFilesMatchTheRulesFolder() throws {
        let folder = Repo.root.appendingPathComponent("Rules")
        let onDisk = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        XCTAssertEqual(BuiltinRuleFiles.files.map(\.path).sorted(), onDisk)
        for (path, text) in BuiltinRuleFiles.files {
            XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8), text, path)
        }
    }
}
