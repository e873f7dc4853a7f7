/// Why a catalog file could not be used: every problem found, in file order.
public struct CatalogErrors: Error, Sendable, CustomStringConvertible {
    public let errors: [InputError]

    public init(_ errors: [InputError]) {
        self.errors = errors
    }

    /// `file:line:col: message`, one problem a line.
    public var description: String {
        errors.map { "\($0.location): \($0.message)" }.joined(separator: "\n")
    }
}
