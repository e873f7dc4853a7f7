import Foundation

/// Events handed from the thread that reads them (libyaml) to the thread
/// that composes them, in batches: the reading thread only parses, and the
/// composing (nodes, secret shapes, anchors) runs beside it.
///
/// One thread appends and closes; one other thread takes. Events are moved
/// out, never copied. Either side may stop: the taker on an error (``stop()``,
/// after which appends are refused), the appender by closing early (on its own
/// error), after which a taker in the middle of a value gets ``truncated``.
final class YAMLEventFeed: @unchecked Sendable {
    /// Events per hand-over, and hand-overs waiting at most (bounds the events held).
    static let batchSize = 4096
    static let maxQueued = 8

    private final class Batch {
        let base: UnsafeMutablePointer<YAMLEvent>
        let count: Int
        var cursor = 0
        /// False once its memory went back to the feed's spares (every event taken).
        var owned = true
        init(base: UnsafeMutablePointer<YAMLEvent>, count: Int) {
            self.base = base
            self.count = count
        }
        deinit {
            guard owned else { return }
            (base + cursor).deinitialize(count: count - cursor)
            base.deallocate()
        }
    }

    private let condition = NSCondition()
    private var queue: [Batch] = []
    /// Memory of batches read to the end, for the next hand-overs (under
    /// `condition`). A batch is 320 KB: allocated and freed anew 3,000 times
    /// at 100 MB, each was pages mapped, faulted in and unmapped (``MemoryPolicy``).
    private var spare: [UnsafeMutablePointer<YAMLEvent>] = []
    private var closed = false
    private var stopped = false
    /// What each side changes on every event, apart: the appender's batch
    /// being filled and the taker's being read. Were they in one object (one
    /// cache line), each event written would take the line from the taker's
    /// core and each event read take it back: the two threads would wait on
    /// each other at every event.
    private let appending = Appending()
    private let taking = Taking()

    /// 64 bytes, to keep other objects' fields off a cache line.
    private typealias CacheLine = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private static let cacheLine: CacheLine = (0, 0, 0, 0, 0, 0, 0, 0)

    private final class Appending {
        // Padding on both sides: no other object's fields share a cache line with these.
        private let before = YAMLEventFeed.cacheLine
        @exclusivity(unchecked) var filling: UnsafeMutablePointer<YAMLEvent> = .allocate(capacity: YAMLEventFeed.batchSize)
        @exclusivity(unchecked) var filled = 0
        private let after = YAMLEventFeed.cacheLine

        deinit {
            filling.deinitialize(count: filled)
            filling.deallocate()
        }
    }

    private final class Taking {
        private let before = YAMLEventFeed.cacheLine
        @exclusivity(unchecked) var reading: Batch?
        var truncated = false
        private let after = YAMLEventFeed.cacheLine
    }

    deinit {
        for memory in spare { memory.deallocate() }
    }

    /// Set when the taker asked for an event past the end of a closed feed.
    var truncated: Bool { taking.truncated }

    // MARK: the appending thread

    /// Appends one event; false once the taker has stopped (nothing more is wanted).
    func append(_ event: consuming YAMLEvent) -> Bool {
        let a = appending
        (a.filling + a.filled).initialize(to: event)
        a.filled += 1
        return a.filled < Self.batchSize || handOver()
    }

    /// Hands over what is appended and says no more will come.
    func close() {
        _ = handOver()
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func handOver() -> Bool {
        let a = appending
        guard a.filled > 0 else { return true }
        let batch = Batch(base: a.filling, count: a.filled)
        condition.lock()
        defer { condition.unlock() }
        a.filling = spare.popLast() ?? .allocate(capacity: Self.batchSize)
        a.filled = 0
        while queue.count >= Self.maxQueued && !stopped { condition.wait() }
        if stopped { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    // MARK: the taking thread

    /// The first event of the next value, or nil when the feed is closed and
    /// every event taken (between two values: the list ended).
    func nextValue() -> YAMLEvent? { take() }

    /// The next event inside a value; a feed closed here was cut short by the
    /// appender's own error, which is the one to report.
    func next() throws(YAMLError) -> YAMLEvent {
        if let event = take() { return event }
        taking.truncated = true
        throw YAMLError("the list ended inside a value", at: Mark(line: 1, column: 1))
    }

    /// The next event inside a value, or nil where ``next()`` would fail;
    /// unlike it, leaves ``truncated`` as it is (for a taker that gathers a
    /// value's events ahead and hands them to one that calls ``next()``).
    func nextIfAny() -> YAMLEvent? { take() }

    /// Stops taking (after an error): the appender's next hand-over is refused.
    func stop() {
        condition.lock()
        stopped = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
        taking.reading = nil
    }

    @inline(__always) private func take() -> YAMLEvent? {
        if let batch = taking.reading, batch.cursor < batch.count {
            let event = (batch.base + batch.cursor).move()
            batch.cursor += 1
            return event
        }
        return refill()
    }

    private func refill() -> YAMLEvent? {
        let finished = taking.reading
        taking.reading = nil
        condition.lock()
        if let finished, finished.cursor == finished.count, spare.count < Self.maxQueued {
            finished.owned = false
            spare.append(finished.base)
        }
        while queue.isEmpty && !closed { condition.wait() }
        guard !queue.isEmpty else {
            condition.unlock()
            return nil
        }
        let batch = queue.removeFirst()
        condition.broadcast()
        condition.unlock()
        taking.reading = batch
        let event = batch.base.move()
        batch.cursor = 1
        return event
    }
}
