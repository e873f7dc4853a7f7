/// A CEL map with `int`, `uint`, `bool` or `string` keys. Immutable; keeps
/// insertion order for iteration. Numeric keys are compared on the number
/// line: `1`, `1u` and `1.0` find the same entry.
public final class CELMap: Sendable {
    /// Keys in insertion order (as written, e.g. `1u` stays a uint).
    public let keys: [CELValue]
    /// Values, parallel to `keys`.
    public let values: [CELValue]
    /// Each key's position, for maps of more than ``smallCount`` entries;
    /// a smaller map is searched in order (a host builds one such map per
    /// connection of an export: a hash table each was 2 KB of them).
    private let index: [MapKey: Int]?
    static let smallCount = 8

    private init(keys: [CELValue], values: [CELValue], index: [MapKey: Int]) {
        self.keys = keys
        self.values = values
        self.index = keys.count > Self.smallCount ? index : nil
    }

    /// The position of `key`, nil when absent.
    private func position(_ key: MapKey) -> Int? {
        if let index { return index[key] }
        for i in keys.indices where MapKey(constructing: keys[i]) == key { return i }
        return nil
    }

    /// The empty map.
    public static let empty = CELMap(keys: [], values: [], index: [:])

    /// Builds a map; fails on an unsupported key type or a repeated key.
    public static func make(_ entries: [(CELValue, CELValue)]) -> Result<CELMap, CELError> {
        var keys: [CELValue] = []
        var values: [CELValue] = []
        var index: [MapKey: Int] = [:]
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        for (k, v) in entries {
            if case .error(let e) = k { return .failure(e) }
            if case .error(let e) = v { return .failure(e) }
            guard let mk = MapKey(constructing: k) else {
                return .failure(.eval("unsupported map key type: \(k.celType.name)"))
            }
            if index[mk] != nil { return .failure(.eval("Failed with repeated key")) }
            index[mk] = keys.count
            keys.append(k)
            values.append(v)
        }
        return .success(CELMap(keys: keys, values: values, index: index))
    }

    /// Builds a map from string keys (convenience for hosts).
    public static func strings(_ dict: [String: CELValue]) -> CELMap {
        var keys: [CELValue] = []
        var values: [CELValue] = []
        var index: [MapKey: Int] = [:]
        keys.reserveCapacity(dict.count)
        values.reserveCapacity(dict.count)
        for k in dict.keys.sorted() {
            let mk = MapKey.string(UTF8Key(k))
            if index[mk] != nil { continue }
            index[mk] = keys.count
            keys.append(.string(k))
            values.append(dict[k] ?? .null)
        }
        return CELMap(keys: keys, values: values, index: index)
    }

    /// Keys a host gives many maps, in order: ``strings(_:values:)`` shares
    /// them instead of building them per map.
    public struct SharedKeys: Sendable {
        let keys: [CELValue]
        let index: [MapKey: Int]

        /// `names` sorted (as ``CELMap/strings(_:)`` orders them), each once.
        public init(_ names: [String]) {
            var keys: [CELValue] = []
            var index: [MapKey: Int] = [:]
            for name in Set(names).sorted() {
                index[.string(UTF8Key(name))] = keys.count
                keys.append(.string(name))
            }
            self.keys = keys
            self.index = index
        }

        /// The names in map order.
        public var names: [String] {
            keys.map { if case .string(let s) = $0 { return s } else { return "" } }
        }
    }

    /// A map of `keys` to `values` (one per key, in the keys' order): the same
    /// map as ``strings(_:)`` gives for those pairs.
    public static func strings(_ keys: SharedKeys, values: [CELValue]) -> CELMap {
        guard values.count == keys.keys.count else {
            // Not a value per key: the pairs there are, as `strings(_:)` takes them.
            return strings(Dictionary(zip(keys.names, values).map { ($0, $1) }, uniquingKeysWith: { a, _ in a }))
        }
        return CELMap(keys: keys.keys, values: values, index: keys.index)
    }

    public var count: Int { keys.count }

    /// Looks a key up (numeric keys on the number line); nil when absent or
    /// when the key cannot be a map key.
    public subscript(key: CELValue) -> CELValue? {
        guard let mk = MapKey(lookup: key), let i = position(mk) else { return nil }
        return values[i]
    }

    /// Looks a string key up.
    public subscript(string key: String) -> CELValue? {
        guard let i = position(.string(UTF8Key(key))) else { return nil }
        return values[i]
    }

    /// Whether the key's type is acceptable for lookup at all.
    static func isValidLookupKey(_ key: CELValue) -> Bool {
        switch key {
        case .int, .uint, .bool, .string, .double: return true
        default: return false
        }
    }
}

/// A String wrapper hashed and compared by UTF-8 bytes (code points), so that
/// canonically-equivalent but different strings stay different keys.
struct UTF8Key: Hashable, Sendable {
    let string: String
    init(_ s: String) { string = s }
    static func == (a: UTF8Key, b: UTF8Key) -> Bool { stringsEqual(a.string, b.string) }
    func hash(into hasher: inout Hasher) {
        var s = string
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

/// Normalized map key: ints and uints that fit Int64 share the `int` case.
enum MapKey: Hashable, Sendable {
    case int(Int64)
    case bigUint(UInt64)
    case bool(Bool)
    case string(UTF8Key)

    init?(constructing v: CELValue) {
        switch v {
        case .int(let i): self = .int(i)
        case .uint(let u): self = u <= UInt64(Int64.max) ? .int(Int64(u)) : .bigUint(u)
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(UTF8Key(s))
        default: return nil
        }
    }

    init?(lookup v: CELValue) {
        if case .double(let d) = v {
            guard d.isFinite, d == d.rounded(.towardZero) else { return nil }
            if d >= -9223372036854775808.0 && d < 9223372036854775808.0 {
                self = .int(Int64(d))
            } else if d >= 0 && d < 18446744073709551616.0 {
                self = .bigUint(UInt64(d))
            } else {
                return nil
            }
            return
        }
        self.init(constructing: v)
    }
}

/// Code-point (UTF-8 byte) equality of two strings; Swift's `==` uses
/// canonical equivalence, which CEL does not.
@inline(__always)
func stringsEqual(_ a: String, _ b: String) -> Bool {
    let au = a.utf8, bu = b.utf8
    guard au.count == bu.count else { return false }
    // The bytes compared in place (native strings, small ones included), not a byte at a time through the view.
    let inPlace = au.withContiguousStorageIfAvailable { ab in
        bu.withContiguousStorageIfAvailable { bb in ab.elementsEqual(bb) }
    }
    if let inPlace, let same = inPlace { return same }
    return au.elementsEqual(bu)
}

/// Code-point (UTF-8 byte) ordering of two strings.
func stringsCompare(_ a: String, _ b: String) -> Int {
    var ai = a.utf8.makeIterator(), bi = b.utf8.makeIterator()
    while true {
        switch (ai.next(), bi.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
        }
    }
}
