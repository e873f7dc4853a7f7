/// A CEL runtime value.
///
/// Errors are values too (``error(_:)``): they propagate through strict
/// functions and are absorbed by `&&`, `||` and the comprehension macros as the
/// CEL specification describes.
public enum CELValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// A string; CEL measures and compares strings by Unicode code points.
    case string(String)
    case bytes([UInt8])
    case list(CELList)
    case map(CELMap)
    case timestamp(CELTimestamp)
    case duration(CELDuration)
    case type(CELType)
    /// A host object exposing fields (see ``CELObject``).
    case object(any CELObject)
    /// An evaluation error.
    case error(CELError)

    /// The runtime type of this value.
    public var celType: CELType {
        switch self {
        case .null: return .nullType
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list
        case .map: return .map
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .type: return .type
        case .object(let o): return CELType(o.celTypeName)
        case .error: return CELType("error")
        }
    }

    /// True when the value is an error.
    public var isError: Bool { if case .error = self { return true } else { return false } }

    // Convenience constructors.
    public static func list(_ values: [CELValue]) -> CELValue { .list(CELList(values)) }
    public static func map(_ entries: [(CELValue, CELValue)]) -> CELValue {
        switch CELMap.make(entries) {
        case .success(let m): return .map(m)
        case .failure(let e): return .error(e)
        }
    }
}

extension CELValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral
{
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: CELValue...) { self = .list(CELList(elements)) }
}

/// A CEL type value, e.g. `int`, `list`, `google.protobuf.Timestamp`, or the
/// type name of a host object.
public struct CELType: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public init(_ name: String) { self.name = name }
    public var description: String { name }

    public static let int = CELType("int")
    public static let uint = CELType("uint")
    public static let double = CELType("double")
    public static let bool = CELType("bool")
    public static let string = CELType("string")
    public static let bytes = CELType("bytes")
    public static let list = CELType("list")
    public static let map = CELType("map")
    public static let nullType = CELType("null_type")
    public static let type = CELType("type")
    public static let dyn = CELType("dyn")
    public static let timestamp = CELType("google.protobuf.Timestamp")
    public static let duration = CELType("google.protobuf.Duration")
}

/// A host object exposed to expressions without copying it into CEL values.
///
/// `field(_:)` is called for `obj.name`; return `nil` when the object has no
/// such field (then `has(obj.name)` is false and `obj.name` is a
/// "no such field" error). Equality between objects is identity.
public protocol CELObject: AnyObject, Sendable {
    /// The CEL type name, returned by `type(obj)`.
    var celTypeName: String { get }
    /// The value of field `name`, or nil when absent.
    func field(_ name: String) -> CELValue?
    /// The names of the fields, for iteration (`obj.all(f, ...)`) and output.
    var fieldNames: [String] { get }
    /// Whether `other` stands for the same thing (`==`). Identity by default;
    /// a host that makes its objects on demand (two reads of one list element
    /// give two objects) says when two of them are the same entity.
    func isSame(as other: any CELObject) -> Bool
}

extension CELObject {
    public var fieldNames: [String] { [] }
    public func isSame(as other: any CELObject) -> Bool { self === other }
}

/// A host-backed list: lets the host expose a large collection (e.g. 10,000
/// workflow steps) without building a `[CELValue]` per evaluation.
public protocol CELListProtocol: AnyObject, Sendable {
    var count: Int { get }
    /// Element `index`, with `0 <= index < count`.
    subscript(index: Int) -> CELValue { get }
}

/// A CEL list: either an array of values or a host-backed list.
public struct CELList: Sendable {
    enum Storage: Sendable {
        case array([CELValue])
        case host(any CELListProtocol)
    }
    let storage: Storage

    public init(_ values: [CELValue]) { storage = .array(values) }
    public init(host: any CELListProtocol) { storage = .host(host) }

    public var count: Int {
        switch storage {
        case .array(let a): return a.count
        case .host(let h): return h.count
        }
    }

    public subscript(index: Int) -> CELValue {
        switch storage {
        case .array(let a): return a[index]
        case .host(let h): return h[index]
        }
    }

    /// The elements as an array (copies host-backed lists).
    public var elements: [CELValue] {
        switch storage {
        case .array(let a): return a
        case .host(let h):
            var out: [CELValue] = []
            out.reserveCapacity(h.count)
            for i in 0..<h.count { out.append(h[i]) }
            return out
        }
    }
}
