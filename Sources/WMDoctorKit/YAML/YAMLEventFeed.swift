import Foundation

/// Events handed from the thread that reads them (libyaml) to the thread
/// that composes them, in batches: the reading thread only parses, and the
/// composing (nodes, secret shapes, anchors) runs beside it.
///
/// The reading thread is what a large load waits for, so it does as little
/// as it can: the usual event (a scalar, the start or end of a mapping or a
/// list, without anchor or tag) goes in as a small record, its text as bytes
/// copied into the batch (``appendScalar(_:count:style:start:end:)``), and
/// the taking thread makes the `String` when it takes the event. Any other
/// event goes in whole (``append(_:)``).
///
/// One thread appends and closes; one other thread takes. Events are moved
/// out, never copied. Either side may stop: the taker on an error (``stop()``,
/// after which appends are refused), the appender by closing early (on its own
/// error), after which a taker in the middle of a value gets ``truncated``.
final class YAMLEventFeed: @unchecked Sendable {
    /// Events per hand-over, and hand-overs waiting at most (bounds the events held).
    static let batchSize = 4096
    static let maxQueued = 8
    /// Texts longer than this go in as whole events (a batch's bytes stay small).
    static let maxCopiedText = 1 << 16
    /// A batch's room for texts at first, and at most when its memory is reused.
    static let initialBytes = 1 << 16
    static let maxKeptBytes = 1 << 20

    /// One event as the reading thread leaves it: what it is, where, and
    /// where its text sits among the batch's bytes (or which whole event it is).
    private struct Record {
        var start: Mark
        var end: Mark
        /// The first byte of a scalar's text; the index of a whole event (``Kind/whole``).
        var text: UInt32
        var count: UInt32
        var kind: Kind
        var style: ScalarStyle
    }

    private enum Kind: UInt8 {
        case whole, mappingStart, mappingEnd, sequenceStart, sequenceEnd, scalar
    }

    /// The memory of one batch: its records, its texts' bytes, and its whole events.
    private struct Storage {
        var records: UnsafeMutablePointer<Record>
        var bytes: UnsafeMutablePointer<UInt8>
        var byteCapacity: Int
        var whole: [YAMLEvent] = []

        static func make() -> Storage {
            Storage(
                records: .allocate(capacity: YAMLEventFeed.batchSize), bytes: .allocate(capacity: YAMLEventFeed.initialBytes),
                byteCapacity: YAMLEventFeed.initialBytes)
        }

        func free() {
            records.deallocate()
            bytes.deallocate()
        }
    }

    private final class Batch {
        @exclusivity(unchecked) var storage: Storage
        let count: Int
        /// Records taken, set when the taker moves on: a batch read to the
        /// end gives its memory back for the next hand-overs.
        @exclusivity(unchecked) var cursor = 0
        /// False once its memory went back to the feed's spares (every event taken).
        var owned = true
        init(storage: Storage, count: Int) {
            self.storage = storage
            self.count = count
        }
        deinit {
            guard owned else { return }
            storage.free()
        }
    }

    private let condition = NSCondition()
    private var queue: [Batch] = []
    /// Memory of batches read to the end, for the next hand-overs (under
    /// `condition`). A batch's records are 112 KB: allocated and freed anew 3,000 times
    /// at 100 MB, each was pages mapped, faulted in and unmapped (``MemoryPolicy``).
    private var spare: [Storage] = []
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
        @exclusivity(unchecked) var filling = Storage.make()
        @exclusivity(unchecked) var filled = 0
        @exclusivity(unchecked) var bytesUsed = 0
        private let after = YAMLEventFeed.cacheLine

        deinit { filling.free() }
    }

    private final class Taking {
        private let before = YAMLEventFeed.cacheLine
        /// The batch being read (it owns the memory below), its records,
        /// bytes and whole events read through plain pointers: no retain and
        /// no exclusivity check per event.
        @exclusivity(unchecked) var reading: Batch?
        @exclusivity(unchecked) var records: UnsafeMutablePointer<Record>?
        @exclusivity(unchecked) var bytes: UnsafeMutablePointer<UInt8>?
        @exclusivity(unchecked) var cursor = 0
        @exclusivity(unchecked) var count = 0
        var truncated = false
        /// Texts the taker made lately, shared by repeats (``RecentTexts``).
        let texts = RecentTexts()
        private let after = YAMLEventFeed.cacheLine

        deinit { texts.free() }
    }

    deinit {
        for memory in spare { memory.free() }
    }

    /// Set when the taker asked for an event past the end of a closed feed.
    var truncated: Bool { taking.truncated }

    // MARK: the appending thread

    /// Appends one event whole; false once the taker has stopped (nothing more is wanted).
    func append(_ event: consuming YAMLEvent) -> Bool {
        let a = appending
        let index = UInt32(a.filling.whole.count)
        a.filling.whole.append(event)
        return add(Record(start: Mark(line: 0, column: 0), end: Mark(line: 0, column: 0), text: index, count: 0, kind: .whole, style: .plain))
    }

    /// Appends the start of a mapping (`sequence` false) or a list without anchor or tag.
    func appendStart(sequence: Bool, at start: Mark) -> Bool {
        add(Record(start: start, end: start, text: 0, count: 0, kind: sequence ? .sequenceStart : .mappingStart, style: .plain))
    }

    /// Appends the end of a mapping (`sequence` false) or a list.
    func appendEnd(sequence: Bool, at start: Mark) -> Bool {
        add(Record(start: start, end: start, text: 0, count: 0, kind: sequence ? .sequenceEnd : .mappingEnd, style: .plain))
    }

    /// Appends a scalar without anchor or tag, its `count` bytes of text
    /// copied (at most ``maxCopiedText``: a longer one is appended whole).
    func appendScalar(_ text: UnsafePointer<UInt8>?, count: Int, style: ScalarStyle, start: Mark, end: Mark) -> Bool {
        let a = appending
        if count > 0, let text {
            if a.bytesUsed + count > a.filling.byteCapacity { grow(a, toHold: a.bytesUsed + count) }
            (a.filling.bytes + a.bytesUsed).update(from: text, count: count)
        }
        let record = Record(start: start, end: end, text: UInt32(a.bytesUsed), count: UInt32(count), kind: .scalar, style: style)
        a.bytesUsed += count
        return add(record)
    }

    private func grow(_ a: Appending, toHold needed: Int) {
        var capacity = a.filling.byteCapacity
        while capacity < needed { capacity *= 2 }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bytes.update(from: a.filling.bytes, count: a.bytesUsed)
        a.filling.bytes.deallocate()
        a.filling.bytes = bytes
        a.filling.byteCapacity = capacity
    }

    @inline(__always) private func add(_ record: Record) -> Bool {
        let a = appending
        (a.filling.records + a.filled).initialize(to: record)
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
        let batch = Batch(storage: a.filling, count: a.filled)
        condition.lock()
        defer { condition.unlock() }
        a.filling = spare.popLast() ?? Storage.make()
        a.filled = 0
        a.bytesUsed = 0
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
        taking.records = nil
        taking.count = 0
        taking.cursor = 0
    }

    @inline(__always) private func take() -> YAMLEvent? {
        let t = taking
        if t.cursor < t.count, let records = t.records {
            let r = records[t.cursor]
            t.cursor += 1
            return event(r, t)
        }
        return refill()
    }

    /// The event of record `r` of the batch being read, made on this (the taking) thread.
    @inline(__always) private func event(_ r: Record, _ t: Taking) -> YAMLEvent {
        switch r.kind {
        case .scalar:
            let text = r.count == 0 ? "" : t.texts.text(t.bytes.unsafelyUnwrapped + Int(r.text), count: Int(r.count))
            return .scalar(YAMLScalar(text: text, style: r.style), anchor: nil, start: r.start, end: r.end)
        case .mappingStart: return .mappingStart(anchor: nil, tag: nil, start: r.start)
        case .mappingEnd: return .mappingEnd(r.start)
        case .sequenceStart: return .sequenceStart(anchor: nil, tag: nil, start: r.start)
        case .sequenceEnd: return .sequenceEnd(r.start)
        case .whole: return takeWhole(Int(r.text), t)
        }
    }

    /// A whole event, taken once: the batch's copy is let go (its texts with it).
    private func takeWhole(_ index: Int, _ t: Taking) -> YAMLEvent {
        var taken = YAMLEvent.streamEnd
        t.reading.map { swap(&taken, &$0.storage.whole[index]) }
        return taken
    }

    private func refill() -> YAMLEvent? {
        let t = taking
        let finished = t.reading
        finished?.cursor = t.cursor
        t.reading = nil
        t.records = nil
        t.count = 0
        t.cursor = 0
        condition.lock()
        if let finished, finished.cursor == finished.count, spare.count < Self.maxQueued {
            finished.owned = false
            finished.storage.whole = []
            // Bytes grown past a megabyte for long texts are not kept for the next batches.
            if finished.storage.byteCapacity > Self.maxKeptBytes {
                finished.storage.bytes.deallocate()
                finished.storage.bytes = .allocate(capacity: Self.initialBytes)
                finished.storage.byteCapacity = Self.initialBytes
            }
            spare.append(finished.storage)
        }
        while queue.isEmpty && !closed { condition.wait() }
        guard !queue.isEmpty else {
            condition.unlock()
            return nil
        }
        let batch = queue.removeFirst()
        condition.broadcast()
        condition.unlock()
        t.reading = batch
        t.records = batch.storage.records
        t.bytes = batch.storage.bytes
        t.count = batch.count
        t.cursor = 1
        return event(batch.storage.records[0], t)
    }
}
