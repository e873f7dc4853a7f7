/// Searches in ASCII text by its bytes. Foundation's `contains` and
/// `range(of:)` compare by characters and canonical equivalence through
/// `NSString` (some thousands of instructions a call on Linux), and the
/// standard `firstRange(of:)` on UTF-8 bytes resolved to Foundation's
/// `DataProtocol` one, which looks up protocol conformances at every call.
/// For ASCII text (no character of it combines, none has another form)
/// every such comparison is the bytes' comparison.
enum ASCIIText {
    /// Whether every byte of `s` is ASCII.
    static func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }

    /// Whether `needle` occurs in `haystack`, byte for byte (empty: true).
    static func contains(_ haystack: some Collection<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        var i = haystack.startIndex
        while i != haystack.endIndex {
            if haystack[i] == first {
                var h = i
                var matched = true
                for b in needle {
                    guard h != haystack.endIndex, haystack[h] == b else {
                        matched = false
                        break
                    }
                    haystack.formIndex(after: &h)
                }
                if matched { return true }
            }
            haystack.formIndex(after: &i)
        }
        return false
    }
}
