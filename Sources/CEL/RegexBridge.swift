// The only file that touches the regular-expression engine (Sources/CEL/Regex/,
// a linear-time RE2-syntax engine: no backreferences, no lookaround).

/// A compiled RE2-syntax regular expression used by `matches`.
struct CELRegex: Sendable {
    struct CompileError: Error, CustomStringConvertible {
        let description: String
        /// Offset of the problem inside the pattern, in code points.
        let offset: Int
    }

    private let regex: RE2

    init(_ pattern: String) throws(CompileError) {
        do throws(RE2Error) {
            regex = try RE2(pattern)
        } catch {
            throw CompileError(description: error.description, offset: error.offset)
        }
    }

    static func compile(_ pattern: String) -> Result<CELRegex, CompileError> {
        do throws(CompileError) { return .success(try CELRegex(pattern)) } catch { return .failure(error) }
    }

    /// Unanchored search, like RE2::PartialMatch.
    func matches(_ text: String) -> Bool { regex.matches(text) }
}
