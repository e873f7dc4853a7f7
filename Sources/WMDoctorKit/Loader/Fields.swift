/// The fields of one item of the export, by key: a composed mapping
/// (``Fields``) or an item read straight from its events (``EventFields``).
/// What a value must be, and the message when it is not, is said once, here.
protocol ItemFields {
    var section: String { get }
    var ctx: LoadContext { get }
    /// Where the item starts (1 character).
    var location: SourceLocation { get }
    /// The value of `key`, nil when absent.
    func node(_ key: String) -> YAMLNode?
    func has(_ key: String) -> Bool
}

extension ItemFields {
    /// Any non-null scalar, as the text written (`id: 0123` stays "0123").
    func string(_ key: String) -> Located<String>? {
        guard let v = node(key) else { return nil }
        return Fields.string(v, key: key, section: section, ctx: ctx)
    }

    func bool(_ key: String) -> Located<Bool>? {
        guard let v = node(key) else { return nil }
        return Fields.bool(v, key: key, section: section, ctx: ctx)
    }

    func enumValue<E: ExportEnum>(_ key: String, _ type: E.Type) -> Located<E>? {
        guard let text = string(key) else { return nil }
        if let e = E(rawValue: text.value) { return Located(e, at: text.location) }
        ctx.report(
            .invalidValue,
            "\(quoted(key)) in \(section) should be one of \(E.allowed.joined(separator: ", ")), got \(quoted(text.value))\(DidYouMean.hint(text.value, from: E.allowed))",
            at: text.location)
        return nil
    }

    func timestamp(_ key: String) -> Located<Timestamp>? {
        guard let text = string(key) else { return nil }
        if let t = Timestamp.parse(text.value) { return Located(t, at: text.location) }
        ctx.report(
            .invalidTimestamp,
            "\(quoted(key)) in \(section) is not an RFC 3339 timestamp or a date: \(quoted(text.value)) (expected e.g. 2026-11-20T10:00:00Z, 2026-11-20T10:00:00+02:00 or 2026-12-01)",
            at: text.location)
        return nil
    }

    /// A list of strings; each element keeps its position.
    func stringList(_ key: String) -> Located<[Located<String>]>? {
        guard let v = node(key) else { return nil }
        guard let items = v.items else {
            ctx.report(.wrongType, "\(quoted(key)) in \(section) should be a list of strings, got \(phrase(of: v, key: key))", at: ctx.location(of: v))
            return nil
        }
        let strings = items.compactMap { Fields.string($0, key: key, section: section, ctx: ctx) }
        return Located(strings, at: ctx.location(of: v))
    }
}

/// Reads one mapping of the export against the keys its section allows:
/// unknown keys (with "did you mean"), missing required keys (reported at the
/// mapping), and typed values with their positions.
struct Fields: ItemFields {
    let node: YAMLNode
    let section: String
    let ctx: LoadContext
    private let allowed: [String]
    private let pairs: [YAMLPair]
    /// For each allowed key, where its pair is in `pairs` (sections have a
    /// dozen keys: 4 bits each in one word, no allocation; larger ones spill
    /// to `spilled`). A nibble of 0xF means absent.
    private var packed: UInt64 = ~0
    private var spilled: [Int] = []

    /// nil (after reporting) when `node` is not a mapping.
    init?(_ node: YAMLNode, section: String, allowed: [String], required: [String] = [], ctx: LoadContext) {
        self.node = node
        self.section = section
        self.ctx = ctx
        self.allowed = allowed
        guard case .mapping(let pairs) = node.content else {
            ctx.report(.wrongType, "\(section) should be a mapping, got \(phrase(of: node, key: section))", at: ctx.location(of: node))
            return nil
        }
        self.pairs = pairs
        let packs = allowed.count <= 16 && pairs.count < 15
        if !packs { spilled = Array(repeating: -1, count: allowed.count) }
        // By index: iterating the pairs would copy each (its key and value).
        for p in pairs.indices {
            guard case .scalar(let scalar) = pairs[p].key.content else {
                let key = pairs[p].key
                ctx.report(.wrongType, "keys in \(section) should be plain names, got \(phrase(of: key, key: ""))", at: ctx.location(of: key))
                continue
            }
            let key = scalar.text
            if let k = KeyTable.index(of: key, in: allowed) {
                // The first pair of a key counts (the composer drops later ones).
                if packs {
                    if (packed >> (4 * UInt64(k))) & 0xF == 0xF {
                        packed &= ~(0xF << (4 * UInt64(k)))
                        packed |= UInt64(p) << (4 * UInt64(k))
                    }
                } else if spilled[k] < 0 {
                    spilled[k] = p
                }
            } else {
                ctx.report(
                    .unknownKey,
                    "unknown key \(quoted(key)) in \(section)\(DidYouMean.hint(key, from: allowed)) (allowed: \(allowed.joined(separator: ", ")))",
                    at: ctx.location(of: pairs[p].key))
            }
        }
        for key in required where self.pairIndex(key) == nil {
            ctx.report(.missingKey, "\(section) is missing the required key \(quoted(key))", at: ctx.location(node.start, length: 1))
        }
    }

    /// Where the pair of `key` is in `pairs`, nil when absent (or not allowed).
    private func pairIndex(_ key: String) -> Int? {
        guard let k = KeyTable.index(of: key, in: allowed) else { return nil }
        if spilled.isEmpty {
            let p = Int((packed >> (4 * UInt64(k))) & 0xF)
            return p == 0xF ? nil : p
        }
        return spilled[k] < 0 ? nil : spilled[k]
    }

    var location: SourceLocation { ctx.location(node.start, length: 1) }

    func has(_ key: String) -> Bool { pairIndex(key) != nil }

    func pair(_ key: String) -> YAMLPair? { pairIndex(key).map { pairs[$0] } }

    func node(_ key: String) -> YAMLNode? { pairIndex(key).map { pairs[$0].value } }

    /// Location of the key itself (for findings about a key that is present).
    func keyLocation(_ key: String) -> SourceLocation? { pairIndex(key).map { ctx.location(of: pairs[$0].key) } }

    /// A non-null scalar, as the text written, or nil after reporting what `v` is instead.
    static func string(_ v: YAMLNode, key: String, section: String, ctx: LoadContext) -> Located<String>? {
        guard let s = v.scalar else {
            ctx.report(.wrongType, "\(quoted(key)) in \(section) should be a string, got \(phrase(of: v, key: key))", at: ctx.location(of: v))
            return nil
        }
        if ResolvedScalar.isNull(s) {
            ctx.report(.wrongType, "\(quoted(key)) in \(section) should be a string, got null (an empty value)", at: ctx.location(of: v))
            return nil
        }
        return Located(s.text, at: ctx.location(of: v))
    }

    /// A boolean, or nil after reporting what `v` is instead (with the likely fix).
    static func bool(_ v: YAMLNode, key: String, section: String, ctx: LoadContext) -> Located<Bool>? {
        if let s = v.scalar, case .bool(let b) = ResolvedScalar(s) {
            return Located(b, at: ctx.location(of: v))
        }
        var message = "\(quoted(key)) in \(section) should be a boolean (true or false), got \(phrase(of: v, key: key))"
        if let s = v.scalar {
            let lower = s.text.lowercased()
            if s.style.isQuoted, lower == "true" || lower == "false" {
                message += "; quoted, it is a string: remove the quotes"
            } else if ["yes", "no", "on", "off", "y", "n"].contains(lower) {
                message += "; write \(["yes", "on", "y"].contains(lower) ? "true" : "false")"
            }
        }
        ctx.report(.wrongType, message, at: ctx.location(of: v))
        return nil
    }
}
