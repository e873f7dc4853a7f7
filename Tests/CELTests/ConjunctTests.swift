import XCTest

@testable import CEL

/// `celConjuncts(of:)` splits only a top-level `&&` chain, and its parts
/// evaluate to what the whole gives whenever one of them is false.
final class ConjunctTests: XCTestCase {
    func testATopLevelChainIsSplitAtEachAnd() {
        XCTAssertEqual(celConjuncts(of: "a && b"), ["a", "b"])
        XCTAssertEqual(celConjuncts(of: " x.y == 'a && b' &&\n  [1, 2].all(v, v > 0 && v < 3) && (c || d) "),
                       ["x.y == 'a && b'", "[1, 2].all(v, v > 0 && v < 3)", "(c || d)"])
        XCTAssertEqual(celConjuncts(of: "f(a && b, {'k': c && d}) && e // a comment && not a cut\n"),
                       ["f(a && b, {'k': c && d})", "e // a comment && not a cut"])
    }

    func testAnythingElseAtTheTopLevelIsNotSplit() {
        for source in ["a", "a || b && c", "a && b || c", "a && b ? c : d", "(a && b)", "a && ", "&& a", "a && 'open", "!(a && b)"] {
            XCTAssertNil(celConjuncts(of: source), source)
        }
    }

    /// Whenever a part is false, the whole is false: errors in the other parts included.
    func testAFalsePartIsTheWholeAnswer() throws {
        var env = CELEnvironment()
        env.declare("m")
        let m: CELValue = .map(CELMap.strings(["k": "v"]))
        for source in ["m.nope == 1 && false", "false && 1 / 0 == 1", "m.k == 'v' && m.nope && false", "true && m.k == 'w'"] {
            let parts = try XCTUnwrap(celConjuncts(of: source), source)
            let values = try parts.map { try CELProgram(compiling: $0, environment: env).evaluateToValue(["m": m]) }
            XCTAssertTrue(values.contains { if case .bool(false) = $0 { return true } else { return false } }, source)
            guard case .bool(false) = try CELProgram(compiling: source, environment: env).evaluateToValue(["m": m]) else {
                return XCTFail("\(source): the whole is not false")
            }
        }
    }
}
