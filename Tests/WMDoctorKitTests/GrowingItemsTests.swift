import XCTest

@testable import WMDoctorKit

/// Items moved, never copied: each item is freed exactly once, wherever it ends.
final class GrowingItemsTests: XCTestCase {
    /// Counts the instances alive.
    private final class Tracked {
        nonisolated(unsafe) static var alive = 0
        let n: Int
        init(_ n: Int) {
            self.n = n
            Tracked.alive += 1
        }
        deinit { Tracked.alive -= 1 }
    }

    func testItemsAreTakenInOrderAtTheirSizeAndFreedOnce() {
        Tracked.alive = 0
        do {
            let items = GrowingItems<Tracked>()
            for i in 0..<1_000 { items.append(Tracked(i)) }
            XCTAssertEqual(items.count, 1_000)
            let taken = items.take()
            XCTAssertEqual(taken.map(\.n), Array(0..<1_000))
            XCTAssertLessThan(taken.capacity, 1_010, "an array of their size (past the allocator's rounding), not the 1,024 grown into")
            XCTAssertEqual(items.count, 0)
            XCTAssertTrue(items.take().isEmpty, "none are left")
            XCTAssertEqual(Tracked.alive, 1_000)
        }
        XCTAssertEqual(Tracked.alive, 0, "each freed once the taken array goes")
    }

    func testItemsNotTakenAreFreedWithTheirHolder() {
        Tracked.alive = 0
        do {
            let items = GrowingItems<Tracked>()
            for i in 0..<37 { items.append(Tracked(i)) }
            XCTAssertEqual(Tracked.alive, 37)
        }
        XCTAssertEqual(Tracked.alive, 0)
    }
}
