/// A position inside one YAML stream: 1-based line and column (characters).
///
/// 8 bytes (two 32-bit numbers): every node holds two, and a file is at most
/// a few hundred megabytes, so a line or column never exceeds 32 bits.
public struct Mark: Hashable, Sendable {
    private let line32: UInt32
    private let column32: UInt32

    public var line: Int { Int(line32) }
    public var column: Int { Int(column32) }

    public init(line: Int, column: Int) {
        line32 = UInt32(clamping: line)
        column32 = UInt32(clamping: column)
    }
}

/// How a scalar was written. Quoting decides how a scalar is typed:
/// `"true"` is a string, `true` a boolean.
public enum ScalarStyle: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded

    public var isQuoted: Bool { self != .plain }
}

/// A scalar with its text exactly as written (after YAML unescaping).
public struct YAMLScalar: Sendable, Equatable {
    // Declared widest first, so the struct packs in 35 bytes (nodes are copied often).
    public let text: String
    /// Explicit tag, e.g. `tag:yaml.org,2002:str` for `!!str`, if any.
    public let tag: String?
    /// Secrets found in the text as written, by shape (``SecretShapes``): the
    /// text holds the placeholder in their place, never the value.
    public let secretShapes: SecretShapes.Kind
    public let style: ScalarStyle

    public init(text: String, style: ScalarStyle = .plain, tag: String? = nil, secretShapes: SecretShapes.Kind = []) {
        self.text = text
        self.style = style
        self.tag = tag
        self.secretShapes = secretShapes
    }
}

public struct YAMLPair: Sendable {
    public let key: YAMLNode
    public let value: YAMLNode
}

/// A composed YAML node that remembers where it starts and ends.
public struct YAMLNode: Sendable {
    // Not `indirect`: children sit in arrays already, and a box per node
    // would be one more allocation for each of the millions of scalars.
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public let content: Content
    public let start: Mark
    public let end: Mark
    /// Nodes in this subtree counting every alias expansion (for the alias bound).
    public let weight: Int

    public init(_ content: Content, start: Mark, end: Mark, weight: Int = 1) {
        self.content = content
        self.start = start
        self.end = end
        self.weight = weight
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let p) = content { return p }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let i) = content { return i }
        return nil
    }

    /// The text of the scalar value of `key` when this is a mapping that has
    /// it (keys matched length first, without building anything).
    public func scalarText(at key: String) -> String? {
        guard case .mapping(let pairs) = content else { return nil }
        // By index: iterating the pairs would copy each (its key and value).
        for i in pairs.indices {
            if case .scalar(let k) = pairs[i].key.content, KeyTable.same(k.text, key) {
                if case .scalar(let v) = pairs[i].value.content { return v.text }
                return nil
            }
        }
        return nil
    }

    /// True when a scalar in this subtree, less than `maxDepth` levels down,
    /// had a secret by its shape (cheap to ask first: listing them builds a
    /// path for every key).
    func holdsShapedSecret(maxDepth: Int) -> Bool {
        guard maxDepth > 0 else { return false }
        switch content {
        case .scalar(let s): return !s.secretShapes.isEmpty
        case .sequence(let items): return items.contains { $0.holdsShapedSecret(maxDepth: maxDepth - 1) }
        case .mapping(let pairs): return pairs.contains { $0.value.holdsShapedSecret(maxDepth: maxDepth - 1) }
        }
    }

    /// The resolved kind of this node, for messages ("a mapping", "the string \"x\"", ...).
    public var resolved: ResolvedScalar? { scalar.map(ResolvedScalar.init) }

    /// Characters spanned on the first line, for underlining: the scalar's
    /// width when it sits on one line, else 1.
    public var underlineLength: Int {
        if start.line == end.line, end.column > start.column { return end.column - start.column }
        return 1
    }
}
