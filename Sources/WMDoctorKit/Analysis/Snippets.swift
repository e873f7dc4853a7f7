/// A source line as a report shows it under a finding: secret values
/// redacted, control characters replaced, long lines cut around the column.
public struct Snippet: Sendable, Hashable {
    public var text: String
    /// Where the caret goes in `text` (1-based).
    public var column: Int

    public init(text: String, column: Int) {
        self.text = text
        self.column = column
    }
}

extension Report {
    /// Reads, once, the source line of every finding and input error and
    /// attaches it (redacted) to the report: reporters never read a file.
    public mutating func attachSnippets() {
        let lines = SourceSnippets(redactions: redactions).lines(findings.map(\.location) + errors.map(\.location))
        snippets = lines.mapValues { Snippet(text: $0.text, column: $0.column) }
    }
}
