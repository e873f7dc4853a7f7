import XCTest

@testable import WMDoctorKit

final class TimestampTests: XCTestCase {
    func testParsesRFC3339WithOffsetsAndBareDates() {
        XCTAssertEqual(Timestamp.parse("1970-01-01T00:00:00Z"), Timestamp(seconds: 0))
        XCTAssertEqual(Timestamp.parse("2026-11-20T10:00:00Z")?.description, "2026-11-20T10:00:00Z")
        XCTAssertEqual(Timestamp.parse("2026-11-20T12:00:00+02:00"), Timestamp.parse("2026-11-20T10:00:00Z"))
        XCTAssertEqual(Timestamp.parse("2026-11-20T05:30:00-04:30"), Timestamp.parse("2026-11-20T10:00:00Z"))
        XCTAssertEqual(Timestamp.parse("2026-12-01"), Timestamp.parse("2026-12-01T00:00:00Z"))
        XCTAssertEqual(Timestamp.parse("2026-11-20t10:00:00.5z")?.nanos, 500_000_000)
        XCTAssertEqual(Timestamp.parse("2026-11-20T10:00:00.123456789123Z")?.nanos, 123_456_789)
        XCTAssertEqual(Timestamp.parse("2024-02-29")?.description, "2024-02-29T00:00:00Z")
        XCTAssertEqual(Timestamp.parse("1969-12-31T23:59:59Z")?.seconds, -1)
        XCTAssertEqual(Timestamp.parse("1969-12-31T23:59:59Z")?.description, "1969-12-31T23:59:59Z")
    }

    func testRejectsWhatIsNotRFC3339() {
        for text in [
            "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-20T10:00:00", "2026-11-20 10:00", "yesterday", "",
            "2026-11-20T25:00:00Z", "2026-11-20T10:00:00+2:00", "2026-11-20T10:00:00.Z", "2026-11-20Z",
        ] {
            XCTAssertNil(Timestamp.parse(text), text)
        }
    }

    func testOrdering() throws {
        let a = try XCTUnwrap(Timestamp.parse("2026-11-20T10:00:00Z"))
        let b = try XCTUnwrap(Timestamp.parse("2026-11-20T10:00:00.000000001Z"))
        XCTAssertLessThan(a, b)
        XCTAssertEqual(a.secondsUntil(b), 1e-9, accuracy: 1e-12)
    }
}
