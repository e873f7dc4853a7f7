/// Why a YAML stream could not be read. Always carries a position.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let mark: Mark
    public let message: String

    public init(_ message: String, at mark: Mark) {
        self.message = message
        self.mark = mark
    }

    public var description: String { "\(mark.line):\(mark.column): \(message)" }
}

/// Bounds that keep hostile input from eating memory or stack.
public struct YAMLLimits: Sendable {
    /// Nodes that alias references may add to one document (billion laughs).
    public var maxAliasExpansion: Int
    /// Nesting of mappings and sequences.
    public var maxDepth: Int

    public init(maxAliasExpansion: Int = 1_000_000, maxDepth: Int = 256) {
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDepth = maxDepth
    }

    public static let `default` = YAMLLimits()
}
