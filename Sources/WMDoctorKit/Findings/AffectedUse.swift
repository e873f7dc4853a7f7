/// A step or trigger that a finding breaks: which one, how its connection
/// was chosen, and where it is written. The identity of a use (`key`) is its
/// workspace, workflow id and step id: never a line, a file or a name, so a
/// baseline keeps it when the export is reordered, split or reformatted.
public struct AffectedUse: Sendable, Hashable {
    /// Where its fields come from: written out whole (the public
    /// initializer), or one use of a resolved workspace, read when asked.
    /// A rule's finding on a step lists that step: 37,000 such findings at
    /// dense 100 MB held 128 bytes of copied ids, names and place each,
    /// while the rules ran and set the check's peak; now 24.
    private let origin: Origin
    /// With `check --baseline`: whether the baseline recorded this use for its finding.
    public var baseline: BaselineState? = nil

    private enum Origin: Sendable {
        case written(Written)
        case use(UseSource, UseRef)
    }

    /// The fields of a use written out, shared by the use's copies.
    private final class Written: Sendable {
        let workspace: String
        let workflow: String
        let workflowName: CompactText?
        let step: String?
        let stepName: String?
        let method: BindingMethod
        let connection: String?
        let undetermined: Bool
        let enabled: Bool
        let location: SourceLocation

        init(
            workspace: String, workflow: String, workflowName: CompactText?, step: String?, stepName: String?,
            method: BindingMethod, connection: String?, undetermined: Bool, enabled: Bool, location: SourceLocation
        ) {
            self.workspace = workspace
            self.workflow = workflow
            self.workflowName = workflowName
            self.step = step
            self.stepName = stepName
            self.method = method
            self.connection = connection
            self.undetermined = undetermined
            self.enabled = enabled
            self.location = location
        }
    }

    public var workspace: String {
        switch origin {
        case .written(let w): return w.workspace
        case .use(let s, _): return s.resolved.workspace.slug
        }
    }

    public var workflow: String {
        switch origin {
        case .written(let w): return w.workflow
        case .use(let s, let u): return s.workflowID(of: u)
        }
    }

    public var workflowName: String? { workflowNameText?.string }

    /// The name as the model keeps it (``CompactText``): shared with the workflow, not copied.
    private var workflowNameText: CompactText? {
        switch origin {
        case .written(let w): return w.workflowName
        case .use(let s, let u): return s.workflowName(of: u)
        }
    }

    /// The step id; nil for the workflow's trigger.
    public var step: String? {
        switch origin {
        case .written(let w): return w.step
        case .use(let s, let u): return s.stepID(of: u)
        }
    }

    public var stepName: String? {
        switch origin {
        case .written(let w): return w.stepName
        case .use(let s, let u): return s.stepName(of: u)
        }
    }

    /// How the use's connection was chosen (`id`, `name`, `default`, `only-connection`, `most-recent`, `none`).
    public var method: BindingMethod {
        switch origin {
        case .written(let w): return w.method
        case .use(let s, let u): return s.method(of: u)
        }
    }

    /// The connection the use runs through, when one was chosen (when
    /// `undetermined`, the one wmdoctor shows: the use may run as another).
    public var connection: String? {
        switch origin {
        case .written(let w): return w.connection
        case .use(let s, let u): return s.connectionID(of: u)
        }
    }

    /// The export does not determine which connection the use runs as
    /// (tied candidates: equal or missing dates). A finding on one of the
    /// others may break it, or not: it is not known which Workflow Machine picks.
    public var undetermined: Bool {
        switch origin {
        case .written(let w): return w.undetermined
        case .use(let s, let u): return s.isUndetermined(u)
        }
    }

    /// Whether the workflow is enabled (a disabled workflow breaks nothing today).
    public var enabled: Bool {
        switch origin {
        case .written(let w): return w.enabled
        case .use(let s, let u): return s.isEnabled(u)
        }
    }

    public var location: SourceLocation {
        switch origin {
        case .written(let w): return w.location
        case .use(let s, let u): return s.location(of: u)
        }
    }

    public init(
        workspace: String, workflow: String, workflowName: String? = nil, step: String?, stepName: String? = nil,
        method: BindingMethod, connection: String?, undetermined: Bool = false, enabled: Bool = true, location: SourceLocation
    ) {
        origin = .written(
            Written(
                workspace: workspace, workflow: workflow, workflowName: workflowName.map(CompactText.init), step: step,
                stepName: stepName, method: method, connection: connection, undetermined: undetermined, enabled: enabled,
                location: location))
    }

    /// Use `use` of `source`'s workspace, its fields read from there when asked.
    init(_ use: UseRef, of source: UseSource) {
        origin = .use(source, use)
    }

    /// Equal when every field is: however each was made.
    public static func == (a: AffectedUse, b: AffectedUse) -> Bool {
        a.baseline == b.baseline && a.workspace == b.workspace && a.workflow == b.workflow && a.workflowName == b.workflowName
            && a.step == b.step && a.stepName == b.stepName && a.method == b.method && a.connection == b.connection
            && a.undetermined == b.undetermined && a.enabled == b.enabled && a.location == b.location
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(workspace)
        hasher.combine(workflow)
        hasher.combine(step)
        hasher.combine(location)
        hasher.combine(baseline)
    }

    public var kind: EntityKind { step == nil ? .trigger : .step }

    /// The use's identity within its workspace, as a baseline records it.
    public var key: UseKey { UseKey(workflow: workflow, step: step) }

    /// `workflow "wf_orders" (Order paid) / step "notify" (Tell the team)`, `… / trigger`.
    public var title: String {
        var s = "workflow \(quoted(workflow))"
        if let n = workflowName, n != workflow { s += " (\(n))" }
        if let step {
            s += " / step \(quoted(step))"
            if let n = stepName, n != step { s += " (\(n))" }
        } else {
            s += " / trigger"
        }
        return s
    }

    /// How the connection was chosen, in words: `by id`, `as its app's default`, ...,
    /// and `; the export does not determine its connection` when it does not.
    public var via: String { undetermined ? method.phrase + "; the export does not determine its connection" : method.phrase }
}

/// A use's identity in a workspace: its workflow id and step id (nil: the trigger).
public struct UseKey: Sendable, Hashable, Comparable {
    public var workflow: String
    public var step: String?

    public init(workflow: String, step: String?) {
        self.workflow = workflow
        self.step = step
    }

    /// `wf_orders/notify`, `wf_orders/trigger` (for people; not parsed back).
    public var path: String { "\(workflow)/\(step ?? "trigger")" }

    public static func < (a: UseKey, b: UseKey) -> Bool {
        if a.workflow != b.workflow { return a.workflow.utf8.lexicographicallyPrecedes(b.workflow.utf8) }
        switch (a.step, b.step) {
        case (nil, nil): return false
        case (nil, _): return true
        case (_, nil): return false
        case let (x?, y?): return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
    }
}
