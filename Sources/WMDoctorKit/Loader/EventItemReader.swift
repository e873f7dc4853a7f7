/// Reads a workflow straight from its events: its mapping, its trigger, its
/// `steps` list and each step are never composed into nodes. They are most
/// of a large export, and composing them (a pairs array for every mapping,
/// nodes copied into it) and then reading the nodes back took as much of the
/// building thread as everything else together.
///
/// The result is exactly that of composing the workflow and reading it with
/// ``LoadContext/readWorkflow(_:workspace:)``: the same model, the same
/// findings in the same order, the same secret spans and duplicate keys.
/// - Only a mapping whose keys are all allowed, each once, with the required
///   ones present, is read so: one that is not would report at its keys,
///   which only the composed path does. A step or trigger that is not is
///   composed and read by the node path; a workflow that is not is composed
///   whole from its gathered events, as is one with an anchor, an alias or
///   a tag anywhere, one cut short, or one too large to gather.
/// - Values are either scalars, made into the nodes the composer would make
///   (secrets by shape redacted), or composed by the composer itself from
///   the gathered events (`params`, `expect`, a connection as a mapping, any
///   value of the wrong type), in stream order, and then read by the same
///   field readers (``ItemFields``) in the same order as the node path.
final class EventItemReader {
    private let composer: YAMLComposer
    fileprivate let ctx: LoadContext
    private let replay = EventReplay()
    /// For each gathered event that starts a mapping or list, the index of the event that ends it (any other: itself).
    @exclusivity(unchecked) private var ends: [Int32] = []
    @exclusivity(unchecked) private var open: [Int32] = []
    /// For each value event: the node read or composed there (kept between items: always written before read).
    @exclusivity(unchecked) private var slots: [YAMLNode?] = []
    /// The workflow's steps: each item's event and, when read from its events, its fields.
    @exclusivity(unchecked) private var stepItems: [(at: Int, fields: SIMD8<Int32>?)] = []
    /// Where a key's value is in the fields of each section (``fields(at:allowed:required:)``).
    private static let workflowID = key("id", of: ExportSchema.workflow)
    private static let workflowTrigger = key("trigger", of: ExportSchema.workflow)
    private static let stepID = key("id", of: ExportSchema.step)
    private static let stepApp = key("app", of: ExportSchema.step)
    private static func key(_ key: String, of allowed: [String]) -> Int { KeyTable.index(of: key, in: allowed) ?? 0 }
    /// Workflows composed whole instead (declined), and steps and triggers composed (tests check which way an item went).
    @exclusivity(unchecked) private(set) var composedWorkflows = 0
    @exclusivity(unchecked) private(set) var composedParts = 0
    /// Events gathered at most for one workflow (a larger one is composed as it is read).
    static let maxEvents = 1 << 14

    init(composer: YAMLComposer, ctx: LoadContext) {
        self.composer = composer
        self.ctx = ctx
        composer.replay = replay
    }

    /// The workflow whose first event is `first`, the rest taken from `feed`.
    func readWorkflow(_ first: consuming YAMLEvent, from feed: YAMLEventFeed, workspace: String) throws(YAMLError) -> Workflow? {
        defer { replay.finish() }
        guard gather(first, from: feed), let top = fields(at: 0, allowed: ExportSchema.workflow, required: ExportSchema.workflowRequired)
        else {
            // Composed from what was gathered, then the feed, as if never gathered.
            composedWorkflows += 1
            replay.position = 1
            let node = try composer.compose(from: replay.events[0], depth: 2)
            return ctx.readWorkflow(node, workspace: workspace)
        }
        if slots.count < replay.events.count { slots += repeatElement(nil, count: replay.events.count - slots.count) }
        stepItems.removeAll(keepingCapacity: true)

        // First, in stream order, what composing the workflow would do: the
        // composer's checks, secret spans and duplicate keys come in its order.
        var triggerFields: SIMD8<Int32>?
        var stepsListed = false
        try composer.checkDepth(2, at: start(0))
        try readPairs(of: 0, depth: 2) { key, v throws(YAMLError) in
            switch key {
            case "trigger":
                guard let t = fields(at: v, allowed: ExportSchema.trigger, required: []) else {
                    composedParts += 1
                    return false
                }
                try composer.checkDepth(3, at: start(v))
                try readPairs(of: v, depth: 3) { _, _ in false }
                triggerFields = t
                return true
            case "steps":
                guard case .sequenceStart = replay.events[v] else { return false }
                try composer.checkDepth(3, at: start(v))
                var j = v + 1
                while j < Int(ends[v]) {
                    if let s = fields(at: j, allowed: ExportSchema.step, required: ExportSchema.stepRequired) {
                        try composer.checkDepth(4, at: start(j))
                        try readPairs(of: j, depth: 4) { _, _ in false }
                        stepItems.append((j, s))
                    } else {
                        composedParts += 1
                        try compose(at: j, depth: 4)
                        stepItems.append((j, nil))
                    }
                    j = Int(ends[j]) + 1
                }
                stepsListed = true
                return true
            default:
                return false
            }
        }

        // Then the workflow, read in the node path's order.
        let workflowID = slots[Int(top[Self.workflowID])]?.scalar?.text
        return ctx.with(EntityRef(kind: .workflow, workspace: workspace, workflow: workflowID)) {
            let f = EventFields(reader: self, at: 0, values: top, allowed: ExportSchema.workflow, section: "workflow")
            return ctx.buildWorkflow(
                f, workspace: workspace,
                trigger: {
                    ctx.with(EntityRef(kind: .trigger, workspace: workspace, workflow: workflowID)) {
                        if let triggerFields {
                            return ctx.buildTrigger(
                                EventFields(reader: self, at: Int(top[Self.workflowTrigger]), values: triggerFields, allowed: ExportSchema.trigger, section: "trigger"))
                        }
                        return f.node("trigger").flatMap { ctx.readTrigger($0) }
                    }
                },
                steps: {
                    guard stepsListed else { return ctx.readSteps(f.node("steps"), workspace: workspace, workflow: workflowID) }
                    var steps: [Step] = []
                    steps.reserveCapacity(stepItems.count)
                    for (at, fields) in stepItems {
                        let step: Step?
                        if let fields {
                            let entity = EntityRef(
                                kind: .step, workspace: workspace, workflow: workflowID,
                                step: slots[Int(fields[Self.stepID])]?.scalar?.text, app: slots[Int(fields[Self.stepApp])]?.scalar?.text)
                            step = ctx.with(entity) {
                                ctx.buildStep(EventFields(reader: self, at: at, values: fields, allowed: ExportSchema.step, section: "step"))
                            }
                        } else if let node = slots[at] {
                            step = ctx.readStep(node, workspace: workspace, workflow: workflowID)
                        } else {
                            step = nil
                        }
                        if let step { steps.append(step) }
                    }
                    return steps
                })
        }
    }

    /// Moves the item's events from `feed` into the replay; true when the
    /// whole item is there and it has no anchor, alias or tag.
    private func gather(_ first: consuming YAMLEvent, from feed: YAMLEventFeed) -> Bool {
        replay.events.removeAll(keepingCapacity: true)
        replay.position = 0
        ends.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        var event = first
        while true {
            let i = Int32(replay.events.count)
            var plain = true
            // Matched against nil, not bound: nothing is copied.
            switch event {
            case .mappingStart(nil, nil, _), .sequenceStart(nil, nil, _):
                open.append(i)
                ends.append(i)
            case .mappingEnd, .sequenceEnd:
                ends.append(i)
                if let o = open.popLast() { ends[Int(o)] = i }
            case .scalar(let scalar, nil, _, _):
                plain = scalar.tag == nil
                ends.append(i)
            default:
                plain = false
                ends.append(i)
            }
            replay.events.append(consume event)
            if !plain || open.isEmpty || replay.events.count >= Self.maxEvents { return plain && open.isEmpty }
            // Cut short: the composer meets the same end (and says so), after what comes before it.
            guard let next = feed.nextIfAny() else { return false }
            event = next
        }
    }

    /// The value events of the mapping at `i` by allowed key (-1: absent);
    /// nil unless every key is an allowed plain name, written once, the
    /// required ones are there, and the composer would not refuse their number.
    private func fields(at i: Int, allowed: [String], required: [String]) -> SIMD8<Int32>? {
        guard case .mappingStart = replay.events[i], allowed.count <= 8 else { return nil }
        var values = SIMD8<Int32>(repeating: -1)
        var j = i + 1
        var count = 0
        while j < Int(ends[i]) {
            guard case .scalar(let key, _, _, _) = replay.events[j], let k = KeyTable.index(of: key.text, in: allowed), values[k] < 0
            else { return nil }
            count += 1
            guard count <= composer.limits.maxMappingKeys else { return nil }
            values[k] = Int32(j + 1)
            j = Int(ends[j + 1]) + 1
        }
        for key in required {
            guard let k = KeyTable.index(of: key, in: allowed), values[k] >= 0 else { return nil }
        }
        return values
    }

    /// Each pair of the mapping at `i` (its keys allowed, see ``fields(at:allowed:required:)``),
    /// in order, as ``YAMLComposer`` composes it at `depth`: `direct` reads the
    /// value itself and says so, or else a scalar becomes its node here and any
    /// other value is composed; then the key's secret span, after the value's.
    private func readPairs(
        of i: Int, depth: Int, direct: (String, Int) throws(YAMLError) -> Bool
    ) throws(YAMLError) {
        var j = i + 1
        while j < Int(ends[i]) {
            guard case .scalar(let key, _, _, _) = replay.events[j] else { return }
            let v = j + 1
            if try direct(key.text, v) {
                slots[v] = nil
            } else if case .scalar(let scalar, _, let start, let end) = replay.events[v] {
                slots[v] = YAMLNode(.scalar(composer.redacted(scalar, start: start, end: end)), start: start, end: end)
            } else {
                try compose(at: v, depth: depth + 1)
            }
            composer.noteSecret(key: key.text, start: start(v), end: end(v))
            j = Int(ends[v]) + 1
        }
    }

    /// The node at `i`, composed from the gathered events.
    private func compose(at i: Int, depth: Int) throws(YAMLError) {
        replay.position = i + 1
        slots[i] = try composer.compose(from: replay.events[i], depth: depth)
    }

    private func start(_ i: Int) -> Mark {
        switch replay.events[i] {
        case .mappingStart(_, _, let m), .sequenceStart(_, _, let m), .scalar(_, _, let m, _), .alias(_, let m, _),
            .mappingEnd(let m), .sequenceEnd(let m), .documentStart(let m), .documentEnd(let m):
            return m
        case .streamStart, .streamEnd: return Mark(line: 1, column: 1)
        }
    }

    /// Where the node at `i` ends (a composed node's `end`).
    private func end(_ i: Int) -> Mark {
        if case .scalar(_, _, _, let m) = replay.events[i] { return m }
        if case .alias(_, _, let m) = replay.events[i] { return m }
        return start(Int(ends[i]))
    }

    /// The node read or composed at value event `i`.
    fileprivate func slot(_ i: Int32) -> YAMLNode? { slots[Int(i)] }

    fileprivate func location(_ i: Int) -> SourceLocation { ctx.location(start(i), length: 1) }
}

/// The fields of a mapping read by ``EventItemReader``: each value's node by key.
private struct EventFields: ItemFields {
    let reader: EventItemReader
    let section: String
    let location: SourceLocation
    private let values: SIMD8<Int32>
    private let allowed: [String]

    init(reader: EventItemReader, at i: Int, values: SIMD8<Int32>, allowed: [String], section: String) {
        self.reader = reader
        self.values = values
        self.allowed = allowed
        self.section = section
        location = reader.location(i)
    }

    var ctx: LoadContext { reader.ctx }

    func node(_ key: String) -> YAMLNode? {
        guard let k = KeyTable.index(of: key, in: allowed), values[k] >= 0 else { return nil }
        return reader.slot(values[k])
    }

    func has(_ key: String) -> Bool {
        guard let k = KeyTable.index(of: key, in: allowed) else { return false }
        return values[k] >= 0
    }
}
