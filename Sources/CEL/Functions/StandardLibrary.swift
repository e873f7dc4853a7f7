/// Builder for the function table.
struct FunctionTable {
    var map: [FunctionKey: FunctionImpl] = [:]

    mutating func global(_ name: String, sized: Bool = false, _ f: @escaping @Sendable (CELValue) -> CELValue) {
        map[FunctionKey(name: name, receiver: false, arity: 1)] = FunctionImpl(body: .unary(f), sized: sized)
    }
    mutating func global(_ name: String, sized: Bool = false, _ f: @escaping @Sendable (CELValue, CELValue) -> CELValue) {
        map[FunctionKey(name: name, receiver: false, arity: 2)] = FunctionImpl(body: .binary(f), sized: sized)
    }
    mutating func global(_ name: String, arity: Int, sized: Bool = false, _ f: @escaping @Sendable ([CELValue]) -> CELValue) {
        map[FunctionKey(name: name, receiver: false, arity: arity)] = FunctionImpl(body: .variadic(f), sized: sized)
    }
    /// Receiver-style with no argument besides the receiver.
    mutating func member(_ name: String, sized: Bool = false, _ f: @escaping @Sendable (CELValue) -> CELValue) {
        map[FunctionKey(name: name, receiver: true, arity: 1)] = FunctionImpl(body: .unary(f), sized: sized)
    }
    /// Receiver-style with one argument.
    mutating func member(_ name: String, sized: Bool = false, _ f: @escaping @Sendable (CELValue, CELValue) -> CELValue) {
        map[FunctionKey(name: name, receiver: true, arity: 2)] = FunctionImpl(body: .binary(f), sized: sized)
    }
    /// Receiver-style; `arity` counts the receiver.
    mutating func member(_ name: String, arity: Int, sized: Bool = false, _ f: @escaping @Sendable ([CELValue]) -> CELValue) {
        map[FunctionKey(name: name, receiver: true, arity: arity)] = FunctionImpl(body: .variadic(f), sized: sized)
    }
    /// Both `name(x)` and `x.name()`.
    mutating func both(_ name: String, sized: Bool = false, _ f: @escaping @Sendable (CELValue) -> CELValue) {
        global(name, sized: sized, f)
        member(name, sized: sized, f)
    }
}

/// The standard CEL functions plus the supported extensions (strings, lists,
/// sets, `cel.bind` is a macro).
enum StandardLibrary {
    static let functions: [FunctionKey: FunctionImpl] = {
        var t = FunctionTable()
        registerOperators(&t)
        registerConversions(&t)
        registerStrings(&t)
        registerTime(&t)
        registerLists(&t)
        return t.map
    }()

    static func registerOperators(_ t: inout FunctionTable) {
        t.global("_+_", sized: true, Ops.add)
        t.global("_-_", Ops.subtract)
        t.global("_*_", Ops.multiply)
        t.global("_/_", Ops.divide)
        t.global("_%_", Ops.modulo)
        t.global("-_", Ops.negate)
        t.global("!_", Ops.not)
        t.global("_==_", Ops.equals)
        t.global("_!=_", Ops.notEquals)
        t.global("_<_", Ops.less)
        t.global("_<=_", Ops.lessEq)
        t.global("_>_", Ops.greater)
        t.global("_>=_", Ops.greaterEq)
        t.global("@in", sized: true, Ops.contains(_:inside:))
        t.global("_[_]", Ops.index)
        t.both("size") { v in
            switch v {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .bytes(let b): return .int(Int64(b.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: return .error(.noOverload("size", [v]))
            }
        }
    }
}
