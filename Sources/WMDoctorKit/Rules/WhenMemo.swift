import CEL

/// A step or trigger rule's `when` answered once per distinct input. The
/// compiled rule knows what its `when` (and the lets it needs) read: shared
/// objects whole (a connection, an app, an operation: by identity) and only
/// some fields of the per-step objects (`use.app`, `workflow.enabled`,
/// `binding.method`...). Steps that agree on exactly those get the same
/// answer, so a `false` is remembered under them and the rule is not
/// evaluated again. A rule reading a per-step object whole is not memoized.
struct WhenMemo: Sendable {
    typealias Slot = RuleEnvironment.Slot

    /// What is read, in a fixed order: a slot whole (`fields` nil) or some of its fields.
    let reads: [(slot: Int, fields: [String]?)]

    /// Slots whose objects are made per step or trigger: read by their fields only.
    private static let perEntity: Set<Int> = Set([Slot.workflow, .step, .use, .trigger, .binding].map(\.rawValue))
    /// Slots the same for every entity of one run: not part of the key.
    private static let constant: Set<Int> = Set([Slot.workspace, .now, .params].map(\.rawValue))

    /// The memo of `rule`'s `when`, nil when its result cannot be keyed on what it reads.
    init?(_ rule: Rule) {
        guard rule.scopes.allSatisfy({ $0 == .steps || $0 == .triggers }) else { return nil }
        let programs = [rule.when.program] + rule.whenLets.map { rule.lets[$0].expression.program }
        let letNames = Set(rule.lets.map(\.name))
        var merged: [String: CELVariableRead] = [:]
        for p in programs {
            guard let reads = p.variableReads else { return nil }
            for (name, read) in reads {
                switch (merged[name], read) {
                case (.whole?, _), (_, .whole): merged[name] = .whole
                case (.fields(let a)?, .fields(let b)): merged[name] = .fields(a.union(b))
                case (nil, _): merged[name] = read
                }
            }
        }
        var reads: [(slot: Int, fields: [String]?)] = []
        for name in merged.keys.sorted() {
            if letNames.contains(name) { continue }
            guard let slot = RuleEnvironment.slotIndex[name], let read = merged[name] else { return nil }
            if Self.constant.contains(slot) { continue }
            if Self.perEntity.contains(slot) {
                guard case .fields(let fields) = read else { return nil }
                reads.append((slot, fields.sorted()))
            } else {
                reads.append((slot, nil))  // a shared object: its identity decides its fields
            }
        }
        // Every field read is a value of the key.
        guard reads.reduce(0, { $0 + ($1.fields?.count ?? 1) }) <= Keyer.maxParts else { return nil }
        self.reads = reads
    }

    /// The host type of a per-entity slot's objects in `scope`.
    private static func typeName(_ slot: Int, _ scope: RuleScope) -> String {
        switch Slot(rawValue: slot) {
        case .workflow: return "wm.Workflow"
        case .binding: return "wm.Binding"
        case .trigger: return "wm.Trigger"
        case .use: return scope == .triggers ? "wm.Trigger" : "wm.Step"
        default: return "wm.Step"
        }
    }

    /// The host type of a per-entity slot's objects in `scope`, as the checker declares it.
    static func celType(_ slot: Int, _ scope: RuleScope) -> CELObjectType? {
        HostSchema.byName[typeName(slot, scope)]?.celType
    }

    /// Three words per value read; hashed as one mixed word (cheaper than hashing sixteen).
    struct Key: Hashable {
        var words = SIMD16<UInt64>(repeating: 0)
        static func == (a: Key, b: Key) -> Bool { a.words == b.words }
        func hash(into h: inout Hasher) {
            var x: UInt64 = 0x9E37_79B9_7F4A_7C15
            for i in 0..<15 { x = (x ^ words[i]) &* 0xBF58_476D_1CE4_E5B9 }
            h.combine(x)
        }
    }

    /// One value read, as three words of a key: a tag (0: cannot be keyed) and a payload.
    struct Part {
        var tag: UInt64 = 0
        var a: UInt64 = 0
        var b: UInt64 = 0
    }

    /// The values the memoized rules of one scope read, each read once per
    /// entity (the union of what the rules read), for one range of entities
    /// (one thread: not shared). Each rule's key is gathered from these by
    /// index (``Keyer``). A value is a key part: objects by identity, strings
    /// by the bits of their `String` (a string of up to 15 bytes is held
    /// inline, so equal bits are equal bytes; a longer one is its storage's
    /// address), booleans, numbers and null as they are. Lists, maps and other
    /// values cannot be keyed (a rule reading one is evaluated).
    final class Parts {
        private struct Read {
            let slot: Int
            /// The field read of the slot's object (nil: the slot's value whole).
            let field: String?
            let read: (@Sendable (any CELObject) -> CELValue?)?
        }
        private let reads: [Read]
        // One thread's: not checked for overlapping access at run time.
        @exclusivity(unchecked) fileprivate var parts: [Part]
        /// The strings and objects a part refers to (null for the others), held while remembered.
        @exclusivity(unchecked) fileprivate var values: [CELValue]
        /// Each memo's parts, in the order of its reads (nil: no memo).
        let indices: [[Int]?]

        /// The parts of `memos` (the rules of `scope`, nil for a rule not memoized).
        init(_ memos: [WhenMemo?], scope: RuleScope) {
            var reads: [Read] = []
            var index: [String: Int] = [:]
            func part(_ slot: Int, _ field: String?) -> Int {
                let name = "\(slot).\(field ?? "")"
                if let i = index[name] { return i }
                index[name] = reads.count
                reads.append(Read(slot: slot, field: field, read: field.flatMap { WhenMemo.celType(slot, scope)?.reader($0) }))
                return reads.count - 1
            }
            indices = memos.map { memo in
                memo.map { m in
                    m.reads.flatMap { r in r.fields.map { fields in fields.map { part(r.slot, $0) } } ?? [part(r.slot, nil)] }
                }
            }
            self.reads = reads
            parts = Array(repeating: Part(), count: reads.count)
            values = Array(repeating: .null, count: reads.count)
        }

        var count: Int { reads.count }

        /// What part `i` reads: `use.app`, or a variable whole: `connection`.
        func describe(_ i: Int) -> String {
            RuleEnvironment.slots[reads[i].slot] + (reads[i].field.map { "." + $0 } ?? "")
        }

        /// Reads every part of one entity's variables (by slot).
        func fill(_ globals: [CELValue]) {
            for i in reads.indices {
                let r = reads[i]
                let v = globals[r.slot]
                if let field = r.field {
                    if case .object(let o) = v {
                        put(i, r.read?(o) ?? o.field(field))
                    } else {
                        // Not an object: its fields are not read; told apart from any field's value.
                        put(i, v)
                        if parts[i].tag != 0 { parts[i].tag |= 0x100 }
                    }
                } else {
                    put(i, v)
                }
            }
        }

        private func put(_ i: Int, _ v: CELValue?) {
            var p = Part()
            var held = CELValue.null
            switch v {
            case nil: p.tag = 1
            case .null?: p.tag = 2
            case .bool(let x)?: (p.tag, p.a) = (3, x ? 1 : 0)
            case .int(let n)?: (p.tag, p.a) = (4, UInt64(bitPattern: n))
            case .uint(let u)?: (p.tag, p.a) = (5, u)
            case .double(let d)?: (p.tag, p.a) = (6, d.bitPattern)
            case .string(let s)?:
                p.tag = 7
                (p.a, p.b) = withUnsafeBytes(of: s) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
                held = .string(s)
            case .object(let o)?:
                (p.tag, p.a) = (8, UInt64(UInt(bitPattern: ObjectIdentifier(o))))
                held = .object(o)
            default: break
            }
            parts[i] = p
            values[i] = held
        }
    }

    /// Remembers the `false` answers of one rule over one range of entities
    /// (one thread: not shared), keyed by its parts of a ``Parts``. What a
    /// remembered key refers to is held, so an address is never reused while
    /// it is remembered.
    final class Keyer {
        static let maxParts = 5
        /// Remembered answers kept at most (past it, entities are evaluated).
        static let capacity = 4096

        private let parts: Parts
        private let indices: [Int]
        // One thread's: not checked for overlapping access at run time.
        @exclusivity(unchecked) private var knownFalse: Set<Key> = []
        @exclusivity(unchecked) private var held: [CELValue] = []

        init(_ parts: Parts, indices: [Int]) {
            self.parts = parts
            self.indices = indices
        }

        /// The key of the entity whose parts were last filled, nil when a value read cannot be keyed.
        func key() -> Key? {
            var key = Key()
            var n = 0
            for i in indices {
                let p = parts.parts[i]
                guard p.tag != 0 else { return nil }
                key.words[n] = p.tag
                key.words[n + 1] = p.a
                key.words[n + 2] = p.b
                n += 3
            }
            return key
        }

        func isKnownFalse(_ key: Key) -> Bool { knownFalse.contains(key) }

        /// Remembers that `when` gave false for `key` (the last one made).
        func rememberFalse(_ key: Key) {
            guard knownFalse.count < Self.capacity, knownFalse.insert(key).inserted else { return }
            for i in indices {
                if case .null = parts.values[i] { continue }
                held.append(parts.values[i])
            }
        }
    }
}
