extension Array {
    /// The same elements in a buffer of their size. An array grown by
    /// appending keeps up to as much room again as it holds: 13 MB of the
    /// 172,343 workflows of the dense 100 MB benchmark export. Kept as is when
    /// the room left is under an eighth of the count (the copy is not worth it).
    func exactSize() -> [Element] {
        guard capacity - count > count / 8 else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: self)
        }
    }
}
