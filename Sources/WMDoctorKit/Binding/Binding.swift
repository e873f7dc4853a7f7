/// How the connection of a step or trigger was chosen (spec: "How Workflow
/// Machine picks a step's connection at run time").
public enum BindingMethod: String, Sendable, CaseIterable {
    /// `connection: <id>` or `{id: …}`.
    case explicitID = "id"
    /// `connection: {name: …}`.
    case name
    /// No `connection`: the app's default (the most recently updated if several are marked).
    case defaultConnection = "default"
    /// No `connection`, no default, and the app has exactly one connection.
    case onlyConnection = "only-connection"
    /// No `connection`, no default, several connections: the most recently created.
    case mostRecent = "most-recent"
    /// Nothing could be chosen.
    case none
}

/// Why nothing was chosen.
public enum BindingFailure: String, Sendable {
    /// `connection: <id>` names no connection of the workspace.
    case unknownID = "unknown-id"
    /// `connection: {name: …}` names no connection of the step's app.
    case unknownName = "unknown-name"
    /// No `connection`, and the app has no connection in the workspace.
    case noConnection = "no-connection"
    /// A trigger without an app (e.g. a schedule) needs no connection.
    case noApp = "no-app"
}

/// The connection a step or trigger really uses, how it was chosen, and among which.
public struct Binding: Sendable {
    /// Index into the workspace's connections, nil when none was chosen.
    public var connection: Int?
    public var method: BindingMethod
    /// The connections the choice was made among (all defaults, all with the name,
    /// all of the app), in export order; the chosen one among them.
    public var candidates: [Int]
    public var failure: BindingFailure?
    /// The reference written in the export, if any.
    public var reference: ConnectionReference?

    /// More than one connection could have been meant.
    public var isAmbiguous: Bool { candidates.count > 1 }
}

/// A workspace with every binding resolved, ready for rules.
public struct ResolvedWorkspace: Sendable {
    public var workspace: Workspace
    /// `stepBindings[w][s]` for step `s` of workflow `w`.
    public var stepBindings: [[Binding]]
    /// The trigger's binding of workflow `w`, nil when the workflow has no trigger.
    public var triggerBindings: [Binding?]
    /// Who uses each connection and what each app falls back to: worked out once, here.
    public var usage: UsageIndex
    /// Whether each connection (by index) is usable at the analysis' `now`.
    public var usability: [Usability]
}
