import XCTest

@testable import WMDoctorKit

/// How work is split for the cores: every item once, in order, and ranges
/// that shrink, so the thread that takes the last one runs alone briefly.
final class WorkRangesTests: XCTestCase {
    func testRangesCoverEveryItemInOrderAndNoneIsUnderTheMinimum() {
        for (count, minimum) in [(0, 128), (1, 128), (255, 128), (256, 128), (1024, 256), (5_000, 128), (172_343, 128), (1_000_000, 1024), (7, 1)] {
            let ranges = workRanges(count, workers: 2, minimum: minimum)
            XCTAssertEqual(ranges.first?.lowerBound, 0, "\(count)")
            XCTAssertEqual(ranges.last?.upperBound, count, "\(count)")
            for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound, "\(count): contiguous") }
            if ranges.count > 1 {
                for r in ranges { XCTAssertGreaterThanOrEqual(r.count, minimum, "\(count): \(r)") }
            }
        }
        XCTAssertEqual(workRanges(5_000, workers: 1, minimum: 128), [0..<5_000], "one worker: one range")
        XCTAssertEqual(workRanges(1024, workers: 2, minimum: 256).map(\.count), [256, 256, 256, 256])
    }

    /// The last ranges are small (what one core runs alone at the end), the first large.
    func testRangesShrinkToTheMinimum() {
        let ranges = workRanges(172_343, workers: 2, minimum: 128)
        XCTAssertEqual(ranges.first?.count, 172_343 / 4)
        XCTAssertLessThan(ranges.last?.count ?? .max, 2 * 128)
        XCTAssertLessThan(ranges.count, 40, "a few dozen ranges: each is joined")
        for (a, b) in zip(ranges, ranges.dropFirst().dropLast()) { XCTAssertGreaterThanOrEqual(a.count, b.count) }
    }
}
