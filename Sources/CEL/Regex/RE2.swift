// Public API of the linear-time RE2-syntax regular-expression engine used by
// CEL's matches(). Matching is by Unicode scalar (code point), via a Pike VM
// over a Thompson NFA: time linear in text length × pattern size.

/// A pattern that is not valid RE2 syntax (or uses a feature RE2 rejects).
public struct RE2Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. "missing closing )".
    public let message: String
    /// 0-based offset, in Unicode scalars, of the problem in the pattern.
    public let offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String {
        "error parsing regexp: \(message) (at offset \(offset))"
    }
}

/// A compiled RE2-syntax regular expression.
public struct RE2: Sendable {
    public let pattern: String
    let program: RegexProgram

    public init(_ pattern: String) throws(RE2Error) {
        self.pattern = pattern
        var parser = RegexParser(pattern)
        let ast = try parser.parse()
        program = try RegexCompiler.compile(ast)
    }

    /// Unanchored search (RE2::PartialMatch semantics, as CEL `matches`):
    /// true if any substring matches.
    public func matches(_ text: String) -> Bool {
        RegexPikeVM.search(program, text, wantRange: false) != nil
    }

    /// Leftmost-first match range in Unicode scalar offsets, or nil.
    public func firstMatch(in text: String) -> Range<Int>? {
        RegexPikeVM.search(program, text, wantRange: true)
    }
}
