import Foundation
import XCTest

@testable import CEL

/// The type checker: what it rejects (with positions), what it infers, and
/// that it accepts every conformance vector the CEL checker accepts.
final class CheckerTests: XCTestCase {
    func env(_ vars: [String: CELStaticType] = [:]) -> CELEnvironment {
        var e = CELEnvironment()
        e.typeCheck = true
        // The candidate sharing the longest prefix (the real one is in WMDoctorKit).
        e.suggest = { word, candidates in
            candidates.max { a, b in a.commonPrefix(with: word).count < b.commonPrefix(with: word).count }
        }
        for (n, t) in vars.sorted(by: { $0.key < $1.key }) { e.declare(n, type: t) }
        e.declareObjectType(CELObjectType("test.Conn", fields: [("account", .object("test.Account")), ("app", .string)]))
        e.declareObjectType(CELObjectType("test.Account", fields: [("email", .string.orNull)]))
        return e
    }

    func rejects(_ expr: String, _ vars: [String: CELStaticType] = [:], file: StaticString = #filePath, line: UInt = #line)
        -> CELError?
    {
        do {
            _ = try CELProgram(compiling: expr, environment: env(vars))
            XCTFail("\(expr) was accepted", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func type(_ expr: String, _ vars: [String: CELStaticType] = [:]) throws -> CELStaticType {
        try CELProgram(compiling: expr, environment: env(vars)).type
    }

    func testUnknownFieldWithSuggestionAndPosition() {
        let e = rejects("c.app == 'gmail' && c.acount.email != null", ["c": .object("test.Conn")])
        XCTAssertEqual(e?.message, "test.Conn has no field 'acount'; did you mean 'account'?")
        XCTAssertEqual(e?.column, 23)
        XCTAssertEqual(e?.kind, .check)
    }

    func testUnknownVariableAndFunction() {
        XCTAssertEqual(rejects("conn.app", ["c": .object("test.Conn")])?.message, "undeclared reference to 'conn'; did you mean 'c'?")
        XCTAssertEqual(rejects("'a'.startWith('b')")?.message, "undeclared reference to function 'startWith'; did you mean 'startsWith'?")
    }

    func testWrongOverload() {
        let e = rejects("now > 'x'", ["now": .timestamp])
        XCTAssertEqual(e?.message, "'>' cannot be applied to timestamp and string")
        XCTAssertEqual(e?.column, 5)
        XCTAssertEqual(rejects("size(1)")?.message, "no overload of 'size' takes (int); it takes (string) or (bytes) or (list(A)) or (map(A, B))")
        XCTAssertEqual(rejects("1 + 'a'")?.message, "'+' cannot be applied to int and string")
    }

    func testBoolOperands() {
        XCTAssertEqual(rejects("'a' && true")?.message, "the left side of '&&' should be a bool, not string")
        XCTAssertEqual(rejects("[1].all(x, x + 1)")?.message, "the predicate of all() should be a bool, not int")
    }

    func testInference() throws {
        XCTAssertEqual(try type("c.account.email", ["c": .object("test.Conn")]), .string.orNull)
        XCTAssertEqual(try type("[1, 2].map(x, x * 2)"), .list(.int))
        XCTAssertEqual(try type("{'a': [1]}"), .map(.string, .list(.int)))
        XCTAssertEqual(try type("x == null ? null : x.size()", ["x": .list(.string).orNull]), .int.orNull)
        XCTAssertEqual(try type("now - now", ["now": .timestamp]), .duration)
        XCTAssertEqual(try type("m.a", ["m": .map(.string, .list(.string))]), .list(.string))
        XCTAssertEqual(try type("d.foo.bar", ["d": .dyn]), .dyn)
        XCTAssertEqual(try type("[1, 'a']"), .list(.dyn))
        XCTAssertEqual(try type("x.filter(s, s.startsWith('a'))", ["x": .list(.string)]), .list(.string))
        XCTAssertEqual(try type("cel.bind(v, 1, v + 1)"), .int)
    }

    func testTypeText() {
        XCTAssertEqual(CELStaticType(parsing: "map(string, list(int))"), .map(.string, .list(.int)))
        XCTAssertEqual(CELStaticType(parsing: "duration"), .duration)
        XCTAssertEqual(CELStaticType(parsing: "string?"), .string.orNull)
        XCTAssertNil(CELStaticType(parsing: "lst(string)"))
        XCTAssertNil(CELStaticType(parsing: "list(string"))
        XCTAssertTrue(CELStaticType.list(.string).admits(["a", "b"]))
        XCTAssertFalse(CELStaticType.list(.string).admits(["a", 1]))
        XCTAssertTrue(CELStaticType.double.admits(1))
        XCTAssertFalse(CELStaticType.int.admits("1"))
    }

    /// Every standard function has a signature.
    func testEveryStandardFunctionIsTyped() {
        for key in StandardLibrary.functions.keys {
            XCTAssertNotNil(StandardSignatures.table[key], "\(key.name)/\(key.arity) receiver \(key.receiver) has no signature")
        }
    }

    /// The checker accepts every conformance vector that evaluates to a value
    /// and that the reference checker accepts (vectors marked `disable_check` are left out).
    func testAcceptsConformanceVectors() throws {
        let dir = ConformanceTests.vectorsDirectory
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        var checked = 0
        var rejected: [String] = []
        for file in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            guard let tests = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { continue }
            for t in tests {
                guard let expr = t["expr"] as? String, t["value"] != nil, t["disable_check"] as? Bool != true,
                    !ConformanceTests.shouldSkip(t)
                else { continue }
                var e = CELEnvironment()
                e.typeCheck = true
                if let b = t["bindings"] as? [String: Any] {
                    for (name, raw) in b {
                        let v = try CELValue(taggedJSON: raw)
                        e.declare(name, type: Checker.type(of: v))
                    }
                }
                // Vectors the plain compiler rejects are not the checker's business.
                var plain = e
                plain.typeCheck = false
                guard (try? CELProgram(compiling: expr, environment: plain)) != nil else { continue }
                checked += 1
                do { _ = try CELProgram(compiling: expr, environment: e) } catch {
                    rejected.append("\(file)/\(t["name"] as? String ?? ""): \(expr): \(error.message)")
                }
            }
        }
        XCTAssertGreaterThan(checked, 500)
        XCTAssertEqual(rejected, [], "\(rejected.count) of \(checked) rejected")
    }
}
