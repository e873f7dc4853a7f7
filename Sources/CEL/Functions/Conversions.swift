extension StandardLibrary {
    static func registerConversions(_ t: inout FunctionTable) {
        t.global("int", toInt)
        t.global("uint", toUint)
        t.global("double", toDouble)
        t.global("string", toStringValue)
        t.global("bool", toBool)
        t.global("bytes", toBytes)
        t.global("type") { .type($0.celType) }
        t.global("dyn") { $0 }
        t.global("timestamp", toTimestamp)
        t.global("duration", toDuration)
    }

    static func toInt(_ v: CELValue) -> CELValue {
        switch v {
        case .int: return v
        case .uint(let u):
            return u <= UInt64(Int64.max) ? .int(Int64(u)) : .error(.eval("int range error: \(u)"))
        case .double(let d):
            guard d.isFinite, d > -9223372036854775808.0, d < 9223372036854775808.0 else {
                return .error(.eval("int range error: \(d)"))
            }
            return .int(Int64(d.rounded(.towardZero)))
        case .string(let s):
            guard let i = Int64(s) else { return .error(.eval("cannot convert '\(s)' to int")) }
            return .int(i)
        case .timestamp(let ts): return .int(ts.seconds)
        case .duration(let d): return .int(d.nanoseconds)
        default: return .error(.noOverload("int", [v]))
        }
    }

    static func toUint(_ v: CELValue) -> CELValue {
        switch v {
        case .uint: return v
        case .int(let i):
            return i >= 0 ? .uint(UInt64(i)) : .error(.eval("uint range error: \(i)"))
        case .double(let d):
            guard d.isFinite, d > -1.0, d < 18446744073709551616.0 else {
                return .error(.eval("uint range error: \(d)"))
            }
            return .uint(UInt64(d.rounded(.towardZero)))
        case .string(let s):
            guard let u = UInt64(s) else { return .error(.eval("cannot convert '\(s)' to uint")) }
            return .uint(u)
        default: return .error(.noOverload("uint", [v]))
        }
    }

    static func toDouble(_ v: CELValue) -> CELValue {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            guard !s.isEmpty, let d = Double(s) else { return .error(.eval("cannot convert '\(s)' to double")) }
            return .double(d)
        default: return .error(.noOverload("double", [v]))
        }
    }

    static func toStringValue(_ v: CELValue) -> CELValue {
        switch v {
        case .string: return v
        case .bool(let b): return .string(b ? "true" : "false")
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(formatDoubleG(d))
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else {
                return .error(.eval("invalid UTF-8 in bytes, cannot convert to string"))
            }
            return .string(s)
        case .timestamp(let ts): return .string(ts.rfc3339)
        case .duration(let d): return .string(d.string)
        case .type(let ty): return .string(ty.name)
        case .null: return .string("null")
        default: return .error(.noOverload("string", [v]))
        }
    }

    static func toBool(_ v: CELValue) -> CELValue {
        switch v {
        case .bool: return v
        case .string(let s):
            switch s {
            case "1", "t", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "false", "FALSE", "False": return .bool(false)
            default: return .error(.eval("cannot convert '\(s)' to bool"))
            }
        default: return .error(.noOverload("bool", [v]))
        }
    }

    static func toBytes(_ v: CELValue) -> CELValue {
        switch v {
        case .bytes: return v
        case .string(let s): return .bytes(Array(s.utf8))
        default: return .error(.noOverload("bytes", [v]))
        }
    }

    static func toTimestamp(_ v: CELValue) -> CELValue {
        switch v {
        case .timestamp: return v
        case .string(let s):
            guard let ts = CELTimestamp(rfc3339: s) else { return .error(.eval("invalid timestamp '\(s)'")) }
            return .timestamp(ts)
        case .int(let i):
            guard let ts = CELTimestamp(seconds: i) else { return .error(.eval("timestamp out of range")) }
            return .timestamp(ts)
        default: return .error(.noOverload("timestamp", [v]))
        }
    }

    static func toDuration(_ v: CELValue) -> CELValue {
        switch v {
        case .duration: return v
        case .string(let s):
            guard let d = CELDuration(parsing: s) else { return .error(.eval("invalid duration '\(s)'")) }
            return .duration(d)
        case .int(let i): return .duration(CELDuration(nanoseconds: i))
        default: return .error(.noOverload("duration", [v]))
        }
    }
}
