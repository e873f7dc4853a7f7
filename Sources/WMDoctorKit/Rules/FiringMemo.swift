import CEL

/// A late `let` of a step or trigger rule (one computed only when the rule
/// fires, for its message), remembered by exactly what it reads: most of a
/// rule's findings differ only in the ids their messages quote, while the
/// lists and explanations the late lets make (WM201's grants, WM401's
/// accounts and how the connection was chosen) come from a few bindings,
/// apps and operations. What a let reads is what ``WhenMemo`` finds (the
/// lets it needs, followed through), every list of connections by its
/// connections' indices. CEL is pure, so the same values read give the same
/// value; a let that reads something unkeyed (a list without a key, a
/// per-step object whole) is always evaluated. (Message parts were
/// remembered too: their keys cost about what evaluating them did.)
struct FiringMemo: Sendable {
    /// Values in a key at most.
    static let maxParts = 12
    let reads: WhenMemo

    /// The memo of `program` of `rule`, reading also the lets it names; nil
    /// when the rule is not of steps or triggers, or what it reads cannot be keyed.
    init?(_ rule: Rule, _ program: CELProgram) {
        guard let lets = Self.lets(readBy: program, of: rule) else { return nil }
        guard let reads = WhenMemo(rule, exactlyReading: [program] + lets.map { rule.lets[$0].expression.program }, maxParts: Self.maxParts)
        else { return nil }
        self.reads = reads
    }

    /// The lets `program` reads, followed through the lets' own reads (nil: what it reads is not known).
    static func lets(readBy program: CELProgram, of rule: Rule) -> [Int]? {
        var index: [String: Int] = [:]
        for (i, l) in rule.lets.enumerated() { index[l.name] = i }
        var needed = Set<Int>()
        var pending = [program]
        while let p = pending.popLast() {
            guard let reads = p.variableReads else { return nil }
            for name in reads.keys {
                guard let i = index[name], needed.insert(i).inserted else { continue }
                pending.append(rule.lets[i].expression.program)
            }
        }
        return needed.sorted()
    }

    /// One value of a key: a value read, compared as it is (strings by their
    /// text; objects by identity, held by the entry), or a field's key words.
    enum Part: Hashable {
        case absent, null
        case bool(Bool)
        case int(Int64)
        case uint(UInt64)
        case double(UInt64)
        case string(String)
        case object(ObjectIdentifier)
        case words(UInt64, UInt64)
    }

    /// One evaluation state's remembered values of one memo (one range at a
    /// time: not shared). It stops remembering when most look-ups miss (a
    /// let of values that differ on every step is worth no key) and past
    /// `capacity` values.
    final class Table<Value> {
        static var capacity: Int { 256 }
        /// Look-ups before the hits are judged; at least half must hit.
        static var trial: Int { 64 }
        private struct Read {
            /// The variable's position in the rule's values.
            let at: Int
            let field: String?
            let reader: CELFieldReader?
            let key: HostFieldKey?
        }
        private let reads: [Read]
        private var entries: [[Part]: (value: Value, held: [AnyObject])] = [:]
        private(set) var lookUps = 0
        private(set) var hits = 0
        /// Whether it still looks up (false: the expression is evaluated every time).
        private(set) var active = true
        /// Values remembered.
        var count: Int { entries.count }

        /// `memo`'s reads among the variables of a rule whose slots are `slotMap`, in `scope`.
        init?(_ memo: FiringMemo, slotMap: [Int], scope: RuleScope) {
            var reads: [Read] = []
            for r in memo.reads.reads {
                guard let at = slotMap.firstIndex(of: r.slot) else { return nil }
                guard let fields = r.fields else {
                    reads.append(Read(at: at, field: nil, reader: nil, key: nil))
                    continue
                }
                let type = WhenMemo.celType(r.slot, scope)
                for f in fields {
                    reads.append(Read(at: at, field: f, reader: type?.reader(f), key: WhenMemo.fieldKey(r.slot, f, scope)))
                }
            }
            self.reads = reads
        }

        /// The key of `values` (nil: a value read cannot be keyed), and the objects it refers to.
        private func key(_ values: [CELValue]) -> (parts: [Part], held: [AnyObject])? {
            var parts: [Part] = []
            parts.reserveCapacity(reads.count)
            var held: [AnyObject] = []
            for r in reads {
                let v = values[r.at]
                guard let field = r.field else {
                    guard let p = Self.part(v, &held) else { return nil }
                    parts.append(p)
                    continue
                }
                guard case .object(let o) = v else {
                    // Not an object: its fields are not read; told apart from any field's value.
                    guard let p = Self.part(v, &held) else { return nil }
                    parts.append(.absent)
                    parts.append(p)
                    continue
                }
                if let key = r.key {
                    // A field that declares a key is read as it (a list of connections by their indices).
                    guard let words = key.words(o) else { return nil }
                    parts.append(.words(words.0, words.1))
                    continue
                }
                guard let p = Self.part(r.reader?.read(o) ?? o.field(field), &held) else { return nil }
                parts.append(p)
            }
            return (parts, held)
        }

        private static func part(_ v: CELValue?, _ held: inout [AnyObject]) -> Part? {
            switch v {
            case nil: return .absent
            case .null?: return .null
            case .bool(let x)?: return .bool(x)
            case .int(let n)?: return .int(n)
            case .uint(let u)?: return .uint(u)
            case .double(let d)?: return .double(d.bitPattern)
            case .string(let s)?: return .string(s)
            case .object(let o)?:
                held.append(o)
                return .object(ObjectIdentifier(o))
            default: return nil
            }
        }

        /// The value remembered for `values`, or `make`'s, remembered when it can be.
        func value<E: Error>(_ values: inout [CELValue], _ make: (inout [CELValue]) throws(E) -> Value) throws(E) -> Value {
            guard active, let key = key(values) else { return try make(&values) }
            lookUps += 1
            if let found = entries[key.parts] {
                hits += 1
                return found.value
            }
            if lookUps == Self.trial, 2 * hits < lookUps {
                active = false
                entries = [:]
                return try make(&values)
            }
            let v = try make(&values)
            if entries.count < Self.capacity { entries[key.parts] = (v, key.held) }
            return v
        }
    }
}
