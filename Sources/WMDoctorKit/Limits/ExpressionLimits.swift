/// Bounds on rule expressions beyond CEL's own (nesting 64, tree height 128,
/// cost 1,000,000 per evaluation: docs/CEL.md).
public enum ExpressionLimits {
    /// Characters of one `when`, `let` or message expression of a rule file.
    public static let maxLength = 10_000

    /// The error for an expression over ``maxLength``; never quotes the expression.
    static func tooLong(_ what: String, _ text: String) -> String {
        "in \(what): the expression is \(text.unicodeScalars.count) characters long, more than the limit of \(maxLength); not compiled"
    }
}
