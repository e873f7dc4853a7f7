import XCTest

@testable import CEL

final class EvaluatorTests: XCTestCase {
    func testOverflowAndDivisionErrors() {
        assertEvalError("9223372036854775807 + 1", contains: "overflow")
        assertEvalError("-9223372036854775808 - 1", contains: "overflow")
        assertEvalError("-9223372036854775808 / -1", contains: "overflow")
        assertEvalError("-9223372036854775808 % -1", contains: "overflow")
        assertEvalError("-(-9223372036854775808)", contains: "overflow")
        assertEvalError("5000000000 * 5000000000", contains: "overflow")
        assertEvalError("0u - 1u", contains: "overflow")
        assertEvalError("1 / 0", contains: "division by zero")
        assertEvalError("1 % 0", contains: "modulus by zero")
        assertEvalError("1u / 0u")
        assertEvalError("int(1e20)", contains: "range")
        assertEvalError("int(double('nan'))")
        assertEvalError("uint(-1)", contains: "range")
        assertEvalError("uint(18446744073709551616.0)")
        assertEvalError("int(18446744073709551615u)")
        assertEval("1.0 / 0.0", .double(.infinity))
        assertEval("int(-1.9)", .int(-1))
    }

    func testErrorsAreValuesInLogic() {
        assertEval("1/0 == 1 || true", .bool(true))
        assertEval("true || 1/0 == 1", .bool(true))
        assertEval("1/0 == 1 && false", .bool(false))
        assertEvalError("1/0 == 1 && true", contains: "division by zero")
        assertEval("false ? 1/0 : 2", .int(2))
        assertEvalError("'a' ? 1 : 2")
    }

    func testHeterogeneousNumbers() {
        assertEval("dyn(1) == 1u && dyn(1u) == 1.0 && dyn(2.0) > 1", .bool(true))
        assertEval("{1: 'a'}[1u] == 'a' && {1u: 'b'}[1.0] == 'b'", .bool(true))
        assertEval("1 in [1.0] && 2u in {2: true}", .bool(true))
        assertEval("-1 < dyn(1u)", .bool(true))
        assertEval("double('nan') == double('nan')", .bool(false))
    }

    func testCodePointStrings() {
        assertEval("size('héllo')", .int(5))
        assertEval("size('🐱😀')", .int(2))
        assertEval("'fiance\\u0301'.size()", .int(7))
        assertEval("'Am\\u00E9lie' == 'Ame\\u0301lie'", .bool(false))
        assertEval("'a' < '\\u00E1' && 'é' > 'e\\u0301'", .bool(true))
        assertEval("'🐱😀x'.charAt(1)", .string("😀"))
        assertEval("'héllo'.indexOf('l')", .int(2))
        assertEval("'héllo'.lastIndexOf('l')", .int(3))
        assertEval("'héllo'.substring(1, 3)", .string("él"))
        assertEval("'abc🐱'.reverse()", .string("🐱cba"))
        assertEval("'Straße'.contains('aß') && !'e\\u0301'.startsWith('é')", .bool(true))
    }

    func testStringsExtension() {
        assertEval("'  a b \\t\\n'.trim()", .string("a b"))
        assertEval("'a,b,,c'.split(',')", ["a", "b", "", "c"])
        assertEval("'a,b,c'.split(',', 2)", ["a", "b,c"])
        assertEval("['a', 'b'].join('-')", .string("a-b"))
        assertEval("['a', 'b'].join()", .string("ab"))
        assertEval("'aaa'.replace('a', 'b', 2)", .string("bba"))
        assertEval("'MiXeD ß'.lowerAscii()", .string("mixed ß"))
        assertEval("'abc'.upperAscii()", .string("ABC"))
        assertEval("strings.quote('a\"b\\n')", .string("\"a\\\"b\\n\""))
        // Printable ASCII (space to `~`) as it is; the controls just outside it (0x1F, 0x7F) escaped.
        assertEval("strings.quote(' Az09~')", .string("\" Az09~\""))
        assertEval("strings.quote('')", .string("\"\""))
        assertEval("strings.quote('a\\u001fb\\u007f')", .string("\"a\\x1fb\\x7f\""))
        // Printable ASCII as it is; controls, format characters and separators escaped; other letters kept.
        assertEval("strings.quote('x~ \\\\ \\u007f\\u00e9\\u200b\\u2028\\U0001F600')", .string("\"x~ \\\\ \\x7fé\\u200b\\u2028😀\""))
        assertEval("'abc'.charAt(3)", .string(""))
        assertEvalError("'abc'.charAt(4)")
        assertEvalError("'abc'.substring(2, 1)")
        assertEval("'%s is %d years, %.2f%% sure, hex %x'.format(['Bob', 42, 99.5, 255])",
                   .string("Bob is 42 years, 99.50% sure, hex ff"))
        assertEval("'%e|%b|%o|%X'.format([1234.5, 5, 8, 255])", .string("1.234500e+03|101|10|FF"))
        assertEval("'%s'.format([[1, 'a', true, null]])", .string("[1, a, true, null]"))
        assertEval("'%s'.format([{'b': 1, 'a': 2}])", .string("{a: 2, b: 1}"))
        assertEval("'%.3f'.format([123.4994])", .string("123.499"))
        assertEvalError("'%d %d'.format([1])")
    }

    func testRegex() {
        assertEval("'hubba'.matches('ub+a$')", .bool(true))
        assertEval("matches('abc', '^b')", .bool(false))
        assertEval("'x'.matches(r'\\d') || 'a1'.matches(r'\\d')", .bool(true))
        let re = assertCompileError("'x'.matches('ab[')", kind: .check, contains: "regular expression")
        XCTAssertEqual(re?.column, 16)  // points at the '[' inside the pattern
        assertCompileError("'aa'.matches('(a)\\\\1')", kind: .check)
        assertCompileError("'aa'.matches('a(?=a)')", kind: .check)
        // A dynamic pattern is compiled at evaluation time.
        assertEvalError("'x'.matches(p)", ["p": "(a"], contains: "regular expression")
    }

    func testListsAndSets() {
        assertEval("[3, 1, 2].sort()", [1, 2, 3])
        assertEval("[1, 2, 2, 1.0, 'a'].distinct()", [1, 2, "a"])
        assertEval("[1, [2, [3]]].flatten()", [1, 2, [3]])
        assertEval("[1, [2, [3]]].flatten(2)", [1, 2, 3])
        assertEval("lists.range(3)", [0, 1, 2])
        assertEval("[1, 2, 3].reverse()", [3, 2, 1])
        assertEval("[1, 2, 3, 4].slice(1, 3)", [2, 3])
        assertEval("[1, 2, 3].sum()", .int(6))
        assertEval("[1.5, 2.0].sum()", .double(3.5))
        assertEval("[].sum()", .int(0))
        assertEval("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3", .bool(true))
        assertEvalError("[].min()")
        assertEval("[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2 && [1].indexOf(5) == -1", .bool(true))
        assertEval("[1, 2, 3].isSorted() && !['b', 'a'].isSorted()", .bool(true))
        assertEval("sets.contains([1, 2, 3], [3, 1]) && !sets.contains([1], [2])", .bool(true))
        assertEval("sets.intersects([1, 2], [2.0, 5]) && !sets.intersects([1], [])", .bool(true))
        assertEval("sets.equivalent([1, 2, 2], [2u, 1])", .bool(true))
        assertEvalError("[1, 'a'].sort()")
    }

    func testMacros() {
        assertEval("[1, 2, 3].map(x, x * 2)", [2, 4, 6])
        assertEval("[1, 2, 3].map(x, x > 1, x * 10)", [20, 30])
        assertEval("[1, 2, 3].filter(x, x % 2 == 1)", [1, 3])
        assertEval("{'a': 1, 'b': 2}.all(k, k.size() == 1)", .bool(true))
        assertEval("[1, 2].exists_one(x, x == 2)", .bool(true))
        assertEval("[10, 20].all(i, v, v == (i + 1) * 10)", .bool(true))
        assertEval("{'a': 1}.transformMap(k, v, v + 1)", .map([(.string("a"), .int(2))]))
        assertEval("[5, 6].transformMapEntry(i, v, {string(v): i})", .map([("5", 0), ("6", 1)]))
        assertEval("cel.bind(x, 2, cel.bind(y, x * 3, [x, y]))", [2, 6])
        assertEval("[[1, 2], [3]].map(l, l.map(x, x + 1))", [[2, 3], [4]])
        assertEval("[1, 2].map(x, [3].map(x, x))", [[3], [3]])  // inner x shadows outer x
        assertEvalError("[1, 0].map(x, 1 / x)")
    }

    func testHasAndMaps() {
        assertEval("has({'a': 1}.a) && !has({'a': 1}.b)", .bool(true))
        assertEval("{'k': null}.k == null", .bool(true))
        assertEvalError("{'a': 1}.b", contains: "no such key")
        assertEvalError("{'a': 1, 'a': 2}", contains: "repeated key")
        assertEvalError("{1: 1, 1u: 2}", contains: "repeated key")
        assertEvalError("[1][1]", contains: "out of range")
        assertEvalError("1.a")
        assertCompileError("has(a)", kind: .check)
        assertCompileError("{[1]: 2}", kind: .check)
    }

    func testTypes() {
        assertEval("type(1) == int && type(1u) == uint && type('') == string", .bool(true))
        assertEval("type(null) == null_type && type(type) == type && type([]) == list && type({}) == map", .bool(true))
        assertEval("type(timestamp('2020-01-01T00:00:00Z'))", .type(.timestamp))
        assertEval("type(duration('1s')) == google.protobuf.Duration", .bool(true))
        assertEval("string(type(1.0))", .string("double"))
    }

    func testTime() {
        let ts = "timestamp('2009-02-13T23:31:30.123456789Z')"
        assertEval("\(ts).getFullYear()", .int(2009))
        assertEval("\(ts).getMonth()", .int(1))
        assertEval("\(ts).getMilliseconds()", .int(123))
        assertEval("\(ts).getHours('+05:30')", .int(5))
        assertEval("\(ts).getMinutes('+05:30')", .int(1))
        assertEval("\(ts).getHours('America/Los_Angeles')", .int(15))
        assertEval("\(ts).getDayOfWeek('Asia/Tokyo')", .int(6))
        assertEval("string(\(ts))", .string("2009-02-13T23:31:30.123456789Z"))
        assertEval("string(timestamp('2023-08-26T12:39:00-07:00'))", .string("2023-08-26T19:39:00Z"))
        assertEval("string(duration('1h30m'))", .string("5400s"))
        assertEval("string(duration('-1.5s'))", .string("-1.5s"))
        assertEval("string(duration('1m1ms'))", .string("60.001s"))
        assertEval("duration('1.234s').getMilliseconds()", .int(234))
        assertEval("timestamp('2024-02-28T12:00:00Z') + duration('24h') == timestamp('2024-02-29T12:00:00Z')", .bool(true))
        assertEval("timestamp('2024-03-01T00:00:00Z').getDayOfYear()", .int(60))
        assertEval("timestamp('0001-01-01T00:00:00Z') < timestamp('9999-12-31T23:59:59.999999999Z')", .bool(true))
        assertEvalError("timestamp('2023-02-29T00:00:00Z')")
        assertEvalError("\(ts).getHours('Mars/Olympus')", contains: "time zone")
        assertEvalError("duration('1d')")
        assertEvalError("timestamp('9999-12-31T23:59:59Z') + duration('1s')", contains: "range")
    }

    func testConversions() {
        assertEval("string(1.5) + string(-0.0045) + string(1e+21)", .string("1.5-0.00451e+21"))
        assertEval("double('1e3') == 1000.0 && int('-12') == -12 && uint('7') == 7u", .bool(true))
        assertEval("bool('True') && !bool('f')", .bool(true))
        assertEval("bytes('ÿ') == b'\\xc3\\xbf'", .bool(true))
        assertEvalError("string(b'\\xff')", contains: "UTF-8")
        assertEvalError("int('1.5')")
        assertEval("dyn([1]).size()", .int(1))
    }

    func testCompileTimeChecks() {
        assertCompileError("nope(1)", kind: .check, contains: "undeclared reference to function 'nope'")
        assertCompileError("size(1, 2)", kind: .check, contains: "no overload")
        assertCompileError("'a'.startsWith()", kind: .check, contains: "no overload")
        assertCompileError("x + 1", kind: .check, contains: "undeclared reference to 'x'")
        assertCompileError("[1].foo(x, x)", kind: .check)
        assertCompileError("1 + 'a'", kind: .check, contains: "no matching overload")
        assertCompileError("-'a'", kind: .check)
        assertCompileError("size(1)", kind: .check)
        assertCompileError("[1].map(1, 2)", kind: .check, contains: "simple identifier")
        assertCompileError("[1].all(x, y, x, 1)", kind: .check, contains: "wrong number")
        var env = CELEnvironment()
        env.declare("conn")
        assertCompileError("[1].exists(conn, conn > 0)", env: env, kind: .check, contains: "shadows")
        assertCompileError("cel.bind(conn, 1, conn)", env: env, kind: .check, contains: "shadows")
        // Literal operands with a valid overload still compile; runtime errors stay runtime.
        assertEvalError("1 / 0")
    }

    func testCostBudgetStopsBlowups() {
        var env = CELEnvironment()
        env.costLimit = 100_000
        let e = assertEvalError(
            "lists.range(100).map(a, lists.range(100).map(b, lists.range(100).map(c, a + b + c)))", env: env,
            contains: "cost limit exceeded")
        XCTAssertEqual(e?.kind, .costLimit)
        // A short-circuiting operator must not absorb the cost error.
        assertEvalError("lists.range(1000).all(a, lists.range(1000).all(b, true)) || true", env: env, contains: "cost limit")
        // String doubling is charged by size.
        let doubling = (0..<30).reduce("'xxxxxxxx'") { acc, _ in "cel.bind(s, \(acc), s + s)" }
        assertEvalError(doubling, env: env, contains: "cost limit")
        // A small expression stays well within budget.
        assertEval("[1, 2, 3].map(x, [1, 2, 3].map(y, x * y)).size()", .int(3), env: env)
    }

    func testProgramIsReusableAndCountsCostPerEvaluation() throws {
        var env = CELEnvironment()
        env.declare("n")
        env.costLimit = 5_000
        let p = try CELProgram(compiling: "lists.range(n).all(i, i >= 0)", environment: env)
        for _ in 0..<50 { XCTAssertTrue(strictlyEqual(try p.evaluate(["n": 1000]), true)) }
        XCTAssertThrowsError(try p.evaluate(["n": 10_000]))
        XCTAssertTrue(strictlyEqual(try p.evaluate(positional: [10]), true))
        XCTAssertThrowsError(try p.evaluate([:]))  // unbound variable
    }

    /// The runner lends the caller's values in place: same results as a
    /// positional evaluation, comprehensions included, and the values come back unchanged.
    func testRunnerEvaluatesInPlaceAndGivesTheValuesBack() throws {
        var env = CELEnvironment()
        env.declare("xs")
        env.declare("k")
        let p = try CELProgram(compiling: "xs.filter(x, x > k).map(y, y * 2)", environment: env)
        let runner = CELRunner(p)
        var values: [CELValue] = [.list(CELList([.int(1), .int(5), .int(9)])), .int(4)]
        for _ in 0..<3 {
            let v = try runner.evaluate(&values)
            XCTAssertTrue(strictlyEqual(v, try p.evaluate(positional: values)))
            XCTAssertEqual(v.literal, "[10, 18]")
            XCTAssertEqual(values.count, 2)
            XCTAssertEqual(values[1].literal, "4")
        }
        // Too few values: the missing variable is an error when used; too many: the rest is ignored.
        var short: [CELValue] = [.list(CELList([.int(1)]))]
        XCTAssertThrowsError(try runner.evaluate(&short))
        XCTAssertEqual(short.count, 1)
        var long: [CELValue] = values + [.string("extra"), .string("more")]
        XCTAssertEqual(try runner.evaluate(&long).literal, "[10, 18]")
        XCTAssertEqual(long.count, 4)
        XCTAssertEqual(long[3].literal, "\"more\"")
        var costly = CELEnvironment()
        costly.declare("n")
        costly.costLimit = 100
        var n: [CELValue] = [.int(10_000)]
        let ranging = CELRunner(try CELProgram(compiling: "lists.range(n).all(i, i >= 0)", environment: costly))
        XCTAssertThrowsError(try ranging.evaluate(&n))
        // A reused scratch starts each evaluation afresh: cost, then slots.
        let scratch = CELScratch()
        XCTAssertThrowsError(try ranging.evaluate(&n, scratch: scratch))
        var small: [CELValue] = [.int(5)]
        XCTAssertEqual(try ranging.evaluate(&small, scratch: scratch).literal, "true")
        XCTAssertEqual(try runner.evaluate(&values, scratch: scratch).literal, "[10, 18]")
        XCTAssertEqual(try runner.evaluate(&values, scratch: scratch).literal, "[10, 18]")
        XCTAssertEqual(values.count, 2)
    }
}
