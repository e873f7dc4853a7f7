import CEL

/// A step or trigger rule's `when` answered once per distinct input. The
/// compiled rule knows what its `when` (and the lets it needs) read: shared
/// objects whole (a connection, an app, an operation: by identity) and only
/// some fields of the per-step objects (`use.app`, `workflow.enabled`,
/// `binding.method`, `binding.candidates`...). Steps that agree on exactly
/// those get the same answer, so a `false` is remembered under them and the
/// rule is not evaluated again. A field whose declaration gives a key
/// (``HostFieldKey``) is read as that key: lists and maps of connections by
/// their indices, a step's app and operation by their vocabulary numbers. A
/// rule reading a per-step object whole, or a field of it that is a list, a
/// map or a timestamp without a key, is not memoized.
struct WhenMemo: Sendable {
    typealias Slot = RuleEnvironment.Slot

    /// What is read, in a fixed order: a slot whole (`fields` nil) or some of its fields.
    let reads: [(slot: Int, fields: [String]?)]
    /// The lists of connections read only through some paths of each
    /// (`binding.possible`), and `connection` read so: keyed by those values
    /// of their connections (``ConnectionProjection``), by `"slot.field"`
    /// (`"8.possible"`; `"3."` for `connection` whole).
    let projections: [String: ConnectionProjection]

    /// Slots whose objects are made per step or trigger: read by their fields only.
    private static let perEntity: Set<Int> = Set([Slot.workflow, .step, .use, .trigger, .binding].map(\.rawValue))

    /// The memo of `rule`'s `when`, nil when its result cannot be keyed on what it reads.
    init?(_ rule: Rule) {
        self.init(rule, reading: [rule.when.program] + rule.whenLets.map { rule.lets[$0].expression.program })
    }

    /// The memo of the first `conjuncts` conjuncts of `rule`'s `when` (a
    /// chain of `&&`, ``Rule/whenSteps``) and the lets they need: keyed on
    /// what they alone read. One of them false makes `when` false, whatever
    /// the later conjuncts read, so an entity whose key it is needs no
    /// evaluation (most steps have no expectation, which an early conjunct
    /// says, while the last reads the accounts of the connections a step
    /// may run as). Nil when `when` is no such chain, `conjuncts` is not
    /// fewer than its conjuncts, or what they read cannot be keyed.
    init?(_ rule: Rule, conjuncts: Int) {
        guard let steps = rule.whenSteps, conjuncts > 0, conjuncts < steps.count else { return nil }
        let lets = Set(steps[..<conjuncts].flatMap(\.lets)).sorted()
        self.init(rule, reading: steps[..<conjuncts].map(\.program) + lets.map { rule.lets[$0].expression.program })
    }

    /// Values in a key: a field read, or a slot whole.
    var partCount: Int { Self.partCount(reads) }

    private static func partCount(_ reads: [(slot: Int, fields: [String]?)]) -> Int {
        reads.reduce(0) { $0 + ($1.fields?.count ?? 1) }
    }

    /// What `programs` of `rule` read, each list of connections by its
    /// connections' indices (no ``projections``: a value computed from the
    /// connections, not only a `false`, is remembered), with at most
    /// `maxParts` values (``FiringMemo``); nil when it cannot be keyed.
    init?(_ rule: Rule, exactlyReading programs: [CELProgram], maxParts: Int) {
        self.init(rule, reading: programs, maxParts: maxParts, projecting: false)
    }

    private init?(_ rule: Rule, reading programs: [CELProgram], maxParts: Int = Keyer.maxParts, projecting: Bool = true) {
        guard RuleScope.visitUses(rule.scopes) else { return nil }
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
            if RuleEnvironment.constantSlots.contains(slot) { continue }  // not part of the key
            if Self.perEntity.contains(slot) {
                guard case .fields(let fields) = read else { return nil }
                // A list, a map, a timestamp... is a key only when its field
                // declares one; else the rule is evaluated on every entity.
                for scope in rule.scopes {
                    let declared = HostSchema.byName[Self.typeName(slot, scope)]?.fields ?? []
                    for f in declared where fields.contains(f.name) && !Self.keyable(f.type) && f.key == nil { return nil }
                }
                reads.append((slot, fields.sorted()))
            } else {
                reads.append((slot, nil))  // a shared object: its identity decides its fields
            }
        }
        // Every field read is a value of the key.
        guard Self.partCount(reads) <= maxParts else { return nil }
        self.reads = reads
        projections = projecting ? Self.projections(rule, reads) : [:]
    }

    /// The lists of connections among `reads` that `when` (and its lets)
    /// read only through paths of their connections and the functions of
    /// ``RuleFunctions/connectionReads``, with those paths.
    private static func projections(_ rule: Rule, _ reads: [(slot: Int, fields: [String]?)]) -> [String: ConnectionProjection] {
        var lets: [String: CELProgram] = [:]
        for l in rule.lets { lets[l.name] = l.expression.program }
        let functions = RuleFunctions.connectionReads
        let one = RuleEnvironment.Slot.connection.rawValue
        let elements = CELProgram.elementReads(
            of: rule.when.program, lets: lets, elementFunctions: functions.mapValues(\.argument),
            elementVariables: [RuleEnvironment.slots[one]])
        var out: [String: ConnectionProjection] = [:]
        func projection(_ e: CELElementReads) -> ConnectionProjection {
            var paths = e.paths
            for call in e.calls {
                guard let declared = functions[call] else { continue }
                paths.formUnion(declared.paths)
            }
            return ConnectionProjection(paths)
        }
        for r in reads {
            // `connection`: one connection or null (in the scopes memoized, steps and triggers).
            if r.fields == nil, r.slot == one, let e = elements[RuleEnvironment.slots[one]] {
                out[Self.projectionKey(r.slot, "")] = projection(e)
            }
            for field in r.fields ?? [] {
                guard rule.scopes.allSatisfy({ fieldKey(r.slot, field, $0)?.isConnections == true }),
                    let e = elements[RuleEnvironment.slots[r.slot] + "." + field]
                else { continue }
                out[Self.projectionKey(r.slot, field)] = projection(e)
            }
        }
        return out
    }

    /// A read's name: its slot and field (`"8.possible"`; `"3."` for a slot whole).
    static func projectionKey(_ slot: Int, _ field: String) -> String { "\(slot).\(field)" }

    /// Whether values of type `t` can be part of a key (``Parts``): lists,
    /// maps, timestamps, durations, bytes and types never are.
    private static func keyable(_ t: CELStaticType) -> Bool {
        switch t.nonNull {
        case .list, .map, .timestamp, .duration, .bytes, .type: return false
        default: return true
        }
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

    /// How field `name` of a per-entity slot's objects in `scope` is keyed
    /// when its values are lists or maps (nil: it is not, or need not be).
    static func fieldKey(_ slot: Int, _ name: String, _ scope: RuleScope) -> HostFieldKey? {
        HostSchema.byName[typeName(slot, scope)]?.fields.first { $0.name == name }?.key
    }

    /// One value read, as three words of a key: a tag (0: cannot be keyed)
    /// and a payload; and those words mixed, for the rules' hashes.
    struct Part {
        var tag: UInt64 = 0
        var a: UInt64 = 0
        var b: UInt64 = 0
        var mixed: UInt64 = 0

        /// Sets `mixed` from the three words.
        mutating func mix() {
            mixed = ((((tag &* 0x9E37_79B9_7F4A_7C15) ^ a) &* 0xBF58_476D_1CE4_E5B9) ^ b) &* 0x94D0_49BB_1331_11EB
        }

        /// `h` with this part folded in: a key's hash is its parts folded in
        /// order (a ``Keyer``'s, and the ``EntityMemo``'s of every part).
        @inline(__always) func fold(_ h: UInt64) -> UInt64 { (h ^ mixed) &* 0xBF58_476D_1CE4_E5B9 }
    }

    /// The values the memoized rules of one scope read, each read once per
    /// entity (the union of what the rules read), for the ranges of entities
    /// one evaluation state serves (one range at a time: not shared). Each
    /// rule's key is gathered from these by index (``Keyer``). A value is a
    /// key part: objects by identity, strings by the words of their `String`
    /// (``Swift/String/keyWords``), booleans, numbers and null as they are, a
    /// field that declares a key by that key (``HostFieldKey``, not read as a
    /// value: a list of connections, a step's app or operation). Other lists,
    /// maps and values cannot be keyed (a rule reading one is evaluated).
    final class Parts {
        private struct Read {
            let slot: Int
            /// The field read of the slot's object (nil: the slot's value whole).
            let field: String?
            let reader: CELFieldReader?
            /// The field's key, read instead of its value (nil: it declares none).
            let key: HostFieldKey?
            /// For a list of connections read through some of their values: which.
            let projection: ConnectionProjection?
        }
        private let reads: [Read]
        /// How each part is read, as plain words (``fill(_:)`` copies no
        /// `Read`, so retains none of its strings and readers per entity).
        private enum How: UInt8 { case whole, projectedWhole, key, projected, value }
        private struct Plan {
            let slot: Int
            let how: How
            let reader: Unmanaged<CELFieldReader>?
            let key: Unmanaged<HostFieldKey>?
        }
        private let plan: UnsafeMutablePointer<Plan>
        // One thread's, one per read, allocated once: written and read in
        // place (no uniqueness or bounds checks per step).
        let parts: UnsafeMutablePointer<Part>
        /// The strings and objects a part refers to (null for the others), held while remembered.
        let values: UnsafeMutablePointer<CELValue>
        /// Each memo's parts, in the order of its reads (nil: no memo).
        let indices: [[Int]?]
        /// What the projected parts read (``ConnectionProjection``): a field's
        /// list of connections, or a slot's connection (`key` nil), each read
        /// once per entity for all the parts that class it.
        private struct Source {
            let slot: Int
            let key: Unmanaged<HostFieldKey>?
        }
        private let sources: [Source]
        /// Each part's source (-1: not projected).
        private let sourceOf: [Int]
        // One thread's: not checked for overlapping access at run time.
        /// Each source's classes of the workspace's connections: a row per
        /// connection, by index, with a column per part of the source (its
        /// parts' classes of one connection side by side); nil until the
        /// first entity that holds a connection. A state serves one
        /// workspace (``RuleEngine``): a key by classes, like one by
        /// indices, says nothing of another workspace's connections.
        @exclusivity(unchecked) private var rows: [UnsafeMutableBufferPointer<UInt32>?]
        /// Each source's connections (rows), once classed.
        @exclusivity(unchecked) private var rowCounts: [Int]
        /// Each source's parts (its row's width), and the parts of source
        /// `s`, in order (its columns): `partList[partStarts[s]..<partStarts[s + 1]]`.
        private let widths: [Int]
        private let partStarts: [Int]
        private let partList: UnsafeMutablePointer<Int>
        /// Whether each projected part's key was put by its source for the entity last filled.
        private let keyed: UnsafeMutablePointer<Bool>
        /// Counts the entities filled: a ``Keyer`` shared by several rules
        /// looks each entity up once, for the first of them that asks.
        fileprivate private(set) var generation: UInt64 = 0
        /// Whether each part is read from `binding` or `connection`, which
        /// the binding decides, and whether each source is; those parts are
        /// kept per distinct binding (nil: no part is).
        private let fromBinding: UnsafeMutablePointer<Bool>
        private let sourceFromBinding: [Bool]
        private let bindingMemo: BindingPartsMemo?

        /// The parts of `memos` (the rules of `scope`, nil for a rule not memoized).
        init(_ memos: [WhenMemo?], scope: RuleScope) {
            var reads: [Read] = []
            var index: [String: Int] = [:]
            func part(_ slot: Int, _ field: String?, _ projection: ConnectionProjection?) -> Int {
                let name = WhenMemo.projectionKey(slot, field ?? "") + (projection.map { " by " + $0.description } ?? "")
                if let i = index[name] { return i }
                index[name] = reads.count
                reads.append(Read(
                    slot: slot, field: field, reader: field.flatMap { WhenMemo.celType(slot, scope)?.reader($0) },
                    key: field.flatMap { WhenMemo.fieldKey(slot, $0, scope) }, projection: projection))
                return reads.count - 1
            }
            indices = memos.map { memo in
                memo.map { m in
                    m.reads.flatMap { r in
                        r.fields.map { fields in fields.map { part(r.slot, $0, m.projections[WhenMemo.projectionKey(r.slot, $0)]) } }
                            ?? [part(r.slot, nil, m.projections[WhenMemo.projectionKey(r.slot, "")])]
                    }
                }
            }
            self.reads = reads
            // The readers and keys are held by `reads` for the life of the plan.
            plan = .allocate(capacity: max(1, reads.count))
            for (i, r) in reads.enumerated() {
                let how: How =
                    r.field == nil
                    ? (r.projection != nil ? .projectedWhole : .whole)
                    : r.projection != nil && r.key?.isConnections == true ? .projected : r.key != nil ? .key : .value
                (plan + i).initialize(to: Plan(
                    slot: r.slot, how: how, reader: r.reader.map { Unmanaged.passUnretained($0) },
                    key: r.key.map { Unmanaged.passUnretained($0) }))
            }
            parts = .allocate(capacity: max(1, reads.count))
            parts.initialize(repeating: Part(), count: reads.count)
            values = .allocate(capacity: max(1, reads.count))
            values.initialize(repeating: .null, count: reads.count)
            var sources: [Source] = []
            var sourceIndex: [String: Int] = [:]
            var sourceOf: [Int] = []
            for r in reads {
                guard r.projection != nil, r.field == nil || r.key?.isConnections == true else {
                    sourceOf.append(-1)
                    continue
                }
                let name = WhenMemo.projectionKey(r.slot, r.field ?? "")
                if let s = sourceIndex[name] {
                    sourceOf.append(s)
                    continue
                }
                sourceIndex[name] = sources.count
                sourceOf.append(sources.count)
                // The key is held by `reads` for the life of the plan.
                sources.append(Source(slot: r.slot, key: r.field == nil ? nil : r.key.map { Unmanaged.passUnretained($0) }))
            }
            self.sourceOf = sourceOf
            self.sources = sources
            rows = Array(repeating: nil, count: sources.count)
            rowCounts = Array(repeating: 0, count: sources.count)
            let bySource = sources.indices.map { s in sourceOf.indices.filter { sourceOf[$0] == s } }
            widths = bySource.map(\.count)
            partStarts = bySource.reduce(into: [0]) { $0.append(($0.last ?? 0) + $1.count) }
            partList = .allocate(capacity: max(1, reads.count))
            partList.initialize(from: bySource.flatMap { $0 }, count: bySource.reduce(0) { $0 + $1.count })
            keyed = .allocate(capacity: max(1, reads.count))
            keyed.initialize(repeating: false, count: max(1, reads.count))
            let decided = Set([Slot.binding, .connection].map(\.rawValue))
            fromBinding = .allocate(capacity: max(1, reads.count))
            fromBinding.initialize(repeating: false, count: max(1, reads.count))
            for (i, r) in reads.enumerated() { fromBinding[i] = decided.contains(r.slot) }
            sourceFromBinding = sources.map { decided.contains($0.slot) }
            bindingMemo = BindingPartsMemo(members: reads.indices.filter { decided.contains(reads[$0].slot) })
        }

        deinit {
            plan.deinitialize(count: reads.count)
            plan.deallocate()
            parts.deallocate()
            values.deinitialize(count: reads.count)
            values.deallocate()
            for r in rows { r?.deallocate() }
            partList.deallocate()
            keyed.deallocate()
            fromBinding.deallocate()
        }

        var count: Int { reads.count }

        /// Whether part `i` is a field read by its key.
        func isKeyed(_ i: Int) -> Bool { reads[i].key != nil }

        /// What part `i` reads: `use.app`, or a variable whole: `connection`;
        /// `binding.possible by app, environment` for a list of connections by their values.
        func describe(_ i: Int) -> String {
            RuleEnvironment.slots[reads[i].slot] + (reads[i].field.map { "." + $0 } ?? "")
                + (reads[i].projection.map { " by " + $0.description } ?? "")
        }

        /// Reads every part of one entity's variables (by slot).
        func fill(_ globals: [CELValue]) {
            generation &+= 1
            globals.withUnsafeBufferPointer { g in
                // The parts the binding decides, kept from a step with the same binding.
                var place = -1
                if bindingMemo != nil, case .object(let o) = g[Slot.binding.rawValue], let b = o as? BindingObject { place = b.place }
                let connection = g[Slot.connection.rawValue]
                let kept = place >= 0 && bindingMemo?.copy(place: place, connection: connection, into: parts, values) == true
                // The projected parts' keys, each source read once for all its parts.
                for s in 0..<sources.count where !(kept && sourceFromBinding[s]) { fillSource(s, g[sources[s].slot]) }
                for i in 0..<reads.count {
                    if kept, fromBinding[i] { continue }
                    let r = plan[i]
                    if r.how == .whole {
                        put(i, g[r.slot])
                        continue
                    }
                    if r.how == .projectedWhole || r.how == .projected, keyed[i] { continue }
                    if r.how == .projectedWhole {
                        // Not a connection (nor null): the value itself.
                        put(i, g[r.slot])
                        continue
                    }
                    guard case .object(let o) = g[r.slot] else {
                        // Not an object: its fields are not read; told apart from any field's value.
                        put(i, g[r.slot])
                        if parts[i].tag != 0 { parts[i].tag |= 0x100 }
                        continue
                    }
                    // A field's key; an object without it (not of the field's type) is read as a value.
                    if r.how == .key, let words = r.key.flatMap({ $0._withUnsafeGuaranteedRef { $0.words(o) } }) {
                        putKey(i, words)
                    } else {
                        put(i, r.reader.flatMap { $0._withUnsafeGuaranteedRef { $0.read(o) } } ?? o.field(reads[i].field ?? ""))
                    }
                }
                if place >= 0, !kept { bindingMemo?.keep(place: place, connection: connection, from: parts, values) }
            }
        }

        /// Reads source `s` of the entity being filled, which connections
        /// its list holds (or its one connection, or none for null), and
        /// puts the key of each of its parts by their classes; `keyed` says
        /// which parts it put (the others are read as values).
        private func fillSource(_ s: Int, _ v: CELValue) {
            let first = partStarts[s]
            let end = partStarts[s + 1]
            guard let held = connections(s, v) else {
                for k in first..<end { keyed[partList[k]] = false }
                return
            }
            let row = rows[s]?.baseAddress
            let (count, width) = (rowCounts[s], widths[s])
            for k in first..<end {
                let i = partList[k]
                if let words = ConnectionProjection.words(held, rows: row, count: count, stride: width, column: k - first) {
                    putKey(i, words)
                    keyed[i] = true
                } else {
                    keyed[i] = false
                }
            }
        }

        /// The connections source `s` holds in value `v` (nil: none: not a
        /// list of connections, nor a connection or null); the first time
        /// it holds one, classes the workspace's connections for its parts.
        private func connections(_ s: Int, _ v: CELValue) -> ConnectionIndices? {
            guard case .object(let o) = v else {
                // Null: a slot's connection that is not there; a field of something else: not a list of connections.
                if case .null = v, sources[s].key == nil { return ConnectionIndices(one: nil) }
                return nil
            }
            let key = sources[s].key
            let c = key == nil ? o as? ConnectionObject : nil
            let held = key.map { k in k._withUnsafeGuaranteedRef { $0.held?(o) } } ?? c.map { ConnectionIndices(one: $0.index) }
            if held != nil, rows[s] == nil { classify(s, o, key, c) }
            return held
        }

        /// Makes source `s`'s rows: the classes of its workspace's connections for each of its parts.
        private func classify(_ s: Int, _ o: any CELObject, _ key: Unmanaged<HostFieldKey>?, _ c: ConnectionObject?) {
            // One connection of the workspace: the classes are its workspace's, made once for every thread.
            guard let first = key.map({ k in k._withUnsafeGuaranteedRef { $0.all?(o)?.first } }) ?? c else { return }
            let width = widths[s]
            var tables: [[UInt32]] = []
            for k in partStarts[s]..<partStarts[s + 1] {
                guard let projection = reads[partList[k]].projection else { return }
                tables.append(first.workspaceClasses(projection))
            }
            let count = tables.first?.count ?? 0
            let table = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(1, count * width))
            table.initialize(repeating: 0)
            for (column, classes) in tables.enumerated() {
                for (k, cls) in classes.enumerated() where k < count { table[k * width + column] = cls }
            }
            rows[s] = table
            rowCounts[s] = count
        }

        /// A field's key words, apart from any value's part.
        private func putKey(_ i: Int, _ words: HostFieldKey.Words) {
            var p = Part()
            (p.tag, p.a, p.b) = (9, words.0, words.1)
            p.mix()
            parts[i] = p
            values[i] = .null
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
                (p.a, p.b) = s.keyWords
                held = .string(s)
            case .object(let o)?:
                (p.tag, p.a) = (8, UInt64(UInt(bitPattern: ObjectIdentifier(o))))
                held = .object(o)
            default: break
            }
            p.mix()
            parts[i] = p
            values[i] = held
        }
    }

    /// Remembers the `false` answers of the rules that read exactly the same
    /// parts (its members, at most 64: one bit each) over the ranges of
    /// entities one evaluation state serves (one range at a time: not
    /// shared), keyed by those parts of a ``Parts``: an open addressing table
    /// of the remembered keys (no key value built or hashed per look-up: the
    /// hash is the parts' mixed words, combined), at most a quarter full.
    /// Each key is looked up once per entity, whichever member asks first,
    /// and holds the members that gave false for it. A slot holds the top
    /// half of its key's hash beside the entry, and an entry's words are one
    /// row (its tags, its parts, its members), so a look-up reads two places
    /// in memory: at a million steps the keyers' tables outgrow the caches,
    /// and each place read was a miss. What a remembered key refers to is
    /// held, so an address is never reused while it is remembered. A look-up
    /// probes at most `maxProbes` slots (past them: not remembered, the rule
    /// is evaluated), so keys made to collide cost no more than evaluating.
    final class Keyer {
        static let maxParts = 5
        static let maxMembers = 64
        /// Remembered keys kept at most (past it, entities are evaluated).
        static let capacity = 4096
        private static let maxProbes = 32
        /// Mixed into every hash: where keys land differs from run to run.
        private static let seed = UInt64.random(in: 0...UInt64.max)
        private static let top: UInt64 = 0xFFFF_FFFF_0000_0000

        private let parts: Parts
        private let indices: [Int]
        /// `indices`, in place (read on every look-up: no retain, no bounds check).
        private let at: UnsafeMutablePointer<Int>
        private let seed = Keyer.seed
        // One thread's: not checked for overlapping access at run time.
        /// By slot: the top half of the entry's hash, and the entry + 1 in
        /// the bottom half (0: empty); a power of two slots, or none.
        @exclusivity(unchecked) private var table: [UInt64] = []
        /// A hash's top bits are its first slot (at least 32: the slots hold them).
        private var shift: UInt64 = 64
        /// Each entry's row: the parts' tags in one word (12 bits each: at
        /// most ``maxParts``), two words per part, and the members that gave
        /// false, one bit each.
        @exclusivity(unchecked) private var words: [UInt64] = []
        private var entries = 0
        @exclusivity(unchecked) private var held: [CELValue] = []
        /// The generation of ``Parts`` last looked up (or prepared), its hash
        /// and tags, and what it found: an entry, -1 (none), or -2 (a value
        /// that cannot be keyed).
        private var lookedUp: UInt64 = 0
        private var last: UInt64 = 0
        private var lastTags: UInt64 = 0
        private var found = -1
        /// The first slot the key last prepared probes (0: empty).
        private var firstSlot: UInt64 = 0
        /// Words per entry.
        private var stride: Int { 2 + 2 * indices.count }

        init(_ parts: Parts, indices: [Int]) {
            self.parts = parts
            self.indices = indices
            at = .allocate(capacity: max(1, indices.count))
            at.initialize(from: indices, count: indices.count)
        }

        deinit { at.deallocate() }

        /// Whether member `member`'s `when` gave false for an entity with the
        /// same key as the one whose parts were last filled; nil when a value
        /// it reads cannot be keyed. (One member of ``knownFalse()``, which
        /// the engine reads, told apart from a key that cannot be made.)
        func isKnownFalse(member: Int = 0) -> Bool? {
            let members = knownFalse()
            return found == -2 ? nil : members & (1 << UInt64(member)) != 0
        }

        /// The members whose `when` gave false for the key of the parts last
        /// filled, member `m` by bit `m` (0: the key is not remembered, or a
        /// value read cannot be keyed).
        func knownFalse() -> UInt64 {
            if lookedUp != parts.generation { lookUp() }
            return found >= 0 ? words[found * stride + stride - 1] : 0
        }

        /// Looks the parts last filled up: sets `found`.
        private func lookUp() {
            prepare()
            resolve()
        }

        /// The first half of a look-up: the key's hash, and the first slot it
        /// probes read. A state looks up every keyer of an entity in two
        /// passes, each keyer's first half, then each keyer's second: the
        /// reads of the slots (and then of the entries) of different keyers
        /// do not wait for one another, where a look-up at a time waited for
        /// each (at a million steps most of them miss the caches).
        func prepare() {
            lookedUp = parts.generation
            var h = seed
            var tags: UInt64 = 0
            let filled = parts.parts
            for k in 0..<indices.count {
                let p = filled[at[k]]
                guard p.tag != 0 else {
                    found = -2
                    return
                }
                h = p.fold(h)
                tags |= p.tag &<< (12 &* UInt64(k))
            }
            h ^= h >> 31
            last = h
            lastTags = tags
            found = -1
            guard !table.isEmpty else {
                firstSlot = 0
                return
            }
            firstSlot = table.withUnsafeBufferPointer { $0[Int(truncatingIfNeeded: h >> shift)] }
        }

        /// The second half of a look-up (after ``prepare()``): sets `found`.
        func resolve() {
            guard found == -1, firstSlot != 0 else { return }
            let h = last
            let high = h & Self.top
            let filled = parts.parts
            found = table.withUnsafeBufferPointer { table in
                var slot = Int(truncatingIfNeeded: h >> shift)
                var t = firstSlot
                for _ in 0..<Self.maxProbes {
                    if t == 0 { return -1 }
                    if t & Self.top == high {
                        let e = Int(truncatingIfNeeded: t & ~Self.top) - 1
                        if matches(e, filled) { return e }
                    }
                    slot = (slot + 1) & (table.count - 1)
                    t = table[slot]
                }
                return -1
            }
        }

        /// Whether entry `e` holds the words of the parts last filled.
        private func matches(_ e: Int, _ filled: UnsafeMutablePointer<Part>) -> Bool {
            let n = indices.count
            return words.withUnsafeBufferPointer { words in
                var w = e * stride
                guard words[w] == lastTags else { return false }
                w += 1
                for k in 0..<n {
                    let p = filled[at[k]]
                    guard words[w] == p.a, words[w + 1] == p.b else { return false }
                    w += 2
                }
                return true
            }
        }

        /// Remembers that member `member`'s `when` gave false for the key last
        /// looked up (its bit not in ``knownFalse()``); nothing when that key
        /// could not be made.
        func rememberFalse(member: Int = 0) {
            let bit: UInt64 = 1 << UInt64(member)
            if found >= 0 {
                words[found * stride + stride - 1] |= bit
                return
            }
            guard found == -1, entries < Self.capacity else { return }
            if 4 * (entries + 1) > table.count { grow() }
            guard let slot = freeSlot(last, within: Self.maxProbes) else { return }
            words.append(lastTags)
            for i in indices {
                let p = parts.parts[i]
                words.append(p.a)
                words.append(p.b)
                if case .null = parts.values[i] { continue }
                held.append(parts.values[i])
            }
            words.append(bit)
            entries += 1
            table[slot] = (last & Self.top) | UInt64(entries)
            found = entries - 1
        }

        /// The first empty slot for `hash`, nil when none within `probes`.
        private func freeSlot(_ hash: UInt64, within probes: Int) -> Int? {
            var slot = Int(truncatingIfNeeded: hash >> shift)
            for _ in 0..<probes {
                if table[slot] == 0 { return slot }
                slot = (slot + 1) & (table.count - 1)
            }
            return nil
        }

        /// Doubles the table (64 slots at first) and places every entry again;
        /// makes room for the entries it can take (a quarter of its slots, at
        /// most ``capacity``), so that the entries' words do not grow past
        /// what is remembered (appending doubled them to 1.8 times).
        private func grow() {
            let slots = max(64, 2 * table.count)
            words.reserveCapacity(min(slots / 4, Self.capacity) * stride)
            let old = table
            table = Array(repeating: 0, count: slots)
            shift = UInt64(64 - slots.trailingZeroBitCount)
            // A slot's top half is its hash's: where it goes is read from it.
            for t in old where t != 0 {
                // At most an eighth full: a free slot is always found.
                if let slot = freeSlot(t & Self.top, within: slots) { table[slot] = t }
            }
        }
    }
}
