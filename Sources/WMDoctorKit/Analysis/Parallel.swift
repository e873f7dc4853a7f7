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

/// Contiguous ranges that split `0..<count` for `workers` threads, in
/// order, each a part of what is left (large first, then smaller), none under
/// `minimum` items (bar a lone range); one range for one worker.
///
/// A thread takes the next range when it finishes one, so the last range
/// runs alone while the other threads wait. Eight equal ranges (four per
/// worker) left one core running the rules of steps alone for their last
/// eighth, 0.5 s at dense 100 MB; 64 equal ones kept the rules' findings in
/// many small arrays whose memory the allocator keeps, 6 MB more at the
/// peak. Ranges that shrink end on small ones and keep most findings in a few
/// large arrays, which go back to the system when joined (BENCHMARKS.md, session 17).
func workRanges(_ count: Int, workers: Int, minimum: Int) -> [Range<Int>] {
    guard workers > 1 else { return [0..<count] }
    let minimum = max(minimum, 1)
    var ranges: [Range<Int>] = []
    var start = 0
    while start < count {
        // A quarter of what is left with two workers: the first ranges are
        // large, the last ones `minimum` items.
        var end = start + max(minimum, (count - start) / (2 * workers))
        if count - end < minimum { end = count }
        ranges.append(start..<end)
        start = end
    }
    return ranges.isEmpty ? [0..<0] : ranges
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
