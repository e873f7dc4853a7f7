import XCTest

@testable import CEL

/// Compiles and evaluates `source`, failing the test on any error.
func eval(
    _ source: String, _ bindings: [String: CELValue] = [:], env: CELEnvironment? = nil,
    file: StaticString = #filePath, line: UInt = #line
) -> CELValue? {
    var e = env ?? CELEnvironment()
    if env == nil { for k in bindings.keys { e.declare(k) } }
    do {
        return try CELProgram(compiling: source, environment: e).evaluate(bindings)
    } catch {
        XCTFail("\(source): \(error)", file: file, line: line)
        return nil
    }
}

/// Asserts that `source` evaluates to `expected` (type-exact).
func assertEval(
    _ source: String, _ expected: CELValue, _ bindings: [String: CELValue] = [:], env: CELEnvironment? = nil,
    file: StaticString = #filePath, line: UInt = #line
) {
    guard let v = eval(source, bindings, env: env, file: file, line: line) else { return }
    XCTAssertTrue(strictlyEqual(v, expected), "\(source): expected \(expected.literal), got \(v.literal)", file: file, line: line)
}

/// Asserts that `source` compiles but its evaluation fails; returns the error.
@discardableResult
func assertEvalError(
    _ source: String, _ bindings: [String: CELValue] = [:], env: CELEnvironment? = nil, contains: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
) -> CELError? {
    var e = env ?? CELEnvironment()
    if env == nil { for k in bindings.keys { e.declare(k) } }
    let program: CELProgram
    do { program = try CELProgram(compiling: source, environment: e) } catch {
        XCTFail("\(source): unexpected compile error \(error)", file: file, line: line)
        return nil
    }
    do {
        let v = try program.evaluate(bindings)
        XCTFail("\(source): expected an evaluation error, got \(v.literal)", file: file, line: line)
        return nil
    } catch {
        if let contains { XCTAssertTrue(error.message.contains(contains), "\(source): \(error.message)", file: file, line: line) }
        return error
    }
}

/// Asserts that `source` fails to compile; returns the error.
@discardableResult
func assertCompileError(
    _ source: String, env: CELEnvironment = CELEnvironment(), kind: CELError.Kind? = nil, contains: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
) -> CELError? {
    do {
        _ = try CELProgram(compiling: source, environment: env)
        XCTFail("\(source.prefix(80)): expected a compile error", file: file, line: line)
        return nil
    } catch {
        if let kind { XCTAssertEqual(error.kind, kind, "\(source.prefix(80)): \(error)", file: file, line: line) }
        if let contains { XCTAssertTrue(error.message.contains(contains), "\(source.prefix(80)): \(error.message)", file: file, line: line) }
        return error
    }
}
