/// A fixed set of keys matched without hashing: by UTF-8 length first (a
/// machine word compare), then by the `String`'s two words, and by text only
/// when no words agree. The keys of the export format are short and mostly
/// differ in length, so a lookup is a compare or two where a `Set` would
/// hash the whole key.
struct KeyTable: Sendable {
    let keys: [String]
    /// Each key's `String` words (``Swift/String/keyWords``), by position.
    private let words: [(UInt64, UInt64)]
    /// Positions of `keys` by UTF-8 length (longer keys with the last
    /// length): those of length `n` are `order[starts[n]..<starts[n + 1]]`.
    private let order: [Int]
    private let starts: [Int]
    private static let lengths = 24

    init(_ keys: [String]) {
        self.keys = keys
        words = keys.map(\.keyWords)
        let length = { (key: String) in min(key.utf8.count, Self.lengths) }
        order = keys.indices.sorted { (length(keys[$0]), $0) < (length(keys[$1]), $1) }
        starts = (0...Self.lengths + 1).map { n in keys.lazy.filter { length($0) < n }.count }
    }

    /// Position of `key` in `keys`, nil when absent: among the keys of its
    /// length, first by their words (equal words are equal texts, and a key
    /// read from an export has the words of the same key written in the
    /// source), then by text.
    func index(of key: String) -> Int? {
        let n = min(key.utf8.count, Self.lengths)
        let w = key.keyWords
        for j in starts[n]..<starts[n + 1] where words[order[j]] == w { return order[j] }
        for j in starts[n]..<starts[n + 1] where keys[order[j]] == key { return order[j] }
        return nil
    }

    func contains(_ key: String) -> Bool { index(of: key) != nil }

    /// `a == b`, comparing lengths before bytes.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool { a.utf8.count == b.utf8.count && a == b }

    /// Position of `key` in `keys` by a length-first scan (for key lists made
    /// on the spot, too few to be worth a table). First by the two words of
    /// each `String` (``Swift/String/keyWords``): equal words are equal texts,
    /// and a key of up to 15 bytes read from an export has the words of the
    /// same key written in the source, so an allowed key is found without
    /// comparing texts; any other is then compared as text.
    static func index(of key: String, in keys: [String]) -> Int? {
        let (a, b) = key.keyWords
        for i in keys.indices {
            let (ka, kb) = keys[i].keyWords
            if ka == a && kb == b { return i }
        }
        return keys.firstIndex { same($0, key) }
    }
}
