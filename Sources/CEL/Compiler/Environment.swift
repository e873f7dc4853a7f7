/// The implementation of one function overload set, chosen at compile time by
/// name, call style and arity. Implementations dispatch on runtime types
/// themselves and return an error value (e.g. no matching overload) when the
/// types do not fit.
struct FunctionImpl: Sendable {
    enum Body: Sendable {
        case unary(@Sendable (CELValue) -> CELValue)
        case binary(@Sendable (CELValue, CELValue) -> CELValue)
        case variadic(@Sendable ([CELValue]) -> CELValue)
    }
    let body: Body
    /// Charge a cost proportional to argument sizes.
    let sized: Bool

    var asVariadic: @Sendable ([CELValue]) -> CELValue {
        switch body {
        case .unary(let f): return { f($0[0]) }
        case .binary(let f): return { f($0[0], $0[1]) }
        case .variadic(let f): return f
        }
    }
}

struct FunctionKey: Hashable, Sendable {
    let name: String
    let receiver: Bool
    /// Number of arguments, including the receiver.
    let arity: Int
}

/// Declarations available to expressions: variables, functions and options.
///
/// ```swift
/// var env = CELEnvironment()
/// env.declare("conn")
/// env.registerFunction("lacks", receiverStyle: true, arity: 1) { args in ... }
/// let program = try CELProgram(compiling: "conn.lacks('chat:write')", environment: env)
/// ```
public struct CELEnvironment: Sendable {
    /// Declared variable names, in declaration order (the order used by
    /// ``CELProgram/evaluate(positional:)``).
    public private(set) var variables: [String] = []
    var variableSlots: [String: Int] = [:]
    var functions: [FunctionKey: FunctionImpl]
    var functionNames: Set<String>
    /// Maximum cost of one evaluation (see docs/CEL.md, "Cost").
    public var costLimit: Int = 1_000_000
    /// Declared variable types (undeclared: `dyn`).
    public private(set) var variableTypes: [String: CELStaticType] = [:]
    /// Declared host types, by name.
    public private(set) var objectTypes: [String: CELObjectType] = [:]
    /// Function overloads as the checker sees them (a function without any is `dyn`).
    var signatures: [FunctionKey: [CELSignature]]
    /// When true, expressions are type-checked against the declarations before
    /// they are compiled (see ``CELStaticType``), and field selections on
    /// declared host types read the field through the type's reader.
    public var typeCheck = false
    /// The declared name a misspelt one most likely meant (for "did you mean"), if any.
    public var suggest: (@Sendable (String, [String]) -> String?)?

    /// An environment with the CEL standard library and the supported extensions.
    public init() {
        functions = StandardLibrary.functions
        functionNames = Set(functions.keys.map(\.name))
        signatures = StandardSignatures.table
    }

    /// Declares a variable; referencing an undeclared identifier is a compile-time error.
    public mutating func declare(_ name: String) {
        guard variableSlots[name] == nil else { return }
        variableSlots[name] = variables.count
        variables.append(name)
    }

    /// Declares a variable of a type (or changes the type of a declared one).
    public mutating func declare(_ name: String, type: CELStaticType) {
        declare(name)
        variableTypes[name] = type
    }

    /// Declares a host type; variables and fields of type `.object(type.name)` have its fields.
    public mutating func declareObjectType(_ type: CELObjectType) {
        objectTypes[type.name] = type
    }

    /// Registers a host function.
    ///
    /// - Parameters:
    ///   - name: function name; may be qualified (`"wm.missingScopes"`).
    ///   - receiverStyle: when true the function is called as `target.name(args)`
    ///     and `implementation` receives the target as its first element.
    ///   - arity: number of arguments, *excluding* the receiver.
    ///   - implementation: receives evaluated, non-error arguments; returns a
    ///     value or `.error(...)`. Registering the same name/style/arity again
    ///     adds an overload: the newer implementation is tried first and the
    ///     older one is used when it returns a "no matching overload" error.
    public mutating func registerFunction(
        _ name: String, receiverStyle: Bool = false, arity: Int,
        implementation: @escaping @Sendable ([CELValue]) -> CELValue
    ) {
        let key = FunctionKey(name: name, receiver: receiverStyle, arity: arity + (receiverStyle ? 1 : 0))
        if let previous = functions[key] {
            let old = previous.asVariadic
            functions[key] = FunctionImpl(
                body: .variadic({ args in
                    let r = implementation(args)
                    if case .error(let e) = r, e.kind == .noMatchingOverload { return old(args) }
                    return r
                }), sized: previous.sized)
        } else {
            functions[key] = FunctionImpl(body: .variadic(implementation), sized: false)
        }
        functionNames.insert(name)
    }

    /// Registers a host function with its types: the checker accepts the calls
    /// these signatures allow (parameters include the receiver for a
    /// receiver-style function; all signatures have the same arity).
    public mutating func registerFunction(
        _ name: String, receiverStyle: Bool = false, signatures: [CELSignature],
        implementation: @escaping @Sendable ([CELValue]) -> CELValue
    ) {
        let arity = (signatures.first?.parameters.count ?? 0) - (receiverStyle ? 1 : 0)
        registerFunction(name, receiverStyle: receiverStyle, arity: arity, implementation: implementation)
        let key = FunctionKey(name: name, receiver: receiverStyle, arity: arity + (receiverStyle ? 1 : 0))
        self.signatures[key, default: []] += signatures
    }
}
