/// Variable bindings for one evaluation.
public struct CELActivation: Sendable {
    /// Values by variable name.
    public var values: [String: CELValue]
    public init(_ values: [String: CELValue] = [:]) { self.values = values }
    public subscript(name: String) -> CELValue? {
        get { values[name] }
        set { values[name] = newValue }
    }
}

/// A compiled CEL expression: parse and check once, evaluate many times.
/// Immutable and `Sendable`: one program can be evaluated concurrently.
///
/// ```swift
/// var env = CELEnvironment()
/// env.declare("conn")
/// let program = try CELProgram(compiling: #"conn.status == "active""#, environment: env)
/// let result = try program.evaluate(["conn": .object(conn)])
/// ```
public struct CELProgram: Sendable {
    /// The expression source.
    public let source: String
    /// Declared variable names, in the order of ``evaluate(positional:)``.
    public let variables: [String]
    /// Cost budget per evaluation (from the environment; can be changed).
    public var costLimit: Int
    /// The result type the checker inferred (`dyn` without ``CELEnvironment/typeCheck``).
    public let type: CELStaticType
    /// What the expression reads of each declared variable (nil: not known); see ``CELVariableRead``.
    public let variableReads: [String: CELVariableRead]?
    /// The parsed expression (``elementReads(of:lets:elementFunctions:)`` reads it).
    let ast: Expr
    let root: any Node
    let slotCount: Int
    let variableSlots: [String: Int]

    /// Parses and checks `source`.
    /// - Throws: ``CELError`` of kind `.parse` or `.check`, positioned in `source`.
    public init(compiling source: String, environment: CELEnvironment = CELEnvironment()) throws(CELError) {
        let src = Source(source)
        let ast = try Parser.parse(src)
        var compiler = Compiler(env: environment, source: src)
        if environment.typeCheck {
            var checker = Checker(env: environment, source: src)
            type = try checker.check(ast)
            compiler.hostSelections = checker.selectOperands
        } else {
            type = .dyn
        }
        root = try compiler.compile(ast)
        variableReads = Self.variableReads(of: ast, declared: Set(environment.variables))
        self.ast = ast
        slotCount = compiler.slotCount
        self.source = source
        variables = environment.variables
        variableSlots = environment.variableSlots
        costLimit = environment.costLimit
    }

    /// Evaluates with variables given by name. Missing declared variables
    /// evaluate to an error when used.
    /// - Returns: the result value, never `.error`.
    /// - Throws: the evaluation error (``CELError``), including "cost limit exceeded".
    public func evaluate(_ bindings: [String: CELValue] = [:]) throws(CELError) -> CELValue {
        var slots = [CELValue](repeating: .null, count: slotCount)
        for (i, name) in variables.enumerated() {
            slots[i] = bindings[name] ?? .error(.eval("no value bound to variable '\(name)'"))
        }
        return try run(slots)
    }

    /// Evaluates with an activation.
    public func evaluate(_ activation: CELActivation) throws(CELError) -> CELValue {
        try evaluate(activation.values)
    }

    /// Fastest form: values in the order of ``variables`` (declaration order).
    public func evaluate(positional values: [CELValue]) throws(CELError) -> CELValue {
        var slots = values
        if slots.count > variables.count { slots.removeLast(slots.count - variables.count) }
        while slots.count < variables.count {
            slots.append(.error(.eval("no value bound to variable '\(variables[slots.count])'")))
        }
        if slotCount > slots.count { slots.append(contentsOf: repeatElement(.null, count: slotCount - slots.count)) }
        return try run(slots)
    }

    /// Like ``evaluate(positional:)`` but returns errors as `.error` values.
    public func evaluateToValue(positional values: [CELValue]) -> CELValue {
        do { return try evaluate(positional: values) } catch { return .error(error) }
    }

    /// Like ``evaluate(_:)-(CELActivation)`` but returns errors as `.error` values.
    public func evaluateToValue(_ bindings: [String: CELValue] = [:]) -> CELValue {
        do { return try evaluate(bindings) } catch { return .error(error) }
    }

    private func run(_ slots: [CELValue]) throws(CELError) -> CELValue {
        let ctx = EvalContext(slots: slots, budget: costLimit)
        return try ctx.result(root.eval(ctx))
    }
}

/// A compiled program made ready to run many times (from any thread) with the
/// least overhead per run: its variables are lent in place instead of copied.
public final class CELRunner: Sendable {
    private let root: any Node
    private let slotCount: Int
    private let variables: [String]
    private let costLimit: Int

    public init(_ program: CELProgram) {
        root = program.root
        slotCount = program.slotCount
        variables = program.variables
        costLimit = program.costLimit
    }

    /// Evaluates with `values` bound to the declared variables by position (as
    /// ``CELProgram/evaluate(positional:)``); `values` is given back unchanged.
    /// With a `scratch`, the evaluation state is reused instead of allocated.
    public func evaluate(_ values: inout [CELValue], scratch: CELScratch? = nil) throws(CELError) -> CELValue {
        let given = values.count
        if given > variables.count {
            // More values than variables: the rest would collide with the
            // program's own slots, so it runs on a copy of its share.
            var own = Array(values.prefix(variables.count))
            return try evaluate(&own, scratch: scratch)
        }
        for name in variables.dropFirst(given) {
            values.append(.error(.eval("no value bound to variable '\(name)'")))
        }
        let extra = slotCount - values.count
        if extra > 0 { values.append(contentsOf: repeatElement(.null, count: extra)) }
        let ctx: EvalContext
        if let scratch {
            ctx = scratch.context
            ctx.cost = 0
            ctx.exceeded = false
            ctx.budget = costLimit
        } else {
            ctx = EvalContext(slots: [], budget: costLimit)
        }
        swap(&ctx.slots, &values)
        let v = root.eval(ctx)
        swap(&ctx.slots, &values)
        if values.count > given { values.removeLast(values.count - given) }
        return try ctx.result(v)
    }

    /// Like ``evaluate(_:)`` but returns errors as `.error` values.
    public func evaluateToValue(_ values: inout [CELValue], scratch: CELScratch? = nil) -> CELValue {
        do { return try evaluate(&values, scratch: scratch) } catch { return .error(error) }
    }
}

/// Evaluation state that ``CELRunner`` reuses from one evaluation to the next.
/// One per thread, used by one evaluation at a time (not re-entrant).
public final class CELScratch {
    let context = EvalContext(slots: [], budget: 0)
    public init() {}
}
