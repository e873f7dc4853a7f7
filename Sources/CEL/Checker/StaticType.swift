/// The type of an expression as the checker sees it before evaluation.
///
/// `nullable(T)` is a `T` that may be `null` (an absent export field); it
/// behaves as `T` in every operation and may be compared with `null`. `dyn`
/// is any type: the checker accepts it everywhere and the value is checked at
/// run time. `param` appears only in function signatures (`list(A)`).
public indirect enum CELStaticType: Hashable, Sendable, CustomStringConvertible {
    case dyn, null, bool, int, uint, double, string, bytes, timestamp, duration, type
    case list(CELStaticType)
    case map(CELStaticType, CELStaticType)
    /// A host type declared with ``CELEnvironment/declareObjectType(_:)`` (`wm.Connection`).
    case object(String)
    case nullable(CELStaticType)
    /// A type parameter of a signature.
    case param(String)

    /// The type without its `null` (`string` for `string?`).
    public var nonNull: CELStaticType {
        if case .nullable(let t) = self { return t.nonNull }
        return self
    }

    /// `T?`: this type or null (a nullable or dyn type stays as it is).
    public var orNull: CELStaticType {
        switch self {
        case .nullable, .dyn, .null: return self
        default: return .nullable(self)
        }
    }

    public var description: String {
        switch self {
        case .dyn: return "dyn"
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .timestamp: return "timestamp"
        case .duration: return "duration"
        case .type: return "type"
        case .list(let e): return "list(\(e))"
        case .map(let k, let v): return "map(\(k), \(v))"
        case .object(let n): return n
        case .nullable(let t): return "\(t)?"
        case .param(let n): return n
        }
    }

    static let primitives: [String: CELStaticType] = [
        "dyn": .dyn, "bool": .bool, "int": .int, "uint": .uint, "double": .double, "string": .string,
        "bytes": .bytes, "timestamp": .timestamp, "duration": .duration,
    ]

    /// The names ``init(parsing:)`` accepts besides `list(T)` and `map(K, V)`.
    public static var primitiveNames: [String] { primitives.keys.sorted() }

    /// Reads a type as rule params declare it: `int`, `string`, `duration`,
    /// `list(string)`, `map(string, list(int))`, a trailing `?` for nullable.
    /// Nil when `text` is not such a type.
    public init?(parsing text: String) {
        var p = TypeTextParser(Array(text.unicodeScalars))
        guard let t = p.type(), p.atEnd else { return nil }
        self = t
    }

    /// Whether a value of type `value` can be used where `expected` is
    /// (the checker's rule for arguments: `dyn` fits anything, `T?` fits `T`).
    public static func fits(_ value: CELStaticType, _ expected: CELStaticType, _ bindings: inout [String: CELStaticType]) -> Bool {
        Checker.unify(expected, value, &bindings)
    }

    /// Whether a value has this type: what a configuration may set a param of this type to.
    public func admits(_ v: CELValue) -> Bool {
        switch (self, v) {
        case (.dyn, _): return true
        case (.nullable, .null), (.null, .null): return true
        case (.nullable(let t), _): return t.admits(v)
        case (.bool, .bool), (.int, .int), (.uint, .uint), (.double, .double), (.string, .string),
            (.bytes, .bytes), (.timestamp, .timestamp), (.duration, .duration), (.type, .type):
            return true
        case (.double, .int): return true
        case (.list(let e), .list(let l)): return (0..<l.count).allSatisfy { e.admits(l[$0]) }
        case (.map(let k, let t), .map(let m)):
            return zip(m.keys, m.values).allSatisfy { k.admits($0.0) && t.admits($0.1) }
        default: return false
        }
    }
}

/// A recursive-descent reader of type text (`map(string, list(int))`).
private struct TypeTextParser {
    let s: [Unicode.Scalar]
    var i = 0
    init(_ s: [Unicode.Scalar]) { self.s = s }

    var atEnd: Bool {
        var j = i
        while j < s.count, s[j] == " " { j += 1 }
        return j == s.count
    }

    mutating func skip() { while i < s.count, s[i] == " " { i += 1 } }

    mutating func accept(_ c: Unicode.Scalar) -> Bool {
        skip()
        guard i < s.count, s[i] == c else { return false }
        i += 1
        return true
    }

    mutating func word() -> String {
        skip()
        var w = ""
        while i < s.count, s[i].properties.isAlphabetic || s[i] == "_" || s[i] == "." || ("0"..."9").contains(s[i]) {
            w.unicodeScalars.append(s[i])
            i += 1
        }
        return w
    }

    mutating func type() -> CELStaticType? {
        let w = word()
        var t: CELStaticType
        switch w {
        case "list":
            guard accept("("), let e = type(), accept(")") else { return nil }
            t = .list(e)
        case "map":
            guard accept("("), let k = type(), accept(","), let v = type(), accept(")") else { return nil }
            t = .map(k, v)
        default:
            guard let p = CELStaticType.primitives[w] else { return nil }
            t = p
        }
        if accept("?") { t = t.orNull }
        return t
    }
}

/// One overload of a function as the checker sees it: parameter types
/// (the receiver first for a receiver-style call) and the result.
public struct CELSignature: Sendable, Hashable {
    public var parameters: [CELStaticType]
    public var result: CELStaticType
    public init(_ parameters: [CELStaticType], _ result: CELStaticType) {
        self.parameters = parameters
        self.result = result
    }
}

/// How one field of a host type is read from its objects: nil for an object
/// it does not know (the field is then looked up by name). A class, so that
/// the closure is stored and called as it was written (a closure kept in a
/// dictionary or a tuple is called through conversion thunks).
public final class CELFieldReader: Sendable {
    public let read: @Sendable (any CELObject) -> CELValue?
    public init(_ read: @escaping @Sendable (any CELObject) -> CELValue?) { self.read = read }
}

/// A host type's declaration for the checker: its fields and their types,
/// and, for host objects, how to read each field (resolved when an
/// expression is compiled instead of looked up by name on each evaluation).
public struct CELObjectType: Sendable {
    public let name: String
    /// Field names in declaration order, with their types.
    public let fields: [(name: String, type: CELStaticType)]
    let types: [String: CELStaticType]
    /// Readers by field name; a reader returns nil for an object it does not
    /// know (the field is then looked up by name).
    let readers: [String: CELFieldReader]

    /// The reader of field `name` (nil: none declared; the field is then looked up by name).
    public func reader(_ name: String) -> CELFieldReader? { readers[name] }

    public init(
        _ name: String, fields: [(name: String, type: CELStaticType)],
        readers: [String: CELFieldReader] = [:]
    ) {
        self.name = name
        self.fields = fields
        self.readers = readers
        types = Dictionary(fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
    }
}
