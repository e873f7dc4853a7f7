import CEL

/// Where a host field's value is written in the export, for a rule's `at:` path.
enum FieldPlace<Object> {
    /// Not a place in the export (computed, or from the catalog).
    case none
    /// The field's own value; the path ends here.
    case value(@Sendable (Object) -> SourceLocation?)
    /// A map whose entries are located: `workflow.expect` or `workflow.expect.gmail`.
    case keyed(@Sendable (Object, String?) -> SourceLocation?)
    /// A value of another host type: the path may go on in its fields.
    case nested(type: String, @Sendable (Object, ArraySlice<String>) -> SourceLocation?)
}

/// One field of a host type as rules see it: its name, CEL type, how it is
/// read from the model, where it is written (for `at:`) and what it means.
struct HostField<Object>: Sendable {
    let name: String
    let type: CELStaticType
    let doc: String
    let read: @Sendable (Object) -> CELValue
    let place: FieldPlace<Object>
    /// `read` for rules: made here, where `Object` is the concrete type, so
    /// that it calls `read` as written (no conversion thunks, a class cast).
    let reader: CELFieldReader
    /// For a list or map field: its value's identity as a memo key (``WhenMemo``).
    private(set) var key: HostFieldKey?

    /// `key`, for a field whose values are lists or maps: two words that
    /// are equal for two objects of one workspace only when the field's
    /// values are equal (nil: this value is not keyed, the rule is evaluated).
    init(
        _ name: String, _ type: CELStaticType, _ doc: String, at place: FieldPlace<Object> = .none,
        key: (@Sendable (Object) -> HostFieldKey.Words?)? = nil,
        _ read: @escaping @Sendable (Object) -> CELValue
    ) {
        self.name = name
        self.type = type
        self.doc = doc
        self.read = read
        self.place = place
        reader = CELFieldReader { o in (o as? Object).map(read) }
        self.key = key.map { key in HostFieldKey { o in (o as? Object).flatMap(key) } }
    }

    /// A list of connections, keyed by which it holds (`key`: its indices,
    /// ``HostFieldKey/indices(_:)``) or, for a rule that reads only some
    /// values of them, by their classes (``ConnectionProjection``):
    /// `connections` tells which it holds (without making the list) and
    /// `all` the workspace's connections they index.
    init(
        _ name: String, _ type: CELStaticType, _ doc: String,
        key: @escaping @Sendable (Object) -> HostFieldKey.Words?,
        connections: @escaping @Sendable (Object) -> ConnectionIndices,
        all: @escaping @Sendable (Object) -> [ConnectionObject],
        _ read: @escaping @Sendable (Object) -> CELValue
    ) {
        self.init(name, type, doc, key: key, read)
        self.key = HostFieldKey(
            { o in (o as? Object).flatMap(key) },
            held: { o in (o as? Object).map(connections) }, all: { o in (o as? Object).map(all) })
    }
}

/// A list or map field's value told by two words instead of compared
/// element by element: what lets a step rule that reads one be remembered
/// (``WhenMemo``). Equal words mean equal values, within one workspace.
final class HostFieldKey: Sendable {
    typealias Words = (UInt64, UInt64)
    let words: @Sendable (any CELObject) -> Words?
    /// For a list of connections: which it holds (nil: another field).
    let held: (@Sendable (any CELObject) -> ConnectionIndices?)?
    /// For a list of connections: the workspace's connections its indices are of.
    let all: (@Sendable (any CELObject) -> [ConnectionObject]?)?

    init(
        _ words: @escaping @Sendable (any CELObject) -> Words?, held: (@Sendable (any CELObject) -> ConnectionIndices?)? = nil,
        all: (@Sendable (any CELObject) -> [ConnectionObject]?)? = nil
    ) {
        self.words = words
        self.held = held
        self.all = all
    }

    /// Whether the field is a list of connections (``held``).
    var isConnections: Bool { held != nil }

    /// The key of the list of connection `i` alone, or of none (as ``indices(_:)``, without making the list).
    static func index(_ i: Int?) -> Words? {
        guard let i else { return short(0) }
        return i >= 0 && i <= Int(UInt32.max) ? short(1, UInt64(i)) : nil
    }

    /// The key of a list of connections by index: up to three indices are
    /// the key themselves; a longer list is its count and its storage's
    /// address (the same storage holds the same indices). So `list` must be
    /// an array kept while the rules run (a binding's own `candidates` or
    /// `tied`), never one made for the call: freed, its address could come
    /// back holding other indices.
    static func indices(_ list: [Int]) -> Words? {
        guard list.count <= 3 else {
            return list.withUnsafeBufferPointer { b in b.baseAddress.map { (UInt64(list.count), UInt64(UInt(bitPattern: $0))) } }
        }
        // An index fits in 32 bits (it always does: a workspace is far smaller).
        for i in list where i < 0 || i > Int(UInt32.max) { return nil }
        func at(_ k: Int) -> UInt64 { k < list.count ? UInt64(list[k]) : 0 }
        return short(list.count, at(0), at(1), at(2))
    }

    /// A list of at most three values of 32 bits (indices, or classes:
    /// ``ConnectionProjection``) as a key: its count and the first value,
    /// then the second and the third.
    static func short(_ count: Int, _ a: UInt64 = 0, _ b: UInt64 = 0, _ c: UInt64 = 0) -> Words {
        (UInt64(count) | a << 32, b | c << 32)
    }
}

extension FieldPlace: @unchecked Sendable {}

/// What the checker, the `at:` check and the documentation need of a host
/// type, without the type of its model.
struct HostTypeInfo: Sendable {
    struct Field: Sendable {
        let name: String
        let type: CELStaticType
        let doc: String
        enum Place: Sendable, Equatable { case none, value, keyed, nested(String) }
        let place: Place
        /// How a list or map value is keyed for the memo (nil: it is not).
        var key: HostFieldKey? = nil
    }
    let name: String
    let doc: String
    let fields: [Field]
    /// Whether a value of this type is itself a place (a path may end on it).
    let locatable: Bool
    let celType: CELObjectType
}

/// A host type: the fields rules see on one kind of model value (`Object`:
/// a host object such as ``ConnectionObject``, or a model value shown to
/// rules as a map, such as ``Account``). The one declaration of these fields:
/// the checker's declarations, the field reader, `at:` and docs/RULES.md
/// come from it.
final class HostType<Object>: Sendable {
    let name: String
    let doc: String
    let fields: [HostField<Object>]
    private let index: [String: Int]
    /// Where a value of this type is written, when it is a place.
    private let whole: (@Sendable (Object) -> SourceLocation?)?
    /// Whether its values are host objects (``CELObject``s, read by the fields' readers)
    /// rather than model values shown to rules as maps.
    private let isObject: Bool
    /// The field names as the keys of ``map(_:)``'s maps (shared by all of
    /// them: a map per connection), and the field read for each key.
    private let mapKeys: CELMap.SharedKeys
    private let mapFields: [Int]

    init(
        _ name: String, _ doc: String, object isObject: Bool = false,
        at whole: (@Sendable (Object) -> SourceLocation?)? = nil, _ fields: [HostField<Object>]
    ) {
        self.name = name
        self.doc = doc
        self.fields = fields
        self.whole = whole
        self.isObject = isObject
        let index = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.index = index
        mapKeys = CELMap.SharedKeys(fields.map(\.name))
        mapFields = mapKeys.names.map { index[$0] ?? 0 }
    }

    /// The field `name` of `object`, nil when this type has no such field.
    func value(_ object: Object, _ name: String) -> CELValue? {
        index[name].map { fields[$0].read(object) }
    }

    var fieldNames: [String] { fields.map(\.name) }

    /// The value as a CEL map of its fields (for model values that are not host objects).
    func map(_ object: Object) -> CELValue {
        .map(CELMap.strings(mapKeys, values: mapFields.map { fields[$0].read(object) }))
    }

    /// Where `path` (field names after a value of this type) is written, nil when absent from the export.
    func location(_ object: Object, _ path: ArraySlice<String>) -> SourceLocation? {
        guard let first = path.first else { return whole?(object) }
        guard let i = index[first] else { return nil }
        let rest = path.dropFirst()
        switch fields[i].place {
        case .none: return nil
        case .value(let f): return rest.isEmpty ? f(object) : nil
        case .keyed(let f): return rest.count <= 1 ? f(object, rest.first) : nil
        case .nested(_, let f): return f(object, rest)
        }
    }

    /// A field place that goes on in this type: `get` gives the nested value.
    func nested<Parent>(_ get: @escaping @Sendable (Parent) -> Object?) -> FieldPlace<Parent> {
        .nested(type: name, { [self] parent, rest in get(parent).flatMap { self.location($0, rest) } })
    }

    var info: HostTypeInfo {
        let readers = isObject ? Dictionary(fields.map { ($0.name, $0.reader) }, uniquingKeysWith: { a, _ in a }) : [:]
        return HostTypeInfo(
            name: name, doc: doc,
            fields: fields.map { f in
                let place: HostTypeInfo.Field.Place
                switch f.place {
                case .none: place = .none
                case .value: place = .value
                case .keyed: place = .keyed
                case .nested(let t, _): place = .nested(t)
                }
                return HostTypeInfo.Field(name: f.name, type: f.type, doc: f.doc, place: place, key: f.key)
            },
            locatable: whole != nil,
            celType: CELObjectType(name, fields: fields.map { ($0.name, $0.type) }, readers: readers))
    }
}
