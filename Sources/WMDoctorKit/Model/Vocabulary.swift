import Foundation

/// The texts that a million steps repeat from a small vocabulary (app keys,
/// actions, trigger events, the connection a step names), each held once and
/// named by a 4-byte number: a step keeps three numbers instead of three
/// 16-byte strings, and every step of one app shares one string.
///
/// Numbers are given under a lock, on first sight of a text. A text is read
/// back without one: it is written, with the chunk that holds it, before its
/// number is returned, and a number only reaches another thread inside a
/// model handed over through a queue or a lock, which orders the reads after
/// the writes. Stored texts are never changed or freed. Numbers depend on the
/// order texts were first seen (threads, files), so nothing outside the model
/// may show or compare them: two numbers given by ``number(_:)`` are equal
/// exactly when their texts are (``append(_:)``'s are only read back).
/// There is room for 2^32 - 1 texts: at 16 bytes a text and more in the
/// input, far beyond what memory and `--max-total-size` admit.
final class Vocabulary: @unchecked Sendable {
    static let shared = Vocabulary()

    /// Texts per chunk, and chunks at most (2^32 texts: every `UInt32`).
    private static let chunkBits = 16
    private static let chunkCount = 1 << (32 - chunkBits)
    private static let chunkMask = UInt32((1 << chunkBits) - 1)

    private let lock = NSLock()
    private var numbers: [String: UInt32] = [:]
    private var count: UInt32 = 0
    /// The chunks, each `1 << chunkBits` texts; a chunk is allocated when its first text is given.
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<String>?>

    private init() {
        chunks = .allocate(capacity: Self.chunkCount)
        chunks.initialize(repeating: nil, count: Self.chunkCount)
    }

    /// The number of `text`, given on first sight.
    func number(_ text: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let n = numbers[text] { return n }
        let n = store(text)
        numbers[text] = n
        return n
    }

    /// A new number for `text`, not looked up and not found by it: for a
    /// text that is only read back, never compared (``StoredText``). A text
    /// seen once each time (an export whose step ids are unique across its
    /// workflows) then takes 16 bytes here and no place in `numbers`, which
    /// took about 30 more and made such an export load 0.5 to 1 s slower at
    /// 120 MB. Two numbers given so may hold the same text.
    func append(_ text: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        return store(text)
    }

    /// Keeps `text` under the next number (the lock held).
    private func store(_ text: String) -> UInt32 {
        let n = count
        let chunk = Int(n >> Self.chunkBits)
        if chunks[chunk] == nil { chunks[chunk] = .allocate(capacity: 1 << Self.chunkBits) }
        (chunks[chunk].unsafelyUnwrapped + Int(n & Self.chunkMask)).initialize(to: text)
        count &+= 1
        return n
    }

    /// The text of `number` (given by ``number(_:)`` or ``append(_:)``).
    func text(_ number: UInt32) -> String {
        // Every number was given with its chunk; a chunk never given reads as no text.
        guard let chunk = chunks[Int(number >> Self.chunkBits)] else { return "" }
        return chunk[Int(number & Self.chunkMask)]
    }
}

/// A text of the ``Vocabulary``, or none, in 4 bytes.
struct VocabularyText: Sendable, Hashable {
    private let raw: UInt32

    static let none = VocabularyText(raw: .max)

    fileprivate init(raw: UInt32) { self.raw = raw }

    init(_ text: String) { raw = Vocabulary.shared.number(text) }

    init(_ text: String?) { self = text.map { VocabularyText($0) } ?? .none }

    /// `text`'s number, through a loader's cache when there is one.
    init(_ text: String?, cache: VocabularyCache?) { self = cache?.text(text) ?? VocabularyText(text) }

    var text: String? { raw == .max ? nil : Vocabulary.shared.text(raw) }

    /// The text's number (none: the largest), equal exactly when the texts are.
    var number: UInt32 { raw }

    /// Two words that are equal exactly when the texts are (none: zeros), for
    /// keys: comparing numbers reads no string, so threads keying millions of
    /// steps do not all count references on the one string they share.
    var words: (UInt64, UInt64) { raw == .max ? (0, 0) : (1 | UInt64(raw) << 32, 0) }
}

/// One loader's memory of the texts it numbered, in front of the shared
/// ``Vocabulary``, so that a text met again (most steps' app, action and
/// connection) is numbered without the lock or a full hash. A text is looked
/// for first by its `String`'s words (``Swift/String/keyWords``: a text of up
/// to 15 bytes is its words), then by a short hash of its bytes and a
/// comparison (a longer text read again is a new string with other words).
/// Each slot holds its string, so equal words are the same text. Step ids
/// have slots of their own, so that they do not push the other texts out.
/// Used by one thread at a time.
final class VocabularyCache {
    // One thread's: not checked for overlapping access at run time.
    @exclusivity(unchecked) private var texts = CacheSlots()
    @exclusivity(unchecked) private var ids = CacheSlots()

    /// The vocabulary's number of `text`.
    func text(_ text: String) -> VocabularyText {
        VocabularyText(raw: texts.number(of: text) { Vocabulary.shared.number($0) })
    }

    /// `text`'s number, or none.
    func text(_ text: String?) -> VocabularyText { text.map { self.text($0) } ?? .none }

    /// `text` kept to be read back (a step's id): under the number this cache
    /// gave it lately, else under a new one (``Vocabulary/append(_:)``).
    func stored(_ text: String) -> StoredText {
        StoredText(raw: ids.number(of: text) { Vocabulary.shared.append($0) })
    }
}

/// A cache's slots: by a text's words, and by a short hash of its bytes.
private struct CacheSlots {
    private static let count = 256
    /// Marks an empty slot (no text has it: it is ``VocabularyText/none``'s).
    private static let empty = UInt32.max
    private var words = [(UInt64, UInt64)](repeating: (0, 0), count: count)
    private var byWords = [(text: String, number: UInt32)](repeating: ("", empty), count: count)
    private var byBytes = [(text: String, number: UInt32)](repeating: ("", empty), count: count)

    /// The number of `text` in these slots, else `miss`'s, then kept.
    mutating func number(of text: String, miss: (String) -> UInt32) -> UInt32 {
        let w = text.keyWords
        let slot = Int(truncatingIfNeeded: (((w.0 &* 0x9E37_79B9_7F4A_7C15) ^ w.1) &* 0xBF58_476D_1CE4_E5B9) >> 56)
        if byWords[slot].number != Self.empty && words[slot] == w { return byWords[slot].number }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        let other = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 56)
        let n: UInt32
        if byBytes[other].number != Self.empty && byBytes[other].text == text {
            n = byBytes[other].number
        } else {
            n = miss(text)
            byBytes[other] = (text, n)
        }
        words[slot] = w
        byWords[slot] = (text, n)
        return n
    }
}

/// A text of the ``Vocabulary`` kept only to be read back, in 4 bytes: a
/// step's id, which is unique in its workflow only, so that ids the
/// workflows repeat (the spec's `notify`) are held once, and an id seen
/// once costs 4 bytes more than a `String` did (its 16 in the vocabulary).
/// Two may hold the same text under different numbers
/// (``Vocabulary/append(_:)``), so it is neither compared nor hashed: only
/// its ``text`` is.
struct StoredText: Sendable {
    private let raw: UInt32

    fileprivate init(raw: UInt32) { self.raw = raw }

    /// `text` through a loader's cache, or numbered by the vocabulary itself.
    init(_ text: String, cache: VocabularyCache?) {
        self = cache?.stored(text) ?? StoredText(raw: Vocabulary.shared.number(text))
    }

    var text: String { Vocabulary.shared.text(raw) }

    /// Where the text is kept (tests: whether a text was kept once or again).
    var number: UInt32 { raw }
}
