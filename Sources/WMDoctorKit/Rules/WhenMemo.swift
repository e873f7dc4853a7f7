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

    /// Entries kept per rule and range of entities (past it, answers are no longer remembered).
    static let capacity = 4096

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
        self.reads = reads
    }

    /// The key of one entity's variables (by slot), nil when a value read cannot be keyed.
    func key(_ globals: [CELValue]) -> Key? {
        var parts: [Part] = []
        parts.reserveCapacity(reads.count + 2)
        for r in reads {
            let v = globals[r.slot]
            guard let fields = r.fields, case .object(let o) = v else {
                guard let p = Part(v) else { return nil }
                parts.append(p)
                continue
            }
            for f in fields {
                guard let value = o.field(f) else {
                    parts.append(.absent)
                    continue
                }
                guard let p = Part(value) else { return nil }
                parts.append(p)
            }
        }
        return Key(parts: parts)
    }

    struct Key: Hashable {
        let parts: [Part]
    }

    /// One value read, compared as CEL would see it; objects by identity
    /// (held, so that an address is never reused while remembered).
    indirect enum Part: Hashable {
        case absent, null
        case bool(Bool), int(Int64), uint(UInt64), double(Double), string(StringKey)
        case object(ObjectKey)
        case list([Part])
        case map([Part], [Part])
        /// Other values by their literal (timestamps, durations, bytes, types).
        case literal(String)

        /// Lists and maps of more than this many items are not keyed.
        static let maxItems = 16

        init?(_ v: CELValue) {
            switch v {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .uint(let u): self = .uint(u)
            case .double(let d): self = .double(d)
            case .string(let s): self = .string(StringKey(text: s))
            case .object(let o): self = .object(ObjectKey(object: o))
            case .list(let l):
                guard l.count <= Self.maxItems else { return nil }
                var items: [Part] = []
                for i in 0..<l.count {
                    guard let p = Part(l[i]) else { return nil }
                    items.append(p)
                }
                self = .list(items)
            case .map(let m):
                guard m.count <= Self.maxItems else { return nil }
                var keys: [Part] = []
                var values: [Part] = []
                for (k, value) in zip(m.keys, m.values) {
                    guard let pk = Part(k), let pv = Part(value) else { return nil }
                    keys.append(pk)
                    values.append(pv)
                }
                self = .map(keys, values)
            case .error: return nil
            case .timestamp, .duration, .bytes, .type: self = .literal(v.literal)
            }
        }
    }

    /// A string compared by its bytes, as CEL compares strings (Swift's `==`
    /// would equate differently normalized forms).
    struct StringKey: Hashable {
        let text: String
        static func == (a: StringKey, b: StringKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
        func hash(into h: inout Hasher) {
            for byte in text.utf8 { h.combine(byte) }
        }
    }

    struct ObjectKey: Hashable {
        let object: any CELObject
        static func == (a: ObjectKey, b: ObjectKey) -> Bool { a.object === b.object }
        func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(object)) }
    }
}
