import Foundation
import XCTest

@testable import CEL

/// Runs the official CEL conformance vectors (JSON form) found in
/// `$CEL_CONFORMANCE_DIR`, else `<package root>/../shared/cel-conformance/`,
/// else the snapshot in `Tests/shared/cel-conformance/` (a clone elsewhere).
final class ConformanceTests: XCTestCase {
    /// Vectors knowingly skipped, beyond the automatic rules (features `proto`
    /// / `checker`, `typed_result`, `object` / `enum` values). Key:
    /// "file/section/name". Keep it short and justified.
    static let explicitSkips: [String: String] = [:]

    /// In-scope vectors known to fail (a failure not listed here fails the test).
    static let knownFailures: [String: String] = [:]

    static var vectorsDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["CEL_CONFORMANCE_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        // Tests/CELTests/ConformanceTests.swift -> package root
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let beside = root.deletingLastPathComponent().appendingPathComponent("shared/cel-conformance")
        if FileManager.default.fileExists(atPath: beside.path) { return beside }
        return root.appendingPathComponent("Tests/shared/cel-conformance")
    }

    struct Outcome {
        var passed = 0, failed = 0, skipped = 0
        var failures: [String] = []
    }

    func testConformance() throws {
        let dir = Self.vectorsDirectory
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            XCTFail("CEL conformance vectors not found at \(dir.path); set CEL_CONFORMANCE_DIR")
            return
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertFalse(files.isEmpty, "no *.json vectors in \(dir.path)")
        var table: [(String, Outcome)] = []
        for file in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            guard let tests = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                XCTFail("\(file): not an array of tests")
                continue
            }
            var outcome = Outcome()
            for t in tests {
                let id = "\(t["file"] as? String ?? file)/\(t["section"] as? String ?? "")/\(t["name"] as? String ?? "")"
                if Self.shouldSkip(t) || Self.explicitSkips[id] != nil {
                    outcome.skipped += 1
                    continue
                }
                if let problem = Self.run(t) {
                    outcome.failed += 1
                    outcome.failures.append("\(id): \(problem)")
                } else {
                    outcome.passed += 1
                }
            }
            table.append((file, outcome))
        }
        var report = "CEL conformance:\n"
        for (file, o) in table {
            report += "  \(file): \(o.passed) passed, \(o.failed) failed, \(o.skipped) skipped\n"
        }
        print(report)
        for (file, o) in table {
            for f in o.failures { print("  FAIL \(f)") }
            let inScope = o.passed + o.failed
            if inScope > 0 {
                XCTAssertGreaterThanOrEqual(Double(o.passed) / Double(inScope), 0.97, "\(file): pass rate below 97%")
            }
            for f in o.failures {
                let id = String(f.prefix(while: { $0 != ":" }))
                if Self.knownFailures[id] == nil { XCTFail("unexpected conformance failure: \(f)") }
            }
        }
    }

    static func shouldSkip(_ t: [String: Any]) -> Bool {
        let features = t["features"] as? [String] ?? []
        if features.contains("proto") || features.contains("checker") { return true }
        if t["typed_result"] != nil { return true }
        if let v = t["value"], containsTag(v, ["object", "enum"]) { return true }
        return false
    }

    static func containsTag(_ v: Any, _ tags: Set<String>) -> Bool {
        if let d = v as? [String: Any] {
            if d.keys.contains(where: tags.contains) { return true }
            return d.values.contains { containsTag($0, tags) }
        }
        if let a = v as? [Any] { return a.contains { containsTag($0, tags) } }
        return false
    }

    /// Runs one vector; returns a description of the problem, or nil on success.
    static func run(_ t: [String: Any]) -> String? {
        guard let expr = t["expr"] as? String else { return "no expr" }
        var env = CELEnvironment()
        var bindings: [String: CELValue] = [:]
        if let b = t["bindings"] as? [String: Any] {
            for (name, raw) in b {
                env.declare(name)
                do { bindings[name] = try CELValue(taggedJSON: raw) } catch { return "bad binding \(name): \(error)" }
            }
        }
        let expectError = t["eval_error"] != nil
        let program: CELProgram
        do {
            program = try CELProgram(compiling: expr, environment: env)
        } catch {
            // A compile-time rejection satisfies an expected evaluation error.
            return expectError ? nil : "compile error: \(error)"
        }
        let result: CELValue
        do {
            result = try program.evaluate(bindings)
        } catch {
            return expectError ? nil : "evaluation error: \(error)"
        }
        if expectError { return "expected an error, got \(result.literal)" }
        guard let rawExpected = t["value"] else { return "no expected value" }
        let expected: CELValue
        do { expected = try CELValue(taggedJSON: rawExpected) } catch { return "bad expected value: \(error)" }
        return strictlyEqual(result, expected) ? nil : "expected \(expected.literal), got \(result.literal)"
    }
}

/// Type-exact comparison for tests: same kinds, NaN equals NaN, maps unordered.
func strictlyEqual(_ a: CELValue, _ b: CELValue) -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.double(let x), .double(let y)): return (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
    case (.list(let x), .list(let y)):
        guard x.count == y.count else { return false }
        return (0..<x.count).allSatisfy { strictlyEqual(x[$0], y[$0]) }
    case (.map(let x), .map(let y)):
        guard x.count == y.count else { return false }
        for i in 0..<x.count {
            guard let j = (0..<y.count).first(where: { strictlyEqual(y.keys[$0], x.keys[i]) }),
                strictlyEqual(x.values[i], y.values[j])
            else { return false }
        }
        return true
    case (.type(let x), .type(let y)): return x == y
    default:
        guard a.celType == b.celType else { return false }
        return a.celEquals(b)
    }
}
