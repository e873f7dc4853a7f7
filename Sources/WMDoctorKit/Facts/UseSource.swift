/// A resolved workspace held once, by reference: where the uses a finding
/// lists (``AffectedUse``) read their ids, names, binding and place when a
/// report asks, instead of each finding holding copies of them. Its
/// workspace, bindings and usage are the report's own (``Report/workspaces``):
/// holding them here keeps nothing alive longer.
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
}
