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

    /// A keyer for the entities of `scope`, with each field's reader resolved.
    func keyer(_ scope: RuleScope) -> Keyer {
        Keyer(reads.map { r in
            (r.slot, r.fields.map { fields in
                let type = HostSchema.byName[Self.typeName(r.slot, scope)]?.celType
                return fields.map { ($0, type?.reader($0)) }
            })
        })
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

    /// Keys entities and remembers the `false` answers of one rule over one
    /// range of entities (one thread: not shared). A key is three words per
    /// value read (a tag and a payload): objects by identity, strings by the
    /// bits of their `String` (a string of up to 15 bytes is held inline, so
    /// equal bits are equal bytes; a longer one is its storage's address),
    /// booleans, numbers and null as they are. What a remembered key refers
    /// to is held, so an address is never reused while it is remembered.
    /// Lists, maps and other values are not keyed (that entity is evaluated).
    final class Keyer {
        static let maxParts = 5
        /// Remembered answers kept at most (past it, entities are evaluated).
        static let capacity = 4096

        private let reads: [(slot: Int, fields: [(name: String, read: (@Sendable (any CELObject) -> CELValue?)?)]?)]
        // One thread's: not checked for overlapping access at run time.
        @exclusivity(unchecked) private var knownFalse: Set<Key> = []
        @exclusivity(unchecked) private var held: [CELValue] = []
        @exclusivity(unchecked) private var values: [CELValue] = []

        init(_ reads: [(slot: Int, fields: [(name: String, read: (@Sendable (any CELObject) -> CELValue?)?)]?)]) {
            self.reads = reads
        }

        /// The key of one entity's variables (by slot), nil when a value read cannot be keyed.
        func key(_ globals: [CELValue]) -> Key? {
            var key = Key()
            var n = 0
            values.removeAll(keepingCapacity: true)
            func put(_ v: CELValue?) -> Bool {
                guard n < Self.maxParts else { return false }
                var tag: UInt64 = 0
                var a: UInt64 = 0
                var b: UInt64 = 0
                switch v {
                case nil: tag = 1
                case .null?: tag = 2
                case .bool(let x)?: (tag, a) = (3, x ? 1 : 0)
                case .int(let i)?: (tag, a) = (4, UInt64(bitPattern: i))
                case .uint(let u)?: (tag, a) = (5, u)
                case .double(let d)?: (tag, a) = (6, d.bitPattern)
                case .string(let s)?:
                    tag = 7
                    (a, b) = withUnsafeBytes(of: s) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
                    values.append(v ?? .null)
                case .object(let o)?:
                    (tag, a) = (8, UInt64(UInt(bitPattern: ObjectIdentifier(o))))
                    values.append(v ?? .null)
                default: return false
                }
                key.words[3 * n] = tag
                key.words[3 * n + 1] = a
                key.words[3 * n + 2] = b
                n += 1
                return true
            }
            for r in reads {
                let v = globals[r.slot]
                guard let fields = r.fields, case .object(let o) = v else {
                    guard put(v) else { return nil }
                    continue
                }
                for f in fields {
                    guard put(f.read?(o) ?? o.field(f.name)) else { return nil }
                }
            }
            return key
        }

        func isKnownFalse(_ key: Key) -> Bool { knownFalse.contains(key) }

        /// Remembers that `when` gave false for `key` (the last one made).
        func rememberFalse(_ key: Key) {
            guard knownFalse.count < Self.capacity, knownFalse.insert(key).inserted else { return }
            held += values
        }
    }
}
