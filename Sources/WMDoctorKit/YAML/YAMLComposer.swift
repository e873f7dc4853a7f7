/// A key written twice in one mapping.
public struct DuplicateKey: Sendable, Equatable {
    public let key: String
    public let first: Mark
    public let second: Mark
    public let length: Int
}

/// Where a secret value sits in the stream (start and end of the scalar).
public struct SecretSpan: Sendable, Equatable {
    public let start: Mark
    public let end: Mark
}

/// An alias written in the stream (`*auth`) and the anchor it repeats (`&auth`).
public struct AliasUse: Sendable, Equatable {
    public let name: String
    public let alias: Mark
    public let anchor: Mark
}

/// Builds positioned nodes from libyaml events, one subtree at a time, so a
/// caller can stream through a large document item by item.
public final class YAMLComposer {
    public let reader: YAMLEventReader
    public let limits: YAMLLimits
    public private(set) var duplicateKeys: [DuplicateKey] = []
    public private(set) var secretSpans: [SecretSpan] = []
    /// Every alias composed: its nodes are located where the alias is written,
    /// and this says which anchor they repeat (for notes).
    public private(set) var aliasUses: [AliasUse] = []
    /// Replace secrets by their shape in every scalar as it is read (exports,
    /// configuration); off only for rule files, whose examples plant fake ones.
    // Read for every scalar: no dynamic exclusivity check (one thread composes).
    @exclusivity(unchecked) public var redactsSecretShapes = true
    @exclusivity(unchecked) private var anchors: [String: YAMLNode] = [:]
    @exclusivity(unchecked) private var aliasExpansion = 0
    /// When set, events come from here (a list's items read by another
    /// thread) instead of the reader, which is then not touched.
    @exclusivity(unchecked) var feed: YAMLEventFeed?
    /// When set, events come from here first (an item gathered to be read
    /// straight from its events, ``EventItemReader``), then from the feed or the reader.
    @exclusivity(unchecked) var replay: EventReplay?
    /// Keys repeat across a file: decide once per distinct key whether it holds a secret.
    private var secretKeyCache: [String: Bool] = [:]

    public init(reader: YAMLEventReader, limits: YAMLLimits = .default) {
        self.reader = reader
        self.limits = limits
        reader.maxScalarBytes = limits.maxScalarBytes
    }

    /// Forget anchors: call at each document start.
    public func startDocument() {
        anchors.removeAll(keepingCapacity: true)
        aliasExpansion = 0
    }

    @inline(__always) private func nextEvent() throws(YAMLError) -> YAMLEvent {
        if let replay, let event = replay.next() { return event }
        if let feed { return try feed.next() }
        return try reader.next()
    }

    /// Composes the node whose first event is next in the stream.
    public func composeNode(depth: Int = 0) throws(YAMLError) -> YAMLNode {
        let event = try nextEvent()
        return try compose(from: event, depth: depth)
    }

    /// Composes the node that begins with `event` (already taken from the reader).
    public func compose(from event: consuming YAMLEvent, depth: Int) throws(YAMLError) -> YAMLNode {
        switch consume event {
        case .scalar(let scalar, let anchor, let start, let end):
            let node = YAMLNode(.scalar(redacted(scalar, start: start, end: end)), start: start, end: end)
            if let anchor { anchors[anchor] = node }
            return node
        case .alias(let name, let start, let end):
            guard let target = anchors[name] else {
                throw YAMLError("unknown alias *\(name): no anchor &\(name) is defined before it in this document", at: start)
            }
            aliasExpansion = aliasExpansion.addingReportingOverflow(target.weight).partialValue
            if aliasExpansion > limits.maxAliasExpansion || aliasExpansion < 0 {
                throw YAMLError(
                    "aliases expand this document beyond \(limits.maxAliasExpansion) nodes (a \"billion laughs\" file?); refusing to read it",
                    at: start)
            }
            // A value reached through an alias is located where the alias is
            // written (a finding about it must not point into the anchor's owner).
            aliasUses.append(AliasUse(name: name, alias: start, anchor: target.start))
            return Self.relocated(target, start: start, end: end)
        case .sequenceStart(let anchor, _, let start):
            try checkDepth(depth, at: start)
            var items: [YAMLNode] = []
            // Lists of an export (steps, scopes) are short: one allocation, no regrowth.
            items.reserveCapacity(8)
            var weight = 1
            while true {
                let e = try nextEvent()
                if case .sequenceEnd(let end) = e {
                    let node = YAMLNode(.sequence(items), start: start, end: end, weight: weight)
                    if let anchor { anchors[anchor] = node }
                    return node
                }
                let item = try compose(from: e, depth: depth + 1)
                weight = weight.addingReportingOverflow(item.weight).partialValue
                items.append(item)
            }
        case .mappingStart(let anchor, _, let start):
            try checkDepth(depth, at: start)
            let node = try composeMapping(start: start, depth: depth)
            if let anchor { anchors[anchor] = node }
            return node
        case let other:
            throw YAMLError("unexpected YAML structure", at: start(of: other))
        }
    }

    private func composeMapping(start: Mark, depth: Int) throws(YAMLError) -> YAMLNode {
        var pairs: [YAMLPair] = []
        // Items of an export have a handful of keys: one allocation, no regrowth.
        pairs.reserveCapacity(8)
        var merged: [YAMLPair] = []
        // Most mappings are small: a linear scan of the pairs kept (their keys
        // are the keys seen) beats hashing every key; large ones (free-form
        // params) switch to a dictionary so they stay linear.
        var seenIndex: [String: Mark]?
        // One bit per key seen, by length and first byte: a key whose bit is
        // clear (nearly every key of an export) needs no scan at all.
        var seenBits: UInt64 = 0
        func bit(_ key: String) -> UInt64 {
            let u = key.utf8
            return 1 << UInt64(truncatingIfNeeded: (u.count &* 7 &+ Int(u.first ?? 0)) & 63)
        }
        func firstMark(_ key: String) -> Mark? {
            if let seenIndex { return seenIndex[key] }
            if seenBits & bit(key) == 0 { return nil }
            for pair in pairs {
                if case .scalar(let s) = pair.key.content, s.text == key { return pair.key.start }
            }
            return nil
        }
        func remember(_ key: String, _ mark: Mark) {
            seenBits |= bit(key)
            if seenIndex != nil {
                seenIndex?[key] = mark
            } else if pairs.count >= 32 {
                var index: [String: Mark] = [:]
                for pair in pairs {
                    if case .scalar(let s) = pair.key.content, index[s.text] == nil { index[s.text] = pair.key.start }
                }
                index[key] = mark
                seenIndex = index
            }
        }
        var weight = 1
        var keyCount = 0
        while true {
            let e = try nextEvent()
            if case .mappingEnd(let end) = e {
                if !merged.isEmpty {
                    for pair in merged {
                        guard let k = pair.key.scalar?.text, firstMark(k) == nil else { continue }
                        remember(k, pair.key.start)
                        pairs.append(pair)
                    }
                }
                return YAMLNode(.mapping(pairs), start: start, end: end, weight: weight)
            }
            let key = try compose(from: e, depth: depth + 1)
            keyCount += 1
            if keyCount > limits.maxMappingKeys {
                throw YAMLError("this mapping has more than \(limits.maxMappingKeys) keys (--max-keys); refusing to read further", at: key.start)
            }
            let value = try composeNode(depth: depth + 1)
            weight = weight.addingReportingOverflow(key.weight + value.weight).partialValue
            if case .scalar(let k) = key.content {
                if k.style == .plain && k.text == "<<" && k.tag == nil {
                    merged.append(contentsOf: mergePairs(value))
                    continue
                }
                // Before the duplicate check: a repeated secret key's value is shown with its finding.
                noteSecret(key: k.text, value: value)
                if let first = firstMark(k.text) {
                    duplicateKeys.append(DuplicateKey(key: k.text, first: first, second: key.start, length: key.underlineLength))
                    continue
                }
                remember(k.text, key.start)
            }
            pairs.append(YAMLPair(key: key, value: value))
        }
    }

    /// `scalar` with its secrets by shape replaced. Secrets by shape never get
    /// past this point: the node holds the text with each replaced, and the
    /// span keeps snippets from showing the line.
    @inline(__always)
    func redacted(_ scalar: YAMLScalar, start: Mark, end: Mark) -> YAMLScalar {
        guard redactsSecretShapes, let redacted = SecretShapes.redact(scalar.text) else { return scalar }
        secretSpans.append(SecretSpan(start: start, end: end))
        return YAMLScalar(text: redacted.text, style: scalar.style, tag: scalar.tag, secretShapes: redacted.kinds)
    }

    /// `node` and everything under it, placed at `start`…`end` (an alias's marks).
    static func relocated(_ node: YAMLNode, start: Mark, end: Mark) -> YAMLNode {
        let content: YAMLNode.Content
        switch node.content {
        case .scalar: content = node.content
        case .sequence(let items): content = .sequence(items.map { relocated($0, start: start, end: end) })
        case .mapping(let pairs):
            content = .mapping(pairs.map {
                YAMLPair(key: relocated($0.key, start: start, end: end), value: relocated($0.value, start: start, end: end))
            })
        }
        return YAMLNode(content, start: start, end: end, weight: node.weight)
    }

    /// Records where `value` sits when `key` holds secrets. Callers that read
    /// mappings themselves (the export header) call it for every pair.
    public func noteSecret(key: String, value: YAMLNode) {
        noteSecret(key: key, start: value.start, end: value.end)
    }

    /// Records `start`…`end` (a value's marks) when `key` holds secrets.
    func noteSecret(key: String, start: Mark, end: Mark) {
        if isSecretKey(key) { secretSpans.append(SecretSpan(start: start, end: end)) }
    }

    private func isSecretKey(_ key: String) -> Bool {
        if SecretKeys.isCommonHarmless(key) { return false }
        if let known = secretKeyCache[key] { return known }
        let secret = SecretKeys.isSecret(key)
        if secretKeyCache.count < 10_000 { secretKeyCache[key] = secret }
        return secret
    }

    /// `<<: *base` or `<<: [*a, *b]`: the pairs to merge, earlier sources first.
    private func mergePairs(_ value: YAMLNode) -> [YAMLPair] {
        switch value.content {
        case .mapping(let p): return p
        case .sequence(let items): return items.flatMap { $0.pairs ?? [] }
        case .scalar: return []
        }
    }

    /// Fails as composing a mapping or list at `depth` does (also for items read straight from their events).
    func checkDepth(_ depth: Int, at mark: Mark) throws(YAMLError) {
        if depth >= limits.maxDepth {
            throw YAMLError("mappings and lists nest deeper than \(limits.maxDepth) levels; refusing to read further", at: mark)
        }
    }

    private func start(of event: YAMLEvent) -> Mark {
        switch event {
        case .documentStart(let m), .documentEnd(let m), .mappingEnd(let m), .sequenceEnd(let m): return m
        case .mappingStart(_, _, let m), .sequenceStart(_, _, let m): return m
        case .scalar(_, _, let m, _), .alias(_, let m, _): return m
        case .streamStart, .streamEnd: return Mark(line: 1, column: 1)
        }
    }
}
