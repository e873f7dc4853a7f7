/// Reads one mapping of the export against the keys its section allows:
/// unknown keys (with "did you mean"), missing required keys (reported at the
/// mapping), and typed values with their positions.
struct Fields {
    let node: YAMLNode
    let section: String
    let ctx: LoadContext
    /// Known keys as written (sections have a dozen keys: a scan beats hashing).
    private var values: [(key: String, pair: YAMLPair)] = []

    /// nil (after reporting) when `node` is not a mapping.
    init?(_ node: YAMLNode, section: String, allowed: [String], required: [String] = [], ctx: LoadContext) {
        self.node = node
        self.section = section
        self.ctx = ctx
        guard let pairs = node.pairs else {
            ctx.report(.wrongType, "\(section) should be a mapping, got \(phrase(of: node, key: section))", at: ctx.location(of: node))
            return nil
        }
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                ctx.report(.wrongType, "keys in \(section) should be plain names, got \(phrase(of: pair.key, key: ""))", at: ctx.location(of: pair.key))
                continue
            }
            if allowed.contains(key) {
                values.append((key, pair))
            } else {
                ctx.report(
                    .unknownKey,
                    "unknown key \(quoted(key)) in \(section)\(DidYouMean.hint(key, from: allowed)) (allowed: \(allowed.joined(separator: ", ")))",
                    at: ctx.location(of: pair.key))
            }
        }
        for key in required where self.pair(key) == nil {
            ctx.report(.missingKey, "\(section) is missing the required key \(quoted(key))", at: ctx.location(node.start, length: 1))
        }
    }

    var location: SourceLocation { ctx.location(node.start, length: 1) }

    func has(_ key: String) -> Bool { pair(key) != nil }

    func pair(_ key: String) -> YAMLPair? { values.first(where: { $0.key == key })?.pair }

    func node(_ key: String) -> YAMLNode? { pair(key)?.value }

    /// Location of the key itself (for findings about a key that is present).
    func keyLocation(_ key: String) -> SourceLocation? { pair(key).map { ctx.location(of: $0.key) } }

    /// Any non-null scalar, as the text written (`id: 0123` stays "0123").
    func string(_ key: String) -> Located<String>? {
        guard let v = node(key) else { return nil }
        return Fields.string(v, key: key, section: section, ctx: ctx)
    }

    static func string(_ v: YAMLNode, key: String, section: String, ctx: LoadContext) -> Located<String>? {
        guard let s = v.scalar else {
            ctx.report(.wrongType, "\(quoted(key)) in \(section) should be a string, got \(phrase(of: v, key: key))", at: ctx.location(of: v))
            return nil
        }
        if !s.style.isQuoted, ResolvedScalar(s) == .null {
            ctx.report(.wrongType, "\(quoted(key)) in \(section) should be a string, got null (an empty value)", at: ctx.location(of: v))
            return nil
        }
        return Located(s.text, at: ctx.location(of: v))
    }

    func bool(_ key: String) -> Located<Bool>? {
        guard let v = node(key) else { return nil }
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
