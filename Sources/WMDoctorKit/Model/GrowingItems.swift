/// Items appended one at a time, then taken as an array of their size,
/// moved and never copied.
///
/// An array grown by appending keeps up to as much room again as it holds,
/// and making one of the right size from it copied every item: a retain for
/// each text and list of each of the 172,343 workflows of the dense 100 MB
/// benchmark export, then a release for each when the grown array was freed,
/// 0.06 s on the loading thread. Here the items are moved when the room
/// grows and when they are taken (BENCHMARKS.md, session 17).
final class GrowingItems<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func append(_ item: consuming Element) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: item)
        count += 1
    }

    /// Every item, in order, moved into an array of their size; none are
    /// left, and the room they grew into goes back at once.
    func take() -> [Element] {
        let n = count
        let items = [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            if let to = buffer.baseAddress { to.moveInitialize(from: base, count: n) }
            initialized = n
        }
        count = 0
        base.deallocate()
        capacity = 16
        base = .allocate(capacity: capacity)
        return items
    }
}
