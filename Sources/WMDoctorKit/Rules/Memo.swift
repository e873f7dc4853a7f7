import Foundation

/// Answers worked out once per key and then shared by every thread that
/// evaluates rules. The work runs outside the lock, so two threads asking for
/// a new key at the same moment may both work it out (the same answer); the
/// first one kept is the one every later call gets.
final class Memo<Key: Hashable, Value>: @unchecked Sendable {
    private var answers: [Key: Value] = [:]
    private let lock = NSLock()

    func value(for key: Key, _ compute: () -> Value) -> Value {
        lock.lock()
        if let known = answers[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let value = compute()
        lock.lock()
        defer { lock.unlock() }
        if let first = answers[key] { return first }
        answers[key] = value
        return value
    }

    /// As ``value(for:_:)``, the work done under the lock: a thread asking
    /// for a key being worked out waits for it instead of doing it again
    /// (for work that is long and asked by every thread at once).
    func valueOnce(for key: Key, _ compute: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let known = answers[key] { return known }
        let value = compute()
        answers[key] = value
        return value
    }
}
