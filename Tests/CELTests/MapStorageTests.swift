import XCTest

@testable import CEL

/// Maps of up to ``CELMap/smallCount`` entries are searched in order, larger
/// ones through a hash table, and a host's maps may share their keys: each
/// way finds the same entries (numeric keys on the number line, strings by
/// their bytes) and misses the same ones.
final class MapStorageTests: XCTestCase {
    func testSmallAndLargeMapsFindTheSameEntries() {
        for size in [1, CELMap.smallCount, CELMap.smallCount + 1, 40] {
            let entries = (0..<size).map { (CELValue.int(Int64($0)), CELValue.string("v\($0)")) }
            guard case .success(let m) = CELMap.make(entries) else { return XCTFail("a map of \(size)") }
            for i in 0..<size {
                XCTAssertEqual(m[.int(Int64(i))].map { $0.literal }, "\"v\(i)\"", "int key \(i) of \(size)")
                XCTAssertEqual(m[.uint(UInt64(i))].map { $0.literal }, "\"v\(i)\"", "uint key \(i) of \(size)")
                XCTAssertEqual(m[.double(Double(i))].map { $0.literal }, "\"v\(i)\"", "double key \(i) of \(size)")
            }
            XCTAssertNil(m[.int(Int64(size))])
            XCTAssertNil(m[.double(0.5)])
            XCTAssertNil(m[.string("0")])
            guard case .failure = CELMap.make(entries + [(CELValue.uint(0), CELValue.null)]) else { return XCTFail("repeated key in a map of \(size)") }
        }
        assertEval("{'a': 1, 'b': 2}['b'] == 2 && !('c' in {'a': 1}) && {1: 'x'}[1.0] == 'x'", true)
    }

    func testSharedKeysMakeTheMapStringsMakes() {
        let keys = CELMap.SharedKeys(["status", "app", "id", "app"])
        XCTAssertEqual(keys.names, ["app", "id", "status"], "sorted, each once")
        let shared = CELMap.strings(keys, values: ["slack", "c1", "active"])
        let built = CELMap.strings(["status": "active", "app": "slack", "id": "c1"])
        XCTAssertEqual(shared.keys.map(\.literal), built.keys.map(\.literal))
        XCTAssertEqual(shared.values.map(\.literal), built.values.map(\.literal))
        XCTAssertEqual(shared[string: "id"]?.literal, "\"c1\"")
        XCTAssertNil(shared[string: "ID"])
        // Not a value per key: the pairs there are.
        let short = CELMap.strings(keys, values: ["slack"])
        XCTAssertEqual(short.count, 1)
        XCTAssertEqual(short[string: "app"]?.literal, "\"slack\"")
    }
}
