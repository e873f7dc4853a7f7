import CEL

extension WhenMemo {
    /// The parts (``Parts``) that a step's or trigger's binding decides, the
    /// fields of `binding` read and the `connection` it picked, kept by the
    /// binding's place among the workspace's distinct bindings
    /// (``BindingObject/place``): steps share few distinct bindings (one per
    /// connection named by id, per app and name, per app's implicit pick),
    /// and reading those parts again for each step (the projected lists of
    /// connections above all) was a third of reading all its parts.
    ///
    /// A binding's object holds only its binding and the workspace's
    /// connections, so two objects with the same place, in one evaluation
    /// state (one workspace, one scope), read the same. The connection is
    /// checked as well, by identity: a slot answers only for the same
    /// binding and the same connection. A table of ``slots`` places, each in
    /// one slot (the last one put there stays), holding the values its
    /// parts refer to. Used by one evaluation state (one thread at a time).
    final class BindingPartsMemo {
        /// Places kept at most.
        static let slots = 512

        /// The parts kept, as indices into the ``Parts``.
        private let members: UnsafeMutablePointer<Int>
        private let count: Int
        /// Per slot: the place + 1 (0: empty), and the connection's identity.
        private let places: UnsafeMutablePointer<Int>
        private let connections: UnsafeMutablePointer<ObjectIdentifier?>
        /// Per slot: the connection and the parts' values, held; the parts' words.
        private let held: UnsafeMutablePointer<CELValue>
        private let saved: UnsafeMutablePointer<Part>

        /// The memo of parts `members` (nil: none).
        init?(members: [Int]) {
            guard !members.isEmpty else { return nil }
            count = members.count
            self.members = .allocate(capacity: count)
            self.members.initialize(from: members, count: count)
            places = .allocate(capacity: Self.slots)
            places.initialize(repeating: 0, count: Self.slots)
            connections = .allocate(capacity: Self.slots)
            connections.initialize(repeating: nil, count: Self.slots)
            held = .allocate(capacity: Self.slots * (count + 1))
            held.initialize(repeating: .null, count: Self.slots * (count + 1))
            saved = .allocate(capacity: Self.slots * count)
            saved.initialize(repeating: Part(), count: Self.slots * count)
        }

        deinit {
            members.deallocate()
            places.deallocate()
            connections.deallocate()
            held.deinitialize(count: Self.slots * (count + 1))
            held.deallocate()
            saved.deallocate()
        }

        /// The connection's identity: nil for null, and nothing (no memo) for anything else.
        private static func identity(_ connection: CELValue) -> ObjectIdentifier?? {
            switch connection {
            case .object(let o): return .some(ObjectIdentifier(o))
            case .null: return .some(nil)
            default: return nil
            }
        }

        /// Copies the parts kept for `place` with `connection` into
        /// `parts` and `values`; false when they are not kept (nothing copied).
        func copy(place: Int, connection: CELValue, into parts: UnsafeMutablePointer<Part>, _ values: UnsafeMutablePointer<CELValue>) -> Bool {
            guard place >= 0, let id = Self.identity(connection) else { return false }
            let slot = place & (Self.slots - 1)
            guard places[slot] == place + 1, connections[slot] == id else { return false }
            let from = saved + slot * count
            let heldValues = held + slot * (count + 1) + 1
            for k in 0..<count {
                let i = members[k]
                parts[i] = from[k]
                WhenMemo.hold(heldValues[k], at: values + i)
            }
            return true
        }

        /// Keeps the parts just read for `place` with `connection`, in place
        /// of what their slot kept.
        func keep(place: Int, connection: CELValue, from parts: UnsafeMutablePointer<Part>, _ values: UnsafeMutablePointer<CELValue>) {
            guard place >= 0, let id = Self.identity(connection) else { return }
            let slot = place & (Self.slots - 1)
            places[slot] = place + 1
            connections[slot] = id
            let row = held + slot * (count + 1)
            row[0] = connection
            let to = saved + slot * count
            for k in 0..<count {
                let i = members[k]
                to[k] = parts[i]
                WhenMemo.hold(values[i], at: row + 1 + k)
            }
        }
    }
}
