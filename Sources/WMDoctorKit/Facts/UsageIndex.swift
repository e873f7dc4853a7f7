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
    public var byConnection: [[UseRef]]
    /// The uses that may run as each connection (by index) though
    /// `byConnection` lists them under another: their pick among tied
    /// candidates is undetermined. In the same order.
    public var tiedByConnection: [[UseRef]]
    /// The app keys of every step and trigger. Their uses are listed when an
    /// app rule asks (``ResolvedWorkspace/uses(ofApp:)``): a list of every use
    /// by app, held for the whole check, was 8 MB of the peak at a million uses.
    public var appKeys: Set<String>
    /// What a use of each app that names no connection gets (default, only,
    /// most recent), for every app with connections.
    public var fallback: [String: Binding]

    public init(workspace w: Workspace, stepBindings: StepBindings, triggerBindings: [Binding?], fallback: [String: Binding]) {
        var byConnection = [[UseRef]](repeating: [], count: w.connections.count)
        var tiedByConnection = byConnection
        var apps = AppKeys()
        func tied(_ use: UseRef, _ b: Binding) {
            guard b.isUndetermined else { return }
            for i in b.tied where i != b.connection && tiedByConnection.indices.contains(i) { tiedByConnection[i].append(use) }
        }
        for wi in w.workflows.indices {
            if let t = w.workflows[wi].trigger, let b = triggerBindings[wi] {
                let use = UseRef(workflow: wi, step: nil)
                if let app = t.app?.value { apps.note(app) }
                if let c = b.connection, byConnection.indices.contains(c) { byConnection[c].append(use) }
                tied(use, b)
            }
            // The steps and their bindings read in place (a step copied retains its id and its rare box).
            let steps = w.workflows[wi].steps
            let bindings = stepBindings[wi]
            for si in steps.indices {
                let use = UseRef(workflow: wi, step: si)
                apps.note(steps[si].app.value)
                let b = bindings[si]
                if let c = b.connection, byConnection.indices.contains(c) { byConnection[c].append(use) }
                tied(use, b)
            }
        }
        // At their size: each list grew by appending (a million uses at dense 100 MB).
        self.byConnection = byConnection.map { $0.exactSize() }
        self.tiedByConnection = tiedByConnection.map { $0.exactSize() }
        self.appKeys = apps.keys
        self.fallback = fallback
    }

    /// The app keys met, with a small cache in front of the set: an app's
    /// key met again (most steps) is found by its `String`'s words
    /// (``Swift/String/keyWords``), with no hashing of its text.
    private struct AppKeys {
        private(set) var keys: Set<String> = []
        private var cachedWords = [(UInt64, UInt64)](repeating: (0, 0), count: 64)
        private var cached = [Bool](repeating: false, count: 64)

        mutating func note(_ app: String) {
            let words = app.keyWords
            let c = Int(truncatingIfNeeded: ((((words.0 &* 0x9E37_79B9_7F4A_7C15) ^ words.1) &* 0xBF58_476D_1CE4_E5B9) >> 58))
            // Equal words are the same text (inline, or the same storage, which the model holds).
            if cached[c] && cachedWords[c] == words { return }
            keys.insert(app)
            cachedWords[c] = words
            cached[c] = true
        }
    }

    /// Whether connection `index` is what its app's steps naming no connection get.
    public func isFallback(_ index: Int, app: String) -> Bool { fallback[app]?.connection == index }
}

extension ResolvedWorkspace {
    /// The binding of a use.
    public func binding(of use: UseRef) -> Binding? {
        use.isTrigger ? triggerBindings[Int(use.workflow)] : stepBindings[Int(use.workflow)][Int(use.step)]
    }

    /// Whether the export does not determine the use's connection (tied candidates).
    public func isUndetermined(_ use: UseRef) -> Bool { binding(of: use)?.isUndetermined ?? false }

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

    /// A use as findings carry it: ids, names, how its connection was chosen, where it is written.
    public func affectedUse(_ use: UseRef) -> AffectedUse {
        let wf = workspace.workflows[Int(use.workflow)]
        let b = binding(of: use)
        let step = use.isTrigger ? nil : wf.steps[Int(use.step)]
        return AffectedUse(
            workspace: workspace.slug, workflow: wf.id.value, workflowName: wf.nameText, step: step?.id.value,
            stepName: step?.name?.value, method: b?.method ?? .none,
            connection: b?.connection.map { workspace.connections[$0].id.value }, undetermined: isUndetermined(use), enabled: wf.isEnabled,
            location: step?.location ?? wf.trigger?.location ?? wf.location)
    }
}
