import Foundation
import XCTest

@testable import WMDoctorKit

/// Keys are found by the two words of their `String` first, then by text:
/// a key must be found however its text was made, and only when it is there.
final class KeyTableTests: XCTestCase {
    private let allowed = ["id", "name", "app", "action", "connection", "params", "expect", "a key longer than fifteen bytes", "café"]

    func testKeysAreFoundHoweverTheirTextWasMade() {
        for (i, key) in allowed.enumerated() {
            // As the loader makes them: from bytes.
            let fromBytes = String(decoding: Array(key.utf8), as: UTF8.self)
            XCTAssertEqual(KeyTable.index(of: fromBytes, in: allowed), i, key)
            // In storage of its own, whose words differ from the literal's.
            var grown = String()
            grown.reserveCapacity(64)
            grown += key
            XCTAssertEqual(KeyTable.index(of: grown, in: allowed), i, key)
        }
    }

    func testOtherKeysAreNotFound() {
        for key in ["", "i", "ids", "Name", "actio", "connections", "a key longer than fifteen bytez", "cafe", "app "] {
            XCTAssertNil(KeyTable.index(of: key, in: allowed), key)
            XCTAssertNil(KeyTable.index(of: String(decoding: Array(key.utf8), as: UTF8.self), in: allowed), key)
        }
        XCTAssertNil(KeyTable.index(of: "id", in: []))
    }
    /// A table finds the same keys, at the same positions, as the scan.
    func testATableFindsWhatTheScanFinds() {
        let table = KeyTable(allowed + ["to", "ab", "x"])
        for (i, key) in table.keys.enumerated() {
            var grown = String()
            grown.reserveCapacity(64)
            grown += key
            for made in [key, String(decoding: Array(key.utf8), as: UTF8.self), grown] {
                XCTAssertEqual(table.index(of: made), i, key)
                XCTAssertTrue(table.contains(made), key)
            }
        }
        for key in ["", "i", "ids", "Name", "actio", "connections", "a key longer than fifteen bytez", "cafe", "app ", "tp", "y"] {
            XCTAssertNil(table.index(of: key), key)
            XCTAssertNil(table.index(of: String(decoding: Array(key.utf8), as: UTF8.self)), key)
        }
        // Canonically equal texts are equal keys (as `==` has them): "café" with a combining accent.
        XCTAssertEqual(table.index(of: "cafe\u{301}"), KeyTable.index(of: "cafe\u{301}", in: table.keys))
        XCTAssertNil(KeyTable([]).index(of: "id"))
    }
}
