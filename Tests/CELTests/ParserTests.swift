import Foundation
import XCTest

@testable import CEL

final class ParserTests: XCTestCase {
    func testErrorPositionSingleLine() {
        let e = assertCompileError("1 + * 2", kind: .parse)
        XCTAssertEqual(e?.offset, 4)
        XCTAssertEqual(e?.line, 1)
        XCTAssertEqual(e?.column, 5)
    }

    func testErrorPositionMultiLineCountsCharacters() {
        // "é" is one character (and one code point); the emoji is one character.
        let e = assertCompileError("'é🐱' == 'x' &&\n  size(x) >", kind: .parse)
        XCTAssertEqual(e?.line, 2)
        XCTAssertEqual(e?.column, 12)  // end of expression
        let u = assertCompileError("true &&\n   undeclared_thing", kind: .check, contains: "undeclared_thing")
        XCTAssertEqual(u?.line, 2)
        XCTAssertEqual(u?.column, 4)
        XCTAssertEqual(u?.offset, 11)
    }

    func testDescriptionIncludesPosition() {
        let e = assertCompileError("a.b.", kind: .parse)
        XCTAssertTrue(e?.description.hasPrefix("1:") ?? false, e?.description ?? "")
    }

    func testLiterals() {
        assertEval("0x1F", .int(31))
        assertEval("0x1Fu", .uint(31))
        assertEval("18446744073709551615u", .uint(UInt64.max))
        assertEval("-9223372036854775808", .int(Int64.min))
        assertEval(".5e1", .double(5))
        assertEval("1e3", .double(1000))
        assertEval(#""\x41\101\u0041\U00000041""#, .string("AAAA"))
        assertEval(#"b"\xff\377""#, .bytes([255, 255]))
        assertEval(#"r"\n""#, .string("\\n"))
        assertEval(#"R'\d'"#, .string("\\d"))
        assertEval("'''a\n'b'''", .string("a\n'b"))
        assertEval(#""""x"y""""#, .string("x\"y"))
        assertEval(#"br'\x00'"#, .bytes(Array("\\x00".utf8)))
        assertEval("// comment\n 1 // trailing", .int(1))
    }

    func testInvalidLiterals() {
        assertCompileError("9223372036854775808", kind: .parse, contains: "out of range")
        assertCompileError("18446744073709551616u", kind: .parse)
        assertCompileError(#""\s""#, kind: .parse, contains: "escape")
        assertCompileError(#""\uD83D""#, kind: .parse)
        assertCompileError("'abc", kind: .parse)
        assertCompileError("'a\nb'", kind: .parse, contains: "newline")
        assertCompileError("1 = 2", kind: .parse)
        assertCompileError("var", kind: .parse, contains: "reserved")
        assertCompileError("Msg{a: 1}", kind: .parse, contains: "message construction")
    }

    func testPrecedence() {
        assertEval("1 + 2 * 3", .int(7))
        assertEval("(1 + 2) * 3", .int(9))
        assertEval("10 - 4 - 3", .int(3))
        assertEval("true || false && false", .bool(true))
        assertEval("1 < 2 == true", .bool(true))
        assertEval("false ? 1 : true ? 2 : 3", .int(2))
        assertEval("!!true", .bool(true))
        assertEval("--1", .int(1))
        assertEval("-(1) - -2", .int(1))
        assertEval("2 in [1, 2] && !(3 in [1, 2])", .bool(true))
        assertEval("[1, 2, 3,][2]", .int(3))
        assertEval("{'a': 1,}.a", .int(1))
    }

    func testSpecMinimumRepetitions() {
        let ors = Array(repeating: "false", count: 31).joined(separator: " || ") + " || true"
        assertEval(ors, .bool(true))
        let ands = Array(repeating: "true", count: 32).joined(separator: " && ")
        assertEval(ands, .bool(true))
        assertEval(Array(repeating: "1", count: 25).joined(separator: " + "), .int(25))
        let ternary = Array(repeating: "false ? 0 :", count: 24).joined(separator: " ") + " 7"
        assertEval(ternary, .int(7))
        assertEval(String(repeating: "[", count: 12) + "1" + String(repeating: "]", count: 12) + String(repeating: "[0]", count: 12), .int(1))
        assertEval(String(repeating: "int(", count: 12) + "1" + String(repeating: ")", count: 12), .int(1))
        // 1000 terms of && stay shallow (balanced tree).
        assertEval(Array(repeating: "true", count: 1000).joined(separator: " && "), .bool(true))
    }

    func testDepthLimitsAreCleanErrors() {
        let n = 100_000
        for src in [
            String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
            String(repeating: "!", count: n) + "true",
            String(repeating: "-", count: n) + "1",
            String(repeating: "[", count: n) + String(repeating: "]", count: n),
            String(repeating: "{1:", count: n) + "1" + String(repeating: "}", count: n),
            "x" + String(repeating: ".a", count: n),
            "x" + String(repeating: "[0]", count: n),
            Array(repeating: "1", count: n).joined(separator: " + "),
            String(repeating: "f(", count: n),
            String(repeating: "true ? 1 : ", count: n) + "2",
        ] {
            var env = CELEnvironment()
            env.declare("x")
            let e = assertCompileError(src, env: env, kind: .parse)
            XCTAssertTrue(e?.message.contains("nested too deeply") ?? false, "\(src.prefix(20)): \(e?.message ?? "")")
        }
    }
}

final class StackTests: XCTestCase {
    /// The deepest accepted inputs compile and evaluate on a thread with a
    /// small stack: 512 KiB (the macOS secondary-thread default) in release
    /// builds; debug builds use much larger frames, so they get 4 MiB.
    func testDeepButAcceptedExpressionsOnSmallStack() {
        let n = Parser.maxNesting - 2
        let d = Parser.maxDepth - 8
        let sources = [
            String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n),
            String(repeating: "[", count: n) + String(repeating: "]", count: n),
            String(repeating: "dyn(", count: n) + "1" + String(repeating: ")", count: n),
            String(repeating: "[0].map(y, ", count: n / 2) + "1" + String(repeating: ")", count: n / 2),
            String(repeating: "-", count: d) + "1",
            Array(repeating: "1", count: d).joined(separator: " + "),
            "x" + String(repeating: ".a", count: d),
        ]
        final class Counter: @unchecked Sendable { var ok = 0 }  // written by the thread, read after it signals
        let counter = Counter()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for src in sources {
                var env = CELEnvironment()
                env.declare("x")
                do {
                    let p = try CELProgram(compiling: src, environment: env)
                    _ = try? p.evaluate(["x": .map(CELMap.strings([:]))])
                    counter.ok += 1
                } catch {
                    FileHandle.standardError.write(Data("\(src.prefix(16)): \(error)\n".utf8))
                }
            }
            done.signal()
        }
        #if DEBUG
            thread.stackSize = 4 << 20
        #else
            thread.stackSize = 512 << 10
        #endif
        thread.start()
        XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
        XCTAssertEqual(counter.ok, sources.count, "every source at the limit compiles")
    }
}
