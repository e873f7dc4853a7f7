import Dispatch
import Foundation

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

/// Maps a large array on all cores in contiguous ranges (a few per core),
/// keeping the order of `items`; small arrays are mapped in place.
func parallelMapChunked<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let pieces = min(items.count / 1024, cores * 4)
    guard pieces > 1 else { return items.map(transform) }
    let ranges = (0..<pieces).map { p in (items.count * p / pieces)..<(items.count * (p + 1) / pieces) }
    return parallelMap(ranges) { range in items[range].map(transform) }.flatMap { $0 }
}
