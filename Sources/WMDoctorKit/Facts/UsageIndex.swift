/// One use of a connection: a step of a workflow, or its trigger. Indices
/// into the workspace's workflows and that workflow's steps.
public struct UseRef: Hashable, Sendable {
    public var workflow: Int32
    /// The step's index, or -1 for the trigger.
    public var step: Int32

    public init(workflow: Int, step: Int?) {
        self.workflow = Int32(clamping: workflow)
        self.step = Int32(clamping: step ?? -1)
    }

    public var isTrigger: Bool { step < 0 }
}

/// Who uses what, worked out once per workspace from its resolved bindings:
/// the uses each connection serves (and those that may run as it), the app
/// keys used, and the connection each app falls back to for a step naming
/// no connection.
/// Rules (`connection.usage`, `uses`), findings (`affects`), impact,
/// ranking, inventory and the HTML table all read it; none rebuilds it.
public struct UsageIndex: Sendable {
    /// The uses whose resolved binding is each connection (by index), in
    /// workflow order, each workflow's trigger before its steps.
    public var byConnection: [UseList]
    /// The uses that may run as each connection (by index) though
    /// `byConnection` lists them under another: their pick among tied
    /// candidates is undetermined. In the same order.
    public var tiedByConnection: [UseList]
    /// The app keys of every step and trigger. Their uses are listed when an
    /// app rule asks (``ResolvedWorkspace/uses(ofApp:)``): a list of every use
    /// by app, held for the whole check, was 8 MB of the peak at a million uses.
    public var appKeys: Set<String>
    /// What a use of each app that names no connection gets (default, only,
    /// most recent), for every app with connections.
    public var fallback: [String: Binding]

    public init(workspace w: Workspace, stepBindings: StepBindings, triggerBindings: TriggerBindings, fallback: [String: Binding]) {
        let connectionCount = w.connections.count
        // A range of workflows per core, each listing its own uses; joined in workflow order.
        let n = w.workflows.count
        let pieces = max(1, min(processorCount, n / 4096))
        let parts = parallelMap((0..<pieces).map { (n * $0 / pieces)..<(n * ($0 + 1) / pieces) }) { range in
            Self.uses(in: range, of: w, stepBindings: stepBindings, triggerBindings: triggerBindings, connections: connectionCount)
        }
        let packing = UsePacking(w)
        func joined(_ lists: [[[UseRef]]]) -> [UseList] {
            (0..<connectionCount).map { c in
                UseList(lists.lazy.flatMap { $0[c] }, count: lists.reduce(0) { $0 + $1[c].count }, packing: packing)
            }
        }
        byConnection = joined(parts.map(\.byConnection))
        tiedByConnection = joined(parts.map(\.tiedByConnection))
        appKeys = parts.reduce(into: Set<String>()) { $0.formUnion($1.apps.keys) }
        self.fallback = fallback
    }

    /// The uses of one range of workflows.
    private struct Part: Sendable {
        var byConnection: [[UseRef]]
        var tiedByConnection: [[UseRef]]
        var apps = AppKeys()
    }

    private static func uses(
        in range: Range<Int>, of w: Workspace, stepBindings: StepBindings, triggerBindings: TriggerBindings, connections: Int
    ) -> Part {
        var part = Part(byConnection: Array(repeating: [], count: connections), tiedByConnection: Array(repeating: [], count: connections))
        /// `use` among its connection's uses, and its tied candidates'.
        func note(_ use: UseRef, _ b: Binding) {
            if let c = b.connection, c >= 0 && c < connections { part.byConnection[c].append(use) }
            guard b.isUndetermined else { return }
            for i in b.tied where i != b.connection && i >= 0 && i < connections { part.tiedByConnection[i].append(use) }
        }
        // The steps and every binding read in place (a step copied retains its id and its rare box;
        // a binding copied, its lists, which the other threads' uses share).
        for wi in range {
            if let t = w.workflows[wi].trigger {
                let use = UseRef(workflow: wi, step: nil)
                part.apps.note(t.appNumber)
                triggerBindings.read(workflow: wi) { note(use, $0) }
            }
            let steps = w.workflows[wi].steps
            for si in steps.indices {
                let use = UseRef(workflow: wi, step: si)
                part.apps.note(steps[si].appNumber)
                stepBindings.read(workflow: wi, step: si) { note(use, $0) }
            }
        }
        return part
    }

    /// The app keys met, by vocabulary number (equal exactly when the texts
    /// are: no text is made or read per use), with a small cache in front of
    /// the set: an app met again (most uses) is found without hashing.
    private struct AppKeys: Sendable {
        private var numbers: Set<VocabularyText> = []
        private var cached = [VocabularyText](repeating: .none, count: 64)

        /// Notes `app` (none: a trigger without one).
        mutating func note(_ app: VocabularyText) {
            guard app != .none else { return }
            let c = Int(truncatingIfNeeded: (UInt64(app.number) &* 0x9E37_79B9_7F4A_7C15) >> 58)
            if cached[c] == app { return }
            numbers.insert(app)
            cached[c] = app
        }

        var keys: Set<String> { Set(numbers.compactMap(\.text)) }
    }

    /// Whether connection `index` is what its app's steps naming no connection get.
    public func isFallback(_ index: Int, app: String) -> Bool { fallback[app]?.connection == index }
}

extension ResolvedWorkspace {
    /// The binding of a use (a copy: ``read(bindingOf:_:)`` reads one fact of it in place).
    public func binding(of use: UseRef) -> Binding? { read(bindingOf: use) { $0 } }

    /// `fact` of a use's binding, read where it lies (nil: a trigger of a
    /// workflow without one); ``binding(of:)`` copies it.
    func read<R>(bindingOf use: UseRef, _ fact: (Binding) -> R) -> R? {
        use.isTrigger ? triggerBindings.read(workflow: Int(use.workflow), fact) : stepBindings.read(workflow: Int(use.workflow), step: Int(use.step), fact)
    }

    /// Whether the export does not determine the use's connection (tied candidates).
    public func isUndetermined(_ use: UseRef) -> Bool { read(bindingOf: use) { $0.isUndetermined } ?? false }

    /// Every use (bound or not) of app `key`, in workflow order, the trigger
    /// before the steps: made when asked, for the app rules.
    public func uses(ofApp key: String) -> [UseRef] {
        var out: [UseRef] = []
        // Compared by vocabulary number (equal exactly when the texts are), no string read;
        // and read in place: a workflow or step copied retains each of its texts.
        let app = VocabularyText(key)
        let workflows = workspace.workflows
        for wi in workflows.indices {
            if workflows[wi].trigger?.appNumber == app { out.append(UseRef(workflow: wi, step: nil)) }
            let steps = workflows[wi].steps
            for si in steps.indices where steps[si].appNumber == app { out.append(UseRef(workflow: wi, step: si)) }
        }
        return out
    }

    /// The connection the use's step or trigger names in the export, if any.
    public func reference(of use: UseRef) -> ConnectionReference? {
        let wf = workspace.workflows[Int(use.workflow)]
        return use.isTrigger ? wf.trigger?.connection : wf.steps[Int(use.step)].connection
    }
}
