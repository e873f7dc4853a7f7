/// Why a file wmdoctor reads besides the exports could not be used (a
/// configuration, a baseline, a rule or catalog file, a rule looked up by
/// name): every problem found, each an ``InputError`` with file:line:column.
/// The one diagnostics type for them all; an export's problems are the
/// report's findings and input errors.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [InputError]

    /// `errors` in the order given (a catalog file's: file order, then the order found).
    public init(_ errors: [InputError]) {
        self.errors = errors
    }

    /// `errors` by position.
    public init(sorting errors: [InputError]) {
        self.errors = errors.sorted { $0.location < $1.location }
    }

    /// One `file:line:col: error: message` line per error (no position when line is 0).
    public var description: String {
        errors.map { e in
            e.location.line > 0 ? "\(e.location): error: \(e.message)" : "\(e.location.file): error: \(e.message)"
        }.joined(separator: "\n")
    }
}
