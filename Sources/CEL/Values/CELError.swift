/// An error raised while compiling or evaluating a CEL expression.
///
/// Compile-time errors (``Kind/parse``, ``Kind/check``) carry the position of the
/// problem inside the expression source: `offset` (0-based, in characters),
/// `line` and `column` (1-based, columns in characters). A caller embedding an
/// expression in a larger file (e.g. a YAML scalar) maps the position by adding
/// the scalar's own start line/column. Runtime errors may carry the position of
/// the sub-expression that failed.
public final class CELError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// The source is not syntactically valid CEL.
        case parse
        /// The expression is syntactically valid but rejected by the compiler
        /// (unknown function, wrong arity, undeclared identifier, bad regex, ...).
        case check
        /// A runtime error (division by zero, overflow, no such key, ...).
        case evaluation
        /// No overload of a function accepts the runtime argument types.
        case noMatchingOverload
        /// The evaluation exceeded its cost budget.
        case costLimit
    }

    public let kind: Kind
    /// Human-readable message, without position.
    public let message: String
    /// Position inside the expression (0-based character offset), when known.
    public let offset: Int?
    /// 1-based line inside the expression, when known.
    public let line: Int?
    /// 1-based column (in characters) inside the expression, when known.
    public let column: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil, line: Int? = nil, column: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    /// `message`, prefixed by `line:column: ` when the position is known.
    public var description: String {
        if let line, let column { return "\(line):\(column): \(message)" }
        return message
    }

    /// Returns a copy of this error positioned at `location` (if it has none yet).
    func located(_ location: ExpressionPosition?) -> CELError {
        guard offset == nil, let location else { return self }
        return CELError(kind, message, offset: location.offset, line: location.line, column: location.column)
    }

    static func eval(_ message: String) -> CELError { CELError(.evaluation, message) }
    static func noOverload(_ function: String, _ args: [CELValue]) -> CELError {
        let types = args.map { $0.celType.name }.joined(separator: ", ")
        return CELError(.noMatchingOverload, "no matching overload for '\(function)' applied to (\(types))")
    }
}

/// A resolved position inside an expression source.
public struct ExpressionPosition: Sendable, Equatable {
    /// 0-based character offset.
    public let offset: Int
    /// 1-based line.
    public let line: Int
    /// 1-based column, in characters.
    public let column: Int
}
