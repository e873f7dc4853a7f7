import CEL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WhenMemo {
    /// Puts `value` at `slot` (initialized), holding what it refers to.
    /// Most parts are keys, which refer to nothing: null over null touches
    /// no count.
    @inline(__always) static func hold(_ value: CELValue, at slot: UnsafeMutablePointer<CELValue>) {
        if case .null = value, case .null = slot.pointee { return }
        slot.pointee = value
    }

    /// Entities on which every rule of a scope is false, remembered by all
    /// their parts (``Parts``): for an entity with the very same parts as one
    /// of them, one look-up answers every rule, where each rule's keyer
    /// (``Keyer``) is otherwise looked up (at a million steps most look-ups
    /// of the keyers' tables miss the caches). Most steps are false for every
    /// rule, and steps repeat: the dense 100 MB export has 861,525 steps and
    /// 46,307 distinct keys of every part.
    ///
    /// Only for a scope whose every rule is keyed by parts among these (each
    /// has a ``Keyer``): another entity with the same parts gives each rule
    /// the same answer. A remembered key holds what it refers to (the strings
    /// and objects of ``Parts/values``), so an address in a key is never
    /// reused while remembered. A table of ``slots`` keys, each key in one
    /// slot (the last one put there stays): a fixed size, whatever the
    /// export, zeroed pages from the system, resident where keys are put
    /// (920 bytes a slot for the 19 parts of the built-in step rules). Used
    /// by one evaluation state (one thread at a time).
    final class EntityMemo {
        /// Keys kept at most. Dense 100 MB, one thread: 63% of the steps
        /// answered (2,048: 67%, 4,096: 72%, at 0.9 and 2.8 MB more per state).
        static let slots = 1024

        private let parts: Parts
        /// Words per slot: whether it holds a key, then the parts' three words each (tag, a, b).
        private let width: Int
        private let words: UnsafeMutablePointer<UInt64>
        /// Per slot: the values the key refers to (``Parts/values``),
        /// initialized when a key is first put in the slot.
        private let held: UnsafeMutablePointer<CELValue>
        /// The slot of the entity last looked up (-1: its parts cannot be keyed).
        private var slot = -1

        /// Nil when the memory cannot be had (the keyers alone then answer).
        init?(_ parts: Parts) {
            let width = 1 + 3 * parts.count
            let values = max(1, Self.slots * parts.count)
            guard let words = calloc(Self.slots * width, MemoryLayout<UInt64>.stride) else { return nil }
            guard let held = calloc(values, MemoryLayout<CELValue>.stride) else {
                free(words)
                return nil
            }
            self.parts = parts
            self.width = width
            self.words = words.bindMemory(to: UInt64.self, capacity: Self.slots * width)
            self.held = held.bindMemory(to: CELValue.self, capacity: values)
        }

        deinit {
            for s in 0..<Self.slots where words[s * width] != 0 {
                (held + s * parts.count).deinitialize(count: parts.count)
            }
            free(words)
            free(held)
        }

        /// Whether every rule is false for an entity with the parts last
        /// filled (false: not remembered, or the parts cannot be keyed).
        func isKnownFalse() -> Bool {
            let filled = parts.parts
            let n = parts.count
            var h: UInt64 = 0x243F_6A88_85A3_08D3
            for i in 0..<n {
                guard filled[i].tag != 0 else {
                    slot = -1
                    return false
                }
                h = filled[i].fold(h)
            }
            h ^= h >> 29
            slot = Int(truncatingIfNeeded: h) & (Self.slots - 1)
            let row = words + slot * width
            guard row[0] != 0 else { return false }
            for i in 0..<n {
                let w = row + 1 + 3 * i
                guard w[0] == filled[i].tag, w[1] == filled[i].a, w[2] == filled[i].b else { return false }
            }
            return true
        }

        /// Remembers that every rule is false for the parts last looked up
        /// (``isKnownFalse()``), in place of the key their slot held.
        func rememberFalse() {
            guard slot >= 0 else { return }
            let filled = parts.parts
            let row = words + slot * width
            let values = held + slot * parts.count
            if row[0] == 0 { values.initialize(repeating: .null, count: parts.count) }
            row[0] = 1
            for i in 0..<parts.count {
                let w = row + 1 + 3 * i
                (w[0], w[1], w[2]) = (filled[i].tag, filled[i].a, filled[i].b)
                WhenMemo.hold(parts.values[i], at: values + i)
            }
        }
    }
}
