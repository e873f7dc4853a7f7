extension String {
    /// The two words of this `String` value, as a key part: equal words are
    /// equal texts (a text of up to 15 bytes is held in the value itself; a
    /// longer one is the address of its storage, which whoever keys by it
    /// must keep alive while the key is remembered).
    var keyWords: (UInt64, UInt64) {
        withUnsafeBytes(of: self) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
    }
}
