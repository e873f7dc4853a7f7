import XCTest

@testable import WMDoctorKit

/// The states a scope's ranges take in turn: reused while the scope runs, let go once it is done.
final class StatePoolTests: XCTestCase {
    private final class State {}

    func testStatesAreReusedThenLetGoAfterTheLastUse() {
        let pool = StatePool<State>(uses: 2)
        weak var made: State?
        do {
            let first = pool.take { State() }
            made = first
            pool.give(first)
            let second = pool.take { State() }
            XCTAssertTrue(first === second, "a state given back is taken again")
            pool.give(second)
        }
        XCTAssertNil(made, "after its last use the pool holds no state")
    }

    func testAPoolWithoutACountKeepsItsStates() {
        let pool = StatePool<State>()
        weak var made: State?
        do {
            let first = pool.take { State() }
            made = first
            pool.give(first)
            pool.give(pool.take { State() })
        }
        XCTAssertNotNil(made, "kept for the next range")
    }
}
