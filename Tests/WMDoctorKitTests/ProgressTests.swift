import Foundation
import XCTest

@testable import WMDoctorKit

/// Progress is reported to an observer in order (reading each file, checking,
/// done), and the CLI prints none of it when standard error is not a terminal.
final class ProgressTests: XCTestCase {
    private final class Collected: @unchecked Sendable {
        let lock = NSLock()
        var steps: [AnalysisProgress] = []
    }

    func testObserverSeesEveryFileThenCheckingThenDone() {
        let collected = Collected()
        var options = AnalysisOptions(now: testNow)
        options.progress = { p in
            collected.lock.lock()
            collected.steps.append(p)
            collected.lock.unlock()
        }
        let samples = Repo.root.appendingPathComponent("Samples/healthy").path
        _ = Analyzer(options: options).analyze(paths: [samples])
        let steps = collected.steps
        XCTAssertEqual(steps.first?.phase, .reading)
        XCTAssertEqual(steps.first?.filesDone, 0)
        XCTAssertEqual(steps.map(\.phase).suffix(2), [.checking, .done])
        let reads = steps.filter { $0.phase == .reading }
        XCTAssertEqual(reads.last?.filesDone, 3)
        XCTAssertEqual(reads.last?.filesTotal, 3)
        XCTAssertEqual(reads.last?.bytesDone, reads.last?.bytesTotal)
        XCTAssertGreaterThan(reads.last?.bytesTotal ?? 0, 1000)
    }
}
