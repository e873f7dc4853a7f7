import CEL

/// A step or trigger as rules see it. Steps and triggers share the fields a
/// binding rule needs (`app`, `operation`, `connection`, `expect`), so one
/// rule can cover both through the variable `use`.
final class UseObject: CELObject, Locatable {
    enum Kind: String { case step, trigger }
    /// The workflow's steps (shared with the model, not copied: there is one
    /// of these per step) and which one this is; or the trigger (held apart,
    /// so a step's object does not carry room for a trigger).
    private enum Source {
        case step(WorkflowSteps, Int)
        indirect case trigger(Trigger)
    }
    private let source: Source
    /// Its workflow's object, which says the workflow's position and the
    /// workspace's uses: two objects made for the same step or trigger are
    /// the same to `==`. Held rather than the workspace's uses themselves:
    /// a workflow's object is made by the thread visiting it, while the
    /// uses are one object every thread's steps would count references to
    /// (with the other counts on shared objects per step, the rules took 43%
    /// more CPU on two threads than on one in a perf measurement at dense
    /// 100 MB: ``SharedCountsTests``).
    private let owner: WorkflowObject
    private var workflowIndex: Int { owner.index }
    private var table: UseSource { owner.table }

    init(steps: WorkflowSteps, index: Int, of owner: WorkflowObject) {
        source = .step(steps, index)
        self.owner = owner
    }

    init(trigger: Trigger, of owner: WorkflowObject) {
        source = .trigger(trigger)
        self.owner = owner
    }

    /// The workflow's id, read when asked (a rule's message, rarely): not
    /// copied into each of the million objects a large check makes.
    var workflowID: String { owner.workflow.id.value }

    /// Which use of its workspace this is.
    var ref: UseRef {
        switch source {
        case .step(_, let i): return UseRef(workflow: workflowIndex, step: i)
        case .trigger: return UseRef(workflow: workflowIndex, step: nil)
        }
    }

    var kind: Kind {
        if case .trigger = source { return .trigger }
        return .step
    }

    // Fields are read in place: a computed `Step` would copy the whole struct per field.
    var id: String {
        switch source {
        case .step(let steps, let i): return steps[i].idString
        case .trigger: return "trigger"
        }
    }
    var name: String? {
        switch source {
        case .step(let steps, let i): return steps[i].name?.value
        case .trigger: return nil
        }
    }
    var app: Located<String>? {
        switch source {
        case .step(let steps, let i): return steps[i].app
        case .trigger(let t): return t.app
        }
    }
    /// `app` and `operation` as vocabulary numbers: equal exactly when the texts are.
    var appNumber: VocabularyText {
        switch source {
        case .step(let steps, let i): return steps[i].appNumber
        case .trigger(let t): return t.appNumber
        }
    }
    var operationNumber: VocabularyText {
        switch source {
        case .step(let steps, let i): return steps[i].actionNumber
        case .trigger(let t): return t.eventNumber
        }
    }
    var operation: Located<String>? {
        switch source {
        case .step(let steps, let i): return steps[i].action
        case .trigger(let t): return t.event
        }
    }
    var reference: ConnectionReference? {
        switch source {
        case .step(let steps, let i): return steps[i].connection
        case .trigger(let t): return t.connection
        }
    }
    var expect: Located<String>? {
        switch source {
        case .step(let steps, let i): return steps[i].expect?.account
        case .trigger(let t): return t.expect?.account
        }
    }
    var secretParams: [Located<String>] {
        switch source {
        case .step(let steps, let i): return steps[i].secretParams
        case .trigger: return []
        }
    }
    /// How messages name it: `step "notify"` or `the trigger` (a trigger has no id).
    var what: String {
        switch source {
        case .step(let steps, let i): return "step \(quoted(steps[i].idString))"
        case .trigger: return "the trigger"
        }
    }
    /// Where the step's id is written (the trigger's own position for a trigger).
    var idLocation: SourceLocation {
        switch source {
        case .step(let steps, let i): return steps[i].id.location
        case .trigger(let t): return t.location
        }
    }
    var location: SourceLocation {
        switch source {
        case .step(let steps, let i): return steps[i].location
        case .trigger(let t): return t.location
        }
    }

    var celTypeName: String { kind == .step ? "wm.Step" : "wm.Trigger" }
    private var schema: HostType<UseObject> { kind == .step ? HostSchema.step : HostSchema.trigger }
    var fieldNames: [String] { schema.fieldNames }
    func field(_ name: String) -> CELValue? { schema.value(self, name) }
    func location(of path: ArraySlice<String>) -> SourceLocation? { schema.location(self, path) }
    func isSame(as other: any CELObject) -> Bool {
        guard let o = other as? UseObject else { return false }
        return o.table === table && o.ref == ref
    }
}

/// A workflow as rules see it. Made when its workflow is visited or read
/// (``WorkflowObjects``), never kept for every workflow of a large workspace;
/// two made for the same workflow are the same to `==`.
final class WorkflowObject: CELObject, Locatable {
    /// Its workflow, read in place in the workspace's (a copy retained each
    /// of its texts and lists, for every workflow visited by every scope).
    var workflow: Workflow {
        _read { yield source.table.workflows[index] }
    }
    /// Its position in the workspace.
    let index: Int
    /// The workspace's uses, through what the thread that made it shares.
    private let source: WorkflowSource
    var table: UseSource { source.table }
    let expectMap: CELValue

    init(_ source: WorkflowSource, index: Int) {
        self.index = index
        self.source = source
        expectMap = source.table.workflows[index].expect.map { e in
            HostValue.map(e.accounts.map { ($0.app.value, CELValue.string($0.pattern.value)) })
        } ?? source.noExpectations
    }

    /// Step `i`'s object.
    func step(_ i: Int) -> UseObject { UseObject(steps: workflow.steps, index: i, of: self) }

    /// The trigger's object, made when asked: only the triggers' scope and
    /// rules reading `workflow.trigger` do, not every scope for every workflow.
    var trigger: UseObject? { workflow.trigger.map { UseObject(trigger: $0, of: self) } }

    /// `workflow.steps`: its steps, made when read.
    var stepList: CELValue { .list(CELList(host: StepList(self))) }

    func isSame(as other: any CELObject) -> Bool {
        guard let o = other as? WorkflowObject else { return false }
        return o.source.table === source.table && o.index == index
    }

    var celTypeName: String { "wm.Workflow" }
    var fieldNames: [String] { HostSchema.workflow.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.workflow.value(self, name) }
    var location: SourceLocation { workflow.location }
    func location(of path: ArraySlice<String>) -> SourceLocation? { HostSchema.workflow.location(self, path) }
}

/// A workflow's steps, each made when read.
final class StepList: CELListProtocol {
    private let workflow: WorkflowObject
    init(_ workflow: WorkflowObject) { self.workflow = workflow }
    var count: Int { workflow.workflow.steps.count }
    subscript(index: Int) -> CELValue { .object(workflow.step(index)) }
}

/// The workflows of a workspace as rules see them: each object made when
/// visited or read, so the rules of a large workspace hold only the few in use.
struct WorkflowObjects: Sendable {
    let source: WorkflowSource
    var table: UseSource { source.table }

    init(table: UseSource) { source = WorkflowSource(table) }

    /// The same workflows, for the objects one thread makes
    /// (``WorkflowSource``): a range of entities makes its own.
    func forOneThread() -> WorkflowObjects { WorkflowObjects(table: source.table) }

    var count: Int { table.workflows.count }
    subscript(index: Int) -> WorkflowObject { WorkflowObject(source, index: index) }
    /// `workspace.workflows`.
    var list: CELValue { .list(CELList(host: WorkflowList(source))) }
}

/// What the workflow objects made by one thread share: the workspace's uses,
/// and the expectations of every workflow without `expect` (most of them).
/// Each workflow object counts a reference to this instead of to the
/// workspace's uses and to one empty map of the process, which every
/// thread's workflow objects would count on (``SharedCountsTests``).
final class WorkflowSource: Sendable {
    let table: UseSource
    let noExpectations = HostValue.map([])

    init(_ table: UseSource) { self.table = table }
}

final class WorkflowList: CELListProtocol {
    private let source: WorkflowSource
    init(_ source: WorkflowSource) { self.source = source }
    var count: Int { source.table.workflows.count }
    subscript(index: Int) -> CELValue { .object(WorkflowObject(source, index: index)) }
}

/// How a step or trigger got its connection: `binding.method`, `binding.connection`, `binding.candidates`,
/// and whether the export determines it: `binding.undetermined`, `binding.tied`, `binding.possible`.
final class BindingObject: CELObject {
    let binding: Binding
    /// All connection objects of the workspace; candidates are looked up on demand.
    private let connections: BindingConnections
    /// Its binding's place among the workspace's distinct bindings of its
    /// kind (``StepBindings``, ``TriggerBindings``), -1 when not told: two
    /// bindings of one kind and workspace with the same place are the same.
    let place: Int

    init(_ b: Binding, _ connections: BindingConnections, place: Int = -1) {
        binding = b
        self.connections = connections
        self.place = place
    }

    /// The connection it picked, read when asked (held, it was counted on
    /// every step, on an object every thread's steps share).
    var connection: ConnectionObject? { binding.connection.map { connections.all[$0] } }
    /// Every connection object of the workspace, by index.
    var allConnections: [ConnectionObject] { connections.all }

    var celTypeName: String { "wm.Binding" }
    var fieldNames: [String] { HostSchema.binding.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.binding.value(self, name) }
    var candidateList: CELValue { list(binding.candidates) }
    var tiedList: CELValue { list(binding.tied) }
    var possibleList: CELValue {
        // A determined binding's one connection (most bindings), without making `possible`.
        if !binding.isUndetermined, let c = binding.connection, c < connections.singles.count { return connections.singles[c] }
        return list(binding.possible)
    }

    /// The connections at `indices`: one of them from the lists made once, else a list made here.
    private func list(_ indices: [Int]) -> CELValue {
        if indices.count == 1, indices[0] < connections.singles.count { return connections.singles[indices[0]] }
        return .list(CELList(indices.map { CELValue.object(connections.all[$0]) }))
    }
    var whyUndetermined: String? { binding.undeterminedReason { connections.all[$0].connection } }
}

/// A workspace's connection objects as the bindings of one range of steps
/// read them, made by the thread visiting the range: each binding counts a
/// reference to this, not to the workspace's arrays, which every thread's
/// bindings would share.
final class BindingConnections: Sendable {
    let all: [ConnectionObject]
    /// Each connection alone in a list (``WorkspaceObjects/singleConnectionLists``; empty: made when read).
    let singles: [CELValue]

    init(_ all: [ConnectionObject], singles: [CELValue] = []) {
        self.all = all
        self.singles = singles
    }
}
