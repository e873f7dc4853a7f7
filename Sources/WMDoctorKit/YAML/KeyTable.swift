/// A fixed set of keys matched without hashing: by UTF-8 length first (a
/// machine word compare), then by bytes only where the length agrees. The
/// keys of the export format are short and mostly differ in length, so a
/// lookup is a compare or two where a `Set` would hash the whole key.
struct KeyTable: Sendable {
    let keys: [String]
    /// Indices of `keys` by UTF-8 length (longer keys are in the last slot).
    private let byLength: [[Int]]
    private static let lengths = 24

    init(_ keys: [String]) {
        self.keys = keys
        var byLength = [[Int]](repeating: [], count: Self.lengths + 1)
        for (i, k) in keys.enumerated() { byLength[min(k.utf8.count, Self.lengths)].append(i) }
        self.byLength = byLength
    }

    /// Position of `key` in `keys`, nil when absent.
    func index(of key: String) -> Int? {
        for i in byLength[min(key.utf8.count, Self.lengths)] where keys[i] == key { return i }
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
