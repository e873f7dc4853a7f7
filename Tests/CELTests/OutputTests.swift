import Foundation
import XCTest

@testable import CEL

final class OutputTests: XCTestCase {
    func lit(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        eval(src, file: file, line: line)?.literal ?? "<error>"
    }
    func tagged(_ src: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        eval(src, file: file, line: line)?.taggedJSON ?? "<error>"
    }

    func testLiteral() {
        XCTAssertEqual(lit("1"), "1")
        XCTAssertEqual(lit("1u"), "1u")
        XCTAssertEqual(lit("1.0"), "1.0")
        XCTAssertEqual(lit("-0.5"), "-0.5")
        XCTAssertEqual(lit("1e100"), "1e+100")
        XCTAssertEqual(lit("0.1 + 0.2"), "0.30000000000000004")
        XCTAssertEqual(lit("1.0/0.0"), "double(\"inf\")")
        XCTAssertEqual(lit("-1.0/0.0"), "double(\"-inf\")")
        XCTAssertEqual(lit("0.0/0.0"), "double(\"nan\")")
        XCTAssertEqual(lit("'a\"b\\n\\u00e9'"), "\"a\\\"b\\né\"")
        XCTAssertEqual(lit("b'\\x00a\\xff'"), "b\"\\x00a\\xff\"")
        XCTAssertEqual(lit("[1, 'a', null, true]"), "[1, \"a\", null, true]")
        XCTAssertEqual(lit("{'b': 1, 'a': 2, 3: 0, true: 1}"), "{true: 1, 3: 0, \"a\": 2, \"b\": 1}")
        XCTAssertEqual(lit("int"), "int")
        XCTAssertEqual(lit("timestamp('2026-01-01T00:00:00Z')"), "timestamp(\"2026-01-01T00:00:00Z\")")
        XCTAssertEqual(lit("duration('1h')"), "duration(\"3600s\")")
    }

    func testLiteralRoundTrips() throws {
        for src in ["[1, 2u, -3.25, 'x\\ty', b'\\x01', {'k': [true, null]}]", "0.1", "5e-324", "-0.0", "123456789.125"] {
            let v = try XCTUnwrap(eval(src))
            let again = try XCTUnwrap(eval(v.literal))
            XCTAssertTrue(strictlyEqual(v, again), "\(src) -> \(v.literal) -> \(again.literal)")
        }
    }

    func testTaggedJSON() {
        XCTAssertEqual(tagged("1"), #"{"int": "1"}"#)
        XCTAssertEqual(tagged("1u"), #"{"uint": "1"}"#)
        XCTAssertEqual(tagged("1.5"), #"{"double": 1.5}"#)
        XCTAssertEqual(tagged("-1.0/0.0"), #"{"double": "-inf"}"#)
        XCTAssertEqual(tagged("'a\"'"), #"{"string": "a\""}"#)
        XCTAssertEqual(tagged("b'\\x00\\xff'"), #"{"bytes_b64": "AP8="}"#)
        XCTAssertEqual(tagged("[null, true]"), #"{"list": [{"null": null}, {"bool": true}]}"#)
        XCTAssertEqual(tagged("{'b': 1, 'a': 2}"), #"{"map": [[{"string": "a"}, {"int": "2"}], [{"string": "b"}, {"int": "1"}]]}"#)
        XCTAssertEqual(tagged("type(1)"), #"{"type": "int"}"#)
        XCTAssertEqual(tagged("duration('90m')"), #"{"duration": "5400s"}"#)
        XCTAssertEqual(tagged("timestamp('2026-01-01T00:00:00Z')"), #"{"timestamp": "2026-01-01T00:00:00Z"}"#)
    }

    func testTaggedJSONRoundTrip() throws {
        let src = "[1, 2u, 2.5, 'é', b'\\xff', null, true, {'k': [int]}, timestamp('2020-01-01T00:00:00.5Z'), duration('1.5s')]"
        let v = try XCTUnwrap(eval(src))
        let json = try JSONSerialization.jsonObject(with: Data(v.taggedJSON.utf8))
        let back = try CELValue(taggedJSON: json)
        XCTAssertTrue(strictlyEqual(v, back), v.taggedJSON)
        XCTAssertThrowsError(try CELValue(taggedJSON: ["int": "x"]))
        XCTAssertThrowsError(try CELValue(taggedJSON: ["int": "1", "uint": "1"]))
    }

    func testDeepHostValuesDoNotOverflow() {
        var v: CELValue = .int(1)
        for _ in 0..<10_000 { v = .list([v]) }
        XCTAssertTrue(v.literal.contains("..."))
        XCTAssertTrue(v.taggedJSON.contains("nested too deeply"))
        XCTAssertFalse(v.celEquals(v))  // depth-limited equality gives up rather than recursing
    }
}
