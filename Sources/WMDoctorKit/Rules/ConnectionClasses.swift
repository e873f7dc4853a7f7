import CEL

/// Which connections a list-of-connections field holds (`binding.possible`,
/// `binding.candidates`), told without making or holding the list: how
/// many, and the first three (more are not told).
struct ConnectionIndices: Sendable {
    let count: Int
    let first: (Int32, Int32, Int32)

    /// One connection, or none (nil): a determined binding's `possible`.
    init(one index: Int?) {
        if let index, let i = Int32(exactly: index) {
            (count, first) = (1, (i, -1, -1))
        } else {
            (count, first) = (index == nil ? 0 : 4, (-1, -1, -1))  // an index past 32 bits: not told
        }
    }

    /// The connections of `list` (an index past 32 bits among the first three: not told).
    init(_ list: [Int]) {
        func at(_ k: Int) -> Int32? { k < list.count ? Int32(exactly: list[k]) : -1 }
        guard let a = at(0), let b = at(1), let c = at(2) else {
            (count, first) = (4, (-1, -1, -1))
            return
        }
        (count, first) = (list.count, (a, b, c))
    }
}

/// The values of a connection a rule reads when it reads a list of
/// connections only through some paths of each (``CEL/CELElementReads``):
/// connections equal on every path are in one class, and two lists whose
/// connections are of the same classes, in order, give the rule the same
/// answer. `binding.possible.filter(c, c.environment != workflow.environment)`
/// is keyed by the possible connections' environments, not by the
/// connections: a few values instead of one per connection.
struct ConnectionProjection: Sendable, Hashable {
    /// CEL field paths (`["auth", "scopes"]`), sorted.
    let paths: [[String]]

    init(_ paths: some Sequence<[String]>) {
        self.paths = Set(paths).sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// `app, auth.scopes`; `their count` when no path is read (the memo's part names).
    var description: String { paths.isEmpty ? "their count" : paths.map { $0.joined(separator: ".") }.joined(separator: ", ") }

    /// Each connection's class: equal for two connections only when every
    /// path reads equal values (the same kind, the same bytes; absent and
    /// null told apart). A connection with a value that cannot be compared
    /// that way (an object, a map) is a class of its own.
    func classes(of connections: [ConnectionObject]) -> [UInt32] {
        var ids: [[UInt8]: UInt32] = [:]
        var next: UInt32 = 0
        var out: [UInt32] = []
        out.reserveCapacity(connections.count)
        var bytes: [UInt8] = []
        for c in connections {
            bytes.removeAll(keepingCapacity: true)
            var comparable = true
            for path in paths where comparable { comparable = Self.encode(path, of: c, into: &bytes) }
            if comparable, let id = ids[bytes] {
                out.append(id)
                continue
            }
            if comparable { ids[bytes] = next }
            out.append(next)
            next += 1
        }
        return out
    }

    /// The value at `path` of `c`, as bytes: where the path stops (a field
    /// absent, a value that has no fields) and the value it reaches.
    private static func encode(_ path: [String], of c: ConnectionObject, into out: inout [UInt8]) -> Bool {
        var value = CELValue.object(c)
        for (depth, name) in path.enumerated() {
            let next: CELValue?
            switch value {
            case .object(let o): next = o.field(name)
            case .map(let m): next = m[string: name]
            default:
                // Selecting on a value without fields: an error, the same for the same value.
                out.append(0xF0)
                out.append(UInt8(truncatingIfNeeded: depth))
                return encode(value, into: &out)
            }
            guard let next else {
                out.append(0xF1)
                out.append(UInt8(truncatingIfNeeded: depth))
                return true
            }
            value = next
        }
        out.append(0xF2)
        return encode(value, into: &out)
    }

    /// A plain value as bytes: a kind, then its content (lists element by element).
    private static func encode(_ v: CELValue, into out: inout [UInt8]) -> Bool {
        func word(_ w: UInt64) { withUnsafeBytes(of: w.littleEndian) { out.append(contentsOf: $0) } }
        switch v {
        case .null: out.append(1)
        case .bool(let b):
            out.append(2)
            out.append(b ? 1 : 0)
        case .int(let n):
            out.append(3)
            word(UInt64(bitPattern: n))
        case .uint(let u):
            out.append(4)
            word(u)
        case .double(let d):
            out.append(5)
            word(d.bitPattern)
        case .string(let s):
            out.append(6)
            word(UInt64(s.utf8.count))
            out.append(contentsOf: s.utf8)
        case .timestamp(let t):
            out.append(7)
            word(UInt64(bitPattern: t.seconds))
            word(UInt64(UInt32(bitPattern: t.nanos)))
        case .duration(let d):
            out.append(8)
            word(UInt64(bitPattern: d.nanoseconds))
        case .list(let list):
            out.append(9)
            word(UInt64(list.count))
            for i in 0..<list.count { guard encode(list[i], into: &out) else { return false } }
        default:
            return false
        }
        return true
    }

    /// The key of a list of connections by their classes, in the layout of
    /// ``HostFieldKey/indices(_:)`` (its count, then up to three classes;
    /// ``HostFieldKey/short(_:_:_:_:)``); nil for a longer list (the rule
    /// is evaluated), or an index without a class. Connection `i`'s class
    /// is at `rows[i * stride + column]`: the classes of several
    /// projections of one list side by side, one place in memory per
    /// connection for all of them.
    @inline(__always)
    static func words(
        _ held: ConnectionIndices, rows: UnsafePointer<UInt32>?, count: Int, stride: Int, column: Int
    ) -> HostFieldKey.Words? {
        func cls(_ i: Int32) -> UInt64? {
            guard let rows, i >= 0, Int(i) < count else { return nil }
            return UInt64(rows[Int(i) &* stride &+ column])
        }
        switch held.count {
        case 0: return HostFieldKey.short(0)
        case 1:
            guard let a = cls(held.first.0) else { return nil }
            return HostFieldKey.short(1, a)
        case 2:
            guard let a = cls(held.first.0), let b = cls(held.first.1) else { return nil }
            return HostFieldKey.short(2, a, b)
        case 3:
            guard let a = cls(held.first.0), let b = cls(held.first.1), let c = cls(held.first.2) else { return nil }
            return HostFieldKey.short(3, a, b, c)
        default: return nil
        }
    }
}
