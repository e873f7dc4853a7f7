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
        case step([Step], Int)
        indirect case trigger(Trigger)
    }
    private let source: Source
    /// The workflow's id (not a copy of the workflow).
    let workflowID: String

    init(steps: [Step], index: Int, workflow: Workflow) {
        source = .step(steps, index)
        workflowID = workflow.id.value
    }

    init(trigger: Trigger, workflow: Workflow) {
        source = .trigger(trigger)
        workflowID = workflow.id.value
    }

    var kind: Kind {
        if case .trigger = source { return .trigger }
        return .step
    }

    // Fields are read in place: a computed `Step` would copy the whole struct per field.
    var id: String {
        switch source {
        case .step(let steps, let i): return steps[i].id.value
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
        case .step(let steps, let i): return "step \(quoted(steps[i].id.value))"
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
}

/// A workflow as rules see it.
final class WorkflowObject: CELObject, Locatable {
    let workflow: Workflow
    let trigger: UseObject?
    let steps: [UseObject]
    let stepList: CELValue
    let expectMap: CELValue

    init(_ w: Workflow) {
        workflow = w
        trigger = w.trigger.map { UseObject(trigger: $0, workflow: w) }
        steps = w.steps.indices.map { UseObject(steps: w.steps, index: $0, workflow: w) }
        stepList = .list(CELList(steps.map { CELValue.object($0) }))
        expectMap = w.expect.map { e in HostValue.map(e.accounts.map { ($0.app.value, CELValue.string($0.pattern.value)) }) } ?? Self.noExpectations
    }

    /// Shared by every workflow without `expect` (most of them).
    private static let noExpectations = HostValue.map([])

    var celTypeName: String { "wm.Workflow" }
    var fieldNames: [String] { HostSchema.workflow.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.workflow.value(self, name) }
    var location: SourceLocation { workflow.location }
    func location(of path: ArraySlice<String>) -> SourceLocation? { HostSchema.workflow.location(self, path) }
}

/// How a step or trigger got its connection: `binding.method`, `binding.connection`, `binding.candidates`,
/// and whether the export determines it: `binding.undetermined`, `binding.tied`, `binding.possible`.
final class BindingObject: CELObject {
    let binding: Binding
    let connection: ConnectionObject?
    /// All connection objects of the workspace; candidates are looked up on demand.
    private let connections: [ConnectionObject]

    init(_ b: Binding, connections: [ConnectionObject]) {
        binding = b
        connection = b.connection.map { connections[$0] }
        self.connections = connections
    }

    var celTypeName: String { "wm.Binding" }
    var fieldNames: [String] { HostSchema.binding.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.binding.value(self, name) }
    var candidateList: CELValue { .list(CELList(binding.candidates.map { CELValue.object(connections[$0]) })) }
    var tiedList: CELValue { .list(CELList(binding.tied.map { CELValue.object(connections[$0]) })) }
    var possibleList: CELValue { .list(CELList(binding.possible.map { CELValue.object(connections[$0]) })) }
    var whyUndetermined: String? { binding.undeterminedReason { connections[$0].connection } }
}
