/// A step or trigger that a finding breaks: which one, how its connection
/// was chosen, and where it is written. The identity of a use (`key`) is its
/// workspace, workflow id and step id: never a line, a file or a name, so a
/// baseline keeps it when the export is reordered, split or reformatted.
public struct AffectedUse: Sendable, Hashable {
    public var workspace: String
    public var workflow: String
    public var workflowName: String? {
        get { workflowNameText?.string }
        set { workflowNameText = newValue.map(CompactText.init) }
    }
    /// The name as the model keeps it (``CompactText``): a finding's use
    /// shares its workflow's name instead of holding a copy.
    private var workflowNameText: CompactText?
    /// The step id; nil for the workflow's trigger.
    public var step: String?
    public var stepName: String?
    /// How the use's connection was chosen (`id`, `name`, `default`, `only-connection`, `most-recent`, `none`).
    public var method: BindingMethod
    /// The connection the use runs through, when one was chosen (when
    /// `undetermined`, the one wmdoctor shows: the use may run as another).
    public var connection: String?
    /// The export does not determine which connection the use runs as
    /// (tied candidates: equal or missing dates). A finding on one of the
    /// others may break it, or not: it is not known which Workflow Machine picks.
    public var undetermined: Bool
    /// Whether the workflow is enabled (a disabled workflow breaks nothing today).
    public var enabled: Bool
    public var location: SourceLocation
    /// With `check --baseline`: whether the baseline recorded this use for its finding.
    public var baseline: BaselineState? = nil

    public init(
        workspace: String, workflow: String, workflowName: String? = nil, step: String?, stepName: String? = nil,
        method: BindingMethod, connection: String?, undetermined: Bool = false, enabled: Bool = true, location: SourceLocation
    ) {
        self.undetermined = undetermined
        self.workspace = workspace
        self.workflow = workflow
        workflowNameText = workflowName.map(CompactText.init)
        self.step = step
        self.stepName = stepName
        self.method = method
        self.connection = connection
        self.enabled = enabled
        self.location = location
    }

    /// A use whose workflow name is the model's (shared, not copied).
    init(
        workspace: String, workflow: String, workflowName: CompactText, step: String?, stepName: String?,
        method: BindingMethod, connection: String?, undetermined: Bool, enabled: Bool, location: SourceLocation
    ) {
        self.init(
            workspace: workspace, workflow: workflow, step: step, stepName: stepName, method: method, connection: connection,
            undetermined: undetermined, enabled: enabled, location: location)
        workflowNameText = workflowName
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
