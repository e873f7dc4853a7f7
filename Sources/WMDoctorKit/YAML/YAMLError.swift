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

/// Bounds that keep hostile input from eating memory, stack or time. Every
/// limit hit is an error naming the file, the position and the limit (and the
/// `check` flag that raises it); SECURITY.md lists them with their defaults.
public struct YAMLLimits: Sendable, Equatable {
    /// Nodes that alias references may add to one document (billion laughs).
    public var maxAliasExpansion: Int
    /// Nesting of mappings and sequences.
    public var maxDepth: Int
    /// Bytes of one input file (`--max-file-size`).
    public var maxFileBytes: Int
    /// Bytes of all input files of one run together (`--max-total-size`).
    public var maxTotalBytes: Int
    /// Keys of one mapping (`--max-keys`).
    public var maxMappingKeys: Int
    /// UTF-8 bytes of one scalar, key or value (`--max-scalar-size`).
    public var maxScalarBytes: Int

    public init(
        maxAliasExpansion: Int = 1_000_000, maxDepth: Int = 256, maxFileBytes: Int = 256 << 20,
        maxTotalBytes: Int = 1 << 30, maxMappingKeys: Int = 100_000, maxScalarBytes: Int = 1 << 20
    ) {
        self.maxAliasExpansion = maxAliasExpansion
        self.maxDepth = maxDepth
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxMappingKeys = maxMappingKeys
        self.maxScalarBytes = maxScalarBytes
    }

    public static let `default` = YAMLLimits()
}
