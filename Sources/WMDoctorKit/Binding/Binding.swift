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

extension BindingMethod {
    /// How a use got its connection, in words: `by id`, `as its app's default`.
    public var phrase: String {
        switch self {
        case .explicitID: return "by id"
        case .name: return "by name"
        case .defaultConnection: return "as its app's default"
        case .onlyConnection: return "as its app's only connection"
        case .mostRecent: return "as its app's most recently created connection"
        case .none: return "without a connection"
        }
    }
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
    /// `connection` holds no reference (`null`, a list...: the loader
    /// reports it): the export does not say which connection is used.
    case invalidReference = "invalid-reference"
}

/// The connection a step or trigger really uses, how it was chosen, and among which.
///
/// One per step of the workspace, so kept small (24 bytes): the reference the
/// step writes stays on the step (``ResolvedWorkspace/reference(of:)``), and
/// the candidate lists are shared by the steps that have the same ones.
public struct Binding: Sendable {
    /// Index into the workspace's connections, nil when none was chosen.
    public var connection: Int? {
        get { pick < 0 ? nil : Int(pick) }
        set { pick = newValue.map { Int32(clamping: $0) } ?? -1 }
    }
    private var pick: Int32
    public var method: BindingMethod
    public var failure: BindingFailure?
    /// The connections the choice was made among (all defaults, all with the name,
    /// all of the app), in export order; the chosen one among them.
    public var candidates: [Int]

    /// When the pick among several candidates (the most recently updated
    /// default, the most recently created of a name or of the app) is decided
    /// by missing or equal timestamps: the candidates the export cannot tell
    /// apart, in export order (`connection` is then only the first of them).
    /// Empty when the export determines the pick.
    public var tied: [Int]

    public init(connection: Int?, method: BindingMethod, candidates: [Int], failure: BindingFailure?, tied: [Int] = []) {
        pick = connection.map { Int32(clamping: $0) } ?? -1
        self.method = method
        self.failure = failure
        self.candidates = candidates
        self.tied = tied
    }

    /// A use whose app is unknown (a trigger without `app`) and that names no
    /// connection: nothing to bind it to.
    public static let noApp = Binding(connection: nil, method: .none, candidates: [], failure: .noApp)

    /// More than one connection could have been meant.
    public var isAmbiguous: Bool { candidates.count > 1 }

    /// The export does not determine which connection Workflow Machine picks.
    public var isUndetermined: Bool { tied.count > 1 }

    /// The connections the use may run as: the tied candidates, or the pick.
    public var possible: [Int] { isUndetermined ? tied : connection.map { [$0] } ?? [] }
}

/// A workspace with every binding resolved, ready for rules.
public struct ResolvedWorkspace: Sendable {
    public var workspace: Workspace
    /// `stepBindings[w][s]` for step `s` of workflow `w`.
    public var stepBindings: StepBindings
    /// The trigger's binding of workflow `w`, nil when the workflow has no trigger.
    public var triggerBindings: TriggerBindings
    /// Who uses each connection and what each app falls back to: worked out once, here.
    public var usage: UsageIndex
    /// Whether each connection (by index) is usable at the analysis' `now`.
    public var usability: [Usability]
    /// What each connection's credential reaches (mode, key access, grant).
    public var credentials: [CredentialFacts]
}

extension Binding {
    /// Why the export does not determine the pick, for messages: `"a" and "b"
    /// have no created_at`; nil when it does.
    public func undeterminedReason(_ connection: (Int) -> Connection) -> String? {
        guard isUndetermined else { return nil }
        let key: KeyPath<Connection, Located<Timestamp>?> = method == .defaultConnection ? \.updatedAt : \.createdAt
        let field = method == .defaultConnection ? "updated_at" : "created_at"
        func names(_ list: [Int]) -> String {
            let ids = list.map { quoted(connection($0).id.value) }
            return ids.count <= 1 ? ids.joined() : ids.dropLast().joined(separator: ", ") + " and " + (ids.last ?? "")
        }
        let undated = tied.filter { connection($0)[keyPath: key] == nil }
        let dated = tied.filter { connection($0)[keyPath: key] != nil }
        let none = "\(names(undated)) \(undated.count == 1 ? "has" : "have") no \(field)"
        switch (dated.count, undated.count) {
        case (0, _): return none
        case (_, 0): return "\(names(dated)) have the same \(field)"
        case (1, _): return "\(none), so \(undated.count == 1 ? "it" : "they") may be newer than \(names(dated))"
        default: return "\(names(dated)) have the same \(field), and \(none)"
        }
    }
}

/// The binding of every step of a workspace: `self[w][s]` for step `s` of
/// workflow `w`. Steps share few distinct bindings (one per connection named
/// by id, per app and name, per app's implicit pick), so each is held once and
/// a step keeps a 4-byte index to it, where an array of bindings per workflow
/// took 24 bytes a step and an allocation per workflow.
public struct StepBindings: RandomAccessCollection, Sendable {
    private let distinct: [Binding]
    /// Per step, in workflow order: its binding's place in `distinct`.
    private let index: [UInt32]
    /// Where each workflow's steps start in `index`, and where the last ends.
    private let start: [UInt32]

    init(distinct: [Binding], index: [UInt32], start: [UInt32]) {
        self.distinct = distinct
        self.index = index
        self.start = start
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { start.count - 1 }

    /// The bindings of workflow `w`'s steps.
    public subscript(w: Int) -> WorkflowBindings {
        WorkflowBindings(distinct: distinct, index: index, range: Int(start[w])..<Int(start[w + 1]))
    }

    /// `fact` of step `s` of workflow `w`'s binding, read where it lies: a
    /// `Binding` (or ``WorkflowBindings``) copied counted a reference on
    /// each of its lists, which the threads writing a report share.
    func read<R>(workflow w: Int, step s: Int, _ fact: (Binding) -> R) -> R {
        let at = Int(index[Int(start[w]) + s])
        return distinct.withUnsafeBufferPointer { fact($0[at]) }
    }
}

/// The bindings of one workflow's steps (``StepBindings``).
public struct WorkflowBindings: RandomAccessCollection, Sendable {
    fileprivate let distinct: [Binding]
    fileprivate let index: [UInt32]
    fileprivate let range: Range<Int>

    public var startIndex: Int { 0 }
    public var endIndex: Int { range.count }

    public subscript(s: Int) -> Binding { distinct[Int(index[range.lowerBound + s])] }

    /// Where step `s`'s binding is among the workspace's distinct step
    /// bindings: two steps with the same place have the same binding.
    public func place(_ s: Int) -> Int { Int(index[range.lowerBound + s]) }
}

/// The binding of every workflow's trigger: `self[w]`, nil when workflow `w`
/// has no trigger. A trigger's binding depends only on its app and on how it
/// names its connection, so triggers share few distinct bindings: each is
/// held once and a trigger keeps a 4-byte index to it, where a `Binding?`
/// took 24 bytes a workflow (4.1 MB at 172,343 workflows).
public struct TriggerBindings: RandomAccessCollection, Sendable {
    private let distinct: [Binding]
    /// Per workflow: its trigger's binding's place in `distinct`, or ``noTrigger``.
    private let index: [UInt32]

    static let noTrigger = UInt32.max

    init(distinct: [Binding], index: [UInt32]) {
        self.distinct = distinct
        self.index = index
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { index.count }

    public subscript(w: Int) -> Binding? { read(workflow: w) { $0 } }

    /// `fact` of workflow `w`'s trigger's binding, read where it lies
    /// (``StepBindings/read(workflow:step:_:)``); nil when it has no trigger.
    func read<R>(workflow w: Int, _ fact: (Binding) -> R) -> R? {
        let i = index[w]
        return i == Self.noTrigger ? nil : distinct.withUnsafeBufferPointer { fact($0[Int(i)]) }
    }

    /// Where workflow `w`'s trigger's binding is among the workspace's
    /// distinct trigger bindings (nil: no trigger): two triggers with the
    /// same place have the same binding.
    public func place(_ w: Int) -> Int? {
        index[w] == Self.noTrigger ? nil : Int(index[w])
    }
}
