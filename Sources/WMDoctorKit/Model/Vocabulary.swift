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
/// may show or compare them: two numbers are equal when their texts are.
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
        let n = count
        let chunk = Int(n >> Self.chunkBits)
        if chunks[chunk] == nil { chunks[chunk] = .allocate(capacity: 1 << Self.chunkBits) }
        (chunks[chunk].unsafelyUnwrapped + Int(n & Self.chunkMask)).initialize(to: text)
        numbers[text] = n
        count &+= 1
        return n
    }

    /// The text of `number` (given by ``number(_:)``).
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

    private init(raw: UInt32) { self.raw = raw }

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
/// Each slot holds its string, so equal words are the same text. Used by one
/// thread at a time.
final class VocabularyCache {
    private static let slots = 256
    // One thread's: not checked for overlapping access at run time.
    @exclusivity(unchecked) private var words = [(UInt64, UInt64)](repeating: (0, 0), count: slots)
    @exclusivity(unchecked) private var byWords = [(text: String, number: VocabularyText)](repeating: ("", .none), count: slots)
    @exclusivity(unchecked) private var byBytes = [(text: String, number: VocabularyText)](repeating: ("", .none), count: slots)

    /// The vocabulary's number of `text`.
    func text(_ text: String) -> VocabularyText {
        let w = text.keyWords
        let slot = Int(truncatingIfNeeded: (((w.0 &* 0x9E37_79B9_7F4A_7C15) ^ w.1) &* 0xBF58_476D_1CE4_E5B9) >> 56)
        if byWords[slot].number != .none && words[slot] == w { return byWords[slot].number }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        let other = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 56)
        let n: VocabularyText
        if byBytes[other].number != .none && byBytes[other].text == text {
            n = byBytes[other].number
        } else {
            n = VocabularyText(text)
            byBytes[other] = (text, n)
        }
        words[slot] = w
        byWords[slot] = (text, n)
        return n
    }

    /// `text`'s number, or none.
    func text(_ text: String?) -> VocabularyText { text.map { self.text($0) } ?? .none }
}
