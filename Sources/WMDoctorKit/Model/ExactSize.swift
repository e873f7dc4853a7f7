extension Array {
    /// The same elements in a buffer of their size, copied. An array grown
    /// by appending keeps up to as much room again as it holds: 13 MB for the
    /// 172,343 workflows of the dense 100 MB benchmark export (which the
    /// loader now moves into one of their size instead, ``GrowingItems``).
    /// Kept as is when the room left is under an eighth of the count (the
    /// copy is not worth it).
    func exactSize() -> [Element] {
        guard capacity - count > count / 8 else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}

extension String {
    /// The same text in storage of its size. A string built by appending
    /// (a finding's message) keeps the room it grew into, up to as much again
    /// as it holds: 5.3 MB of the messages at the peak of the wide 100 MB
    /// benchmark export. A text of up to 15 bytes is held inline, as is.
    func exactSize() -> String {
        let n = utf8.count
        guard n > 15 else { return self }
        var copy = self
        return copy.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: n) { buffer in
                _ = buffer.initialize(fromContentsOf: bytes)
                return bytes.count
            }
        }
    }
}
