/// Resolves which connection each step and trigger uses, exactly as Workflow
/// Machine does at run time. It records facts; rules judge them.
///
/// When "most recently created/updated" is decided by equal or missing
/// timestamps, the export does not determine the pick: the binding keeps the
/// tied candidates (``Binding/tied``), and `connection` is the first of them
/// in input order (a missing timestamp counting as older than any present
/// one), for rules that need one.
public struct BindingResolver: Sendable {
    private let workspace: Workspace
    private let byID: [String: Int]
    private let byApp: [String: [Int]]
    /// Each app's connections by name, in export order.
    private let byAppAndName: [String: [String: [Int]]]
    /// The binding of a step that names no connection, per app: the same for
    /// every such step, so worked out once (not once per step over every connection).
    let implicit: [String: Binding]
    /// `[i]` for each connection `i`: the candidates of a step naming it by id,
    /// one array per connection shared by all of them (not one per step).
    private let singletons: [[Int]]

    public init(_ workspace: Workspace) {
        self.workspace = workspace
        self.byID = workspace.connectionIndex()
        var byApp: [String: [Int]] = [:]
        var byAppAndName: [String: [String: [Int]]] = [:]
        for (i, c) in workspace.connections.enumerated() where byID[c.id.value] == i {
            byApp[c.app.value, default: []].append(i)
            byAppAndName[c.app.value, default: [:]][c.name.value, default: []].append(i)
        }
        self.byApp = byApp
        self.byAppAndName = byAppAndName
        implicit = byApp.mapValues { Self.implicitBinding(all: $0, in: workspace.connections) }
        singletons = workspace.connections.indices.map { [$0] }
    }

    /// Every binding of the workspace, the usage index built from them, and
    /// each connection's usability at `now`.
    public static func resolve(_ workspace: Workspace, now: Timestamp, catalog: AppCatalog? = nil) -> ResolvedWorkspace {
        let resolver = BindingResolver(workspace)
        let steps = resolver.stepBindings()
        let triggers = resolver.triggerBindings()
        return ResolvedWorkspace(
            workspace: workspace, stepBindings: steps, triggerBindings: triggers,
            usage: UsageIndex(workspace: workspace, stepBindings: steps, triggerBindings: triggers, fallback: resolver.implicit),
            usability: workspace.connections.map { Usability.of($0, now: now) },
            credentials: workspace.connections.map { CredentialFacts.of($0, catalog: catalog) })
    }

    /// Every step's binding, each distinct one held once (``StepBindings``).
    /// Binding by id needs no new binding (`singletons`, then one for an
    /// unknown id); one by name or by app is worked out once per app and name,
    /// or per app, in each range of workflows (``RangeBindings``).
    func stepBindings() -> StepBindings {
        let connectionCount = workspace.connections.count
        var distinct = singletons.indices.map { namedByID($0) }
        distinct.append(namedByID(nil))
        let shared = UInt32(distinct.count)
        let workflows = workspace.workflows
        // Each range: its own bindings by name or app (slots from `shared` on), each step's slot.
        let parts = parallelMap(workRanges(workflows.count, workers: processorCount, minimum: 1024)) { range in
            var made = RangeBindings(first: shared)
            var slotByID = RecentlySlotted<VocabularyText>()
            var index: [UInt32] = []
            // By index: iterating the workflows (or a slice of them) copied each.
            var stepCount = 0
            for wi in range { stepCount += workflows[wi].steps.count }
            index.reserveCapacity(stepCount)
            for wi in range {
                let steps = workflows[wi].steps
                for si in steps.indices {
                    let (kind, reference) = steps[si].referenceNumber
                    guard kind == .id else {
                        index.append(made.slot(app: steps[si].appNumber, kind, reference) {
                            bind(app: steps[si].app.value, reference: steps[si].connection)
                        })
                        continue
                    }
                    index.append(slotByID.slot(UInt64(reference.number), kind, reference) {
                        byID[reference.text ?? ""].map { UInt32($0) } ?? UInt32(connectionCount)
                    })
                }
            }
            return (made, index)
        }
        var start: [UInt32] = [0]
        start.reserveCapacity(workflows.count + 1)
        for wf in workflows { start.append((start.last ?? 0) + UInt32(wf.steps.count)) }
        let index = RangeBindings.join(parts, after: &distinct)
        return StepBindings(distinct: distinct, index: index, start: start)
    }

    /// Every trigger's binding, each distinct one held once (``TriggerBindings``):
    /// worked out once per app and reference in each range of workflows
    /// (``RangeBindings``). A trigger without app binds as `bind` says: by
    /// its reference, else to nothing (`no-app`).
    func triggerBindings() -> TriggerBindings {
        let workflows = workspace.workflows
        let parts = parallelMap(workRanges(workflows.count, workers: processorCount, minimum: 1024)) { range in
            var made = RangeBindings(first: 0)
            var index: [UInt32] = []
            index.reserveCapacity(range.count)
            for wi in range {
                guard let t = workflows[wi].trigger else {
                    index.append(TriggerBindings.noTrigger)
                    continue
                }
                let (kind, reference) = t.referenceNumber
                index.append(made.slot(app: t.appNumber, kind, reference) { bind(app: t.app?.value, reference: t.connection) })
            }
            return (made, index)
        }
        var distinct: [Binding] = []
        let index = RangeBindings.join(parts, after: &distinct)
        return TriggerBindings(distinct: distinct, index: index)
    }

    /// The binding of a reference by id to connection `index`, or to no connection (an unknown id).
    private func namedByID(_ index: Int?) -> Binding {
        guard let index else { return Binding(connection: nil, method: .explicitID, candidates: [], failure: .unknownID) }
        return Binding(connection: index, method: .explicitID, candidates: singletons[index], failure: nil)
    }

    /// The connections of one app in export order.
    public func connections(ofApp app: String) -> [Int] { byApp[app] ?? [] }

    public func bind(app: String?, reference: ConnectionReference?) -> Binding {
        switch reference {
        case .id(let id)?:
            return namedByID(byID[id.value])
        case .name(let name)?:
            // A name reference with no app (a trigger without app) matches any app.
            let named = app.map { byAppAndName[$0]?[name.value] ?? [] }
                ?? workspace.connections.indices.filter { byID[workspace.connections[$0].id.value] == $0 && workspace.connections[$0].name.value == name.value }
            guard let (chosen, tied) = Self.latest(named, by: \.createdAt, in: workspace.connections) else {
                return Binding(connection: nil, method: .name, candidates: [], failure: .unknownName)
            }
            return Binding(connection: chosen, method: .name, candidates: named, failure: nil, tied: tied)
        case .invalid?:
            return Binding(connection: nil, method: .none, candidates: [], failure: .invalidReference)
        case nil:
            guard let app else { return .noApp }
            return implicit[app] ?? Self.implicitBinding(all: [], in: workspace.connections)
        }
    }

    /// The default connection of an app with connections `all`, else its only one, else its most recent.
    private static func implicitBinding(all: [Int], in connections: [Connection]) -> Binding {
        let defaults = all.filter { connections[$0].markedDefault }
        if let (chosen, tied) = latest(defaults, by: \.updatedAt, in: connections) {
            return Binding(connection: chosen, method: .defaultConnection, candidates: defaults, failure: nil, tied: tied)
        }
        if all.count == 1 {
            return Binding(connection: all[0], method: .onlyConnection, candidates: all, failure: nil)
        }
        if let (chosen, tied) = latest(all, by: \.createdAt, in: connections) {
            return Binding(connection: chosen, method: .mostRecent, candidates: all, failure: nil, tied: tied)
        }
        return Binding(connection: nil, method: .none, candidates: [], failure: .noConnection)
    }

    /// The most recent by `key`, and the candidates the export cannot tell
    /// apart from it (empty when it is determined): those with the latest
    /// timestamp and those with none (which may be later). The pick among
    /// tied ones is the earliest defined; a missing timestamp counts as older.
    private static func latest(
        _ indices: [Int], by key: KeyPath<Connection, Located<Timestamp>?>, in connections: [Connection]
    ) -> (pick: Int, tied: [Int])? {
        var best: Int?
        var bestTime: Timestamp?
        for i in indices {
            let t = connections[i][keyPath: key]?.value
            if best == nil {
                best = i
                bestTime = t
            } else if let t, bestTime.map({ t > $0 }) ?? true {
                best = i
                bestTime = t
            }
        }
        guard let best else { return nil }
        guard indices.count > 1 else { return (best, []) }
        let tied = indices.filter {
            let t = connections[$0][keyPath: key]?.value
            return t == nil || t == bestTime
        }
        return (best, tied.count > 1 ? tied : [])
    }
}

/// One range of workflows' own bindings by app and reference, each worked
/// out on first sight of its key and numbered from `first` on. Keyed by the
/// texts' vocabulary numbers (equal exactly when the texts are): no text is
/// made, hashed or located per step or trigger. Ranges run on all cores and
/// are joined in order (``join(_:after:)``).
private struct RangeBindings {
    private struct Key: Hashable {
        let app: VocabularyText
        let kind: ReferenceKind
        let reference: VocabularyText

        /// One word for the hasher (a step's look-up is on the bindings' path for every step).
        func hash(into hasher: inout Hasher) {
            hasher.combine((UInt64(app.number) << 32 | UInt64(reference.number)) ^ UInt64(kind.rawValue) << 29)
        }
    }

    private let first: UInt32
    private var made: [Binding] = []
    private var slots = RecentlySlotted<Key>()

    init(first: UInt32) { self.first = first }

    /// The slot of the binding for `app` and the reference, made by `bind` the first time.
    mutating func slot(app: VocabularyText, _ kind: ReferenceKind, _ reference: VocabularyText, bind: () -> Binding) -> UInt32 {
        // The next slot, given to the key if it is new (every slot given is below it).
        let next = first + UInt32(made.count)
        let slot = slots.slot(UInt64(app.number) << 32 | UInt64(reference.number), kind, Key(app: app, kind: kind, reference: reference)) { next }
        if slot == next { made.append(bind()) }
        return slot
    }

    /// The ranges' slots in order, each range's own bindings appended to
    /// `distinct` and its slots (from `first` on) moved past the bindings
    /// of the ranges before it. Slots below `first` (shared bindings) and
    /// `UInt32.max` (no binding) stay as they are.
    static func join(_ parts: [(RangeBindings, [UInt32])], after distinct: inout [Binding]) -> [UInt32] {
        var index: [UInt32] = []
        index.reserveCapacity(parts.reduce(0) { $0 + $1.1.count })
        for (range, slots) in parts {
            let offset = UInt32(distinct.count) - range.first
            distinct += range.made
            for slot in slots { index.append(slot >= range.first && slot != .max ? slot + offset : slot) }
        }
        return index
    }
}

/// The slots of the last keys looked up (a key's word and its reference
/// kind), in front of a dictionary: most steps repeat a key met shortly
/// before (their app's default, a connection named again), found here
/// without the dictionary's hashing (a seeded SipHash per look-up was a
/// quarter of the bindings' time at dense 100 MB). Direct-mapped: a key
/// pushes out the one in its place.
struct RecentSlots {
    private static let count = 256
    private var words = [UInt64](repeating: 0, count: count)
    /// A place's key's reference kind; 0xFF: the place is empty.
    private var kinds = [UInt8](repeating: 0xFF, count: count)
    private var slots = [UInt32](repeating: 0, count: count)

    /// A key's place, by its word alone: the same word under another kind takes the same place.
    static func place(_ word: UInt64) -> Int { Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> 56) }

    func slot(_ word: UInt64, _ kind: ReferenceKind) -> UInt32? {
        let p = Self.place(word)
        return words[p] == word && kinds[p] == kind.rawValue ? slots[p] : nil
    }

    mutating func note(_ word: UInt64, _ kind: ReferenceKind, _ slot: UInt32) {
        let p = Self.place(word)
        (words[p], kinds[p], slots[p]) = (word, kind.rawValue, slot)
    }
}

/// Slots by key, the last ones looked up first (``RecentSlots``, by the
/// key's word and reference kind, which tell keys apart as `Key` does).
struct RecentlySlotted<Key: Hashable & Sendable>: Sendable {
    private var recent = RecentSlots()
    private var slots: [Key: UInt32] = [:]

    /// The slot of `key` (its word and kind), `make`'s the first time.
    mutating func slot(_ word: UInt64, _ kind: ReferenceKind, _ key: Key, make: () -> UInt32) -> UInt32 {
        if let known = recent.slot(word, kind) { return known }
        let slot: UInt32
        if let known = slots[key] {
            slot = known
        } else {
            slot = make()
            slots[key] = slot
        }
        recent.note(word, kind, slot)
        return slot
    }
}
