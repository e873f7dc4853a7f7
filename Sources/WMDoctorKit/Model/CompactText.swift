/// A text that a large export has once per item and that is rarely read (a
/// workflow's name), kept as its UTF-8 bytes in a chunk shared with other
/// texts (``TextArena``) instead of a `String` of its own: a name longer
/// than 15 bytes is a heap block of its own as a `String` (80 bytes for
/// "Synthetic workflow 12345"), and its bytes alone here. Takes 16 bytes,
/// as a `String` does; ``string`` makes the `String` when read.
struct CompactText: Sendable, Hashable {
    /// The chunk that holds the bytes, or a long text whole (``Whole``); nil: empty.
    private let storage: (any AnyObject & Sendable)?
    private let offset: UInt32
    private let count: UInt32

    fileprivate init(chunk: TextChunk, offset: UInt32, count: UInt32) {
        storage = chunk
        self.offset = offset
        self.count = count
    }

    fileprivate init(whole text: String) {
        storage = text.isEmpty ? nil : Whole(text)
        (offset, count) = (0, 0)
    }

    /// `text` as it is (no arena at hand).
    init(_ text: String) { self.init(whole: text) }

    var string: String {
        if let chunk = storage as? TextChunk {
            return String(decoding: UnsafeBufferPointer(start: chunk.base + Int(offset), count: Int(count)), as: UTF8.self)
        }
        return (storage as? Whole)?.text ?? ""
    }

    /// Equal when the texts are (wherever their bytes are kept).
    static func == (a: CompactText, b: CompactText) -> Bool { a.string == b.string }
    func hash(into hasher: inout Hasher) { hasher.combine(string) }

    /// A text too long for a chunk, kept as it is.
    private final class Whole: Sendable {
        let text: String
        init(_ text: String) { self.text = text }
    }
}

/// Bytes of texts, written once each and never changed. A chunk's bytes are
/// written by its arena's thread before the texts that refer to them are
/// handed to another thread (through the loader's queue, which orders the
/// reads after the writes); later writes go to other bytes.
final class TextChunk: FillingChunk, @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    fileprivate(set) var used = 0

    init(capacity: Int) {
        base = .allocate(capacity: max(1, capacity))
        self.capacity = capacity
    }

    deinit { base.deallocate() }
}

/// Where one loader stores its ``CompactText``s: chunks of 64 KiB filled in
/// turn (a text longer than a quarter of that is kept as a `String`). A
/// chunk is freed with the last text that refers to it. Used by one thread
/// at a time.
final class TextArena {
    private static let chunkSize = 64 * 1024
    private var current: TextChunk?

    func store(_ text: String) -> CompactText {
        let n = text.utf8.count
        // Empty, or longer than a quarter chunk: kept as it is.
        guard n > 0, n <= Self.chunkSize / 4 else { return CompactText(whole: text) }
        let chunk = TextChunk.room(for: n, in: &current, chunkSize: Self.chunkSize)
        let at = chunk.used
        var copy = text
        copy.withUTF8 { bytes in
            if let from = bytes.baseAddress { (chunk.base + at).update(from: from, count: bytes.count) }
        }
        chunk.used += n
        return CompactText(chunk: chunk, offset: UInt32(at), count: UInt32(n))
    }
}

/// A chunk an arena fills in turn (``TextArena``, ``StepArena``).
protocol FillingChunk: AnyObject {
    var capacity: Int { get }
    var used: Int { get }
    init(capacity: Int)
}

extension FillingChunk {
    /// The arena's current chunk when `n` more fit in it; else a new chunk
    /// of `chunkSize`, which becomes the current one.
    static func room(for n: Int, in current: inout Self?, chunkSize: Int) -> Self {
        if let c = current, c.capacity - c.used >= n { return c }
        let fresh = Self(capacity: chunkSize)
        current = fresh
        return fresh
    }
}
