/// A resolved workspace held once, by reference: where the uses a finding
/// lists (``AffectedUse``) and the uses rules read (`wm.Usage`) read their
/// ids, names, binding and place when asked, instead of each holding copies
/// of them. Its workspace, bindings and usage are the report's own
/// (``Report/workspaces``): holding them here keeps nothing alive longer.
public final class UseSource: Sendable {
    public let resolved: ResolvedWorkspace
    /// The workspace's workflows, read in place.
    let workflows: [Workflow]

    public init(_ resolved: ResolvedWorkspace) {
        self.resolved = resolved
        workflows = resolved.workspace.workflows
    }

    /// A use as findings carry it (``AffectedUse``).
    public func affectedUse(_ use: UseRef) -> AffectedUse { AffectedUse(use, of: self) }

    // What a use is, read in place (a `Workflow` or `Step` copied would retain its every text).

    /// The id of the use's workflow.
    func workflowID(of use: UseRef) -> String { workflows[Int(use.workflow)].id.value }

    /// The name of the use's workflow, as the model keeps it (shared, not copied).
    func workflowName(of use: UseRef) -> CompactText { workflows[Int(use.workflow)].nameText }

    /// The step's id; nil for the trigger.
    func stepID(of use: UseRef) -> String? { use.isTrigger ? nil : workflows[Int(use.workflow)].steps[Int(use.step)].idString }

    /// The step's name, when it has one; nil for the trigger.
    func stepName(of use: UseRef) -> String? { use.isTrigger ? nil : workflows[Int(use.workflow)].steps[Int(use.step)].name?.value }

    /// How the use's connection was chosen.
    func method(of use: UseRef) -> BindingMethod { resolved.read(bindingOf: use) { $0.method } ?? .none }

    /// The id of the connection the use runs through, when one was chosen.
    func connectionID(of use: UseRef) -> String? {
        // Read in place: `connections[c]` copied the connection (its every text counted).
        resolved.read(bindingOf: use) { $0.connection }?.map { c in resolved.workspace.connections.withUnsafeBufferPointer { $0[c].id.value } }
    }

    /// Whether the export does not determine the use's connection (tied candidates).
    func isUndetermined(_ use: UseRef) -> Bool { resolved.isUndetermined(use) }

    /// Whether the use's workflow is enabled.
    func isEnabled(_ use: UseRef) -> Bool { workflows[Int(use.workflow)].isEnabled }

    /// Where the step is written; for a trigger, the trigger (or its workflow when it has none).
    func location(of use: UseRef) -> SourceLocation {
        let w = Int(use.workflow)
        // Read in place: a `Workflow` bound to a name is a copy.
        if !use.isTrigger { return workflows[w].steps[Int(use.step)].location }
        return workflows[w].trigger?.location ?? workflows[w].location
    }
}
