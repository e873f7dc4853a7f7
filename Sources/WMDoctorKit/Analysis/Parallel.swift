import Dispatch
import Foundation

/// The cores this process may use, read once: on Linux each
/// `activeProcessorCount` opens and parses the cgroup files (a cost the
/// fuzzer paid on every execution).
let processorCount = ProcessInfo.processInfo.activeProcessorCount

/// Results filled in from several threads, each slot written once under the lock.
private final class ParallelResults<R>: @unchecked Sendable {
    var values: [R?]
    let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
}

/// Maps `items` on all cores, keeping the order of `items`.
func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    guard items.count > 1 else { return items.map(transform) }
    let results = ParallelResults<R>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { i in
        let r = transform(items[i])
        results.lock.lock()
        results.values[i] = r
        results.lock.unlock()
    }
    return results.values.compactMap { $0 }
}

/// Contiguous ranges that split `0..<count` for `workers` threads: a few
/// ranges per worker (so uneven ones even out), none under `minimum` items;
/// one range for one worker.
func workRanges(_ count: Int, workers: Int, minimum: Int) -> [Range<Int>] {
    let pieces = workers <= 1 ? 1 : max(1, min(count / minimum, workers * 4))
    return (0..<pieces).map { p in (count * p / pieces)..<(count * (p + 1) / pieces) }
}

/// Maps the indices `0..<count` on all cores in contiguous ranges, in
/// order; few are mapped on this thread. By index, so that `transform` reads
/// each item in place (an array's element handed over is a copy, which
/// retains its every text and list).
func parallelMapChunked<R: Sendable>(count: Int, _ transform: @Sendable (Int) -> R) -> [R] {
    let ranges = workRanges(count, workers: processorCount, minimum: 1024)
    guard ranges.count > 1 else { return (0..<count).map(transform) }
    return parallelMap(ranges) { range in range.map(transform) }.flatMap { $0 }
}
