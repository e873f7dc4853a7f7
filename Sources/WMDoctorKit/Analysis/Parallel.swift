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
