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

    var fieldNames: [String] {
        ["kind", "id", "name", "app", "operation", kind == .step ? "action" : "event", "connection", "expect", "workflow", "secret_params", "what"]
    }

    func field(_ field: String) -> CELValue? {
        switch field {
        case "kind": return .string(kind.rawValue)
        case "id": return .string(id)
        case "name": return HostValue.string(name)
        case "app": return HostValue.string(app)
        case "operation": return HostValue.string(operation)
        case "action": return kind == .step ? HostValue.string(operation) : nil
        case "event": return kind == .trigger ? HostValue.string(operation) : nil
        case "connection":
            switch reference {
            case .id(let v)?: return HostValue.map([("by", .string("id")), ("value", .string(v.value))])
            case .name(let v)?: return HostValue.map([("by", .string("name")), ("value", .string(v.value))])
            case nil: return .null
            }
        case "expect": return HostValue.string(expect)
        case "workflow": return .string(workflowID)
        case "secret_params": return HostValue.strings(secretParams.map(\.value))
        case "what": return .string(what)
        default: return nil
        }
    }

    func location(of path: ArraySlice<String>) -> SourceLocation? {
        switch path.first {
        case nil: return location
        case "secret_params": return secretParams.first?.location
        case "id": return idLocation
        case "app": return app?.location
        case "operation", "action", "event": return operation?.location
        case "connection": return reference?.location
        case "expect": return expect?.location
        default: return nil
        }
    }
}

/// A workflow as rules see it.
final class WorkflowObject: CELObject, Locatable {
    let workflow: Workflow
    let trigger: UseObject?
    let steps: [UseObject]
    private let stepList: CELValue
    private let expectMap: CELValue

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
    var fieldNames: [String] { ["id", "name", "enabled", "environment", "owner", "expect", "trigger", "steps"] }

    func field(_ name: String) -> CELValue? {
        switch name {
        case "id": return .string(workflow.id.value)
        case "name": return .string(workflow.name.value)
        case "enabled": return .bool(workflow.isEnabled)
        case "environment": return HostValue.raw(workflow.environment)
        case "owner": return HostValue.string(workflow.owner)
        case "expect": return expectMap
        case "trigger": return trigger.map { .object($0) } ?? .null
        case "steps": return stepList
        default: return nil
        }
    }

    var location: SourceLocation { workflow.location }

    func location(of path: ArraySlice<String>) -> SourceLocation? {
        switch path.first {
        case nil: return workflow.location
        case "id": return workflow.id.location
        case "name": return workflow.name.location
        case "enabled": return workflow.enabled?.location
        case "environment": return workflow.environment?.location
        case "owner": return workflow.owner?.location
        case "expect":
            if let app = path.dropFirst().first, let entry = workflow.expect?.accounts.first(where: { $0.app.value == app }) {
                return entry.pattern.location
            }
            return workflow.expect?.location
        case "trigger": return trigger?.location(of: path.dropFirst())
        default: return nil
        }
    }
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
    var fieldNames: [String] { ["method", "connection", "candidates", "failure", "ambiguous", "undetermined", "tied", "possible", "why_undetermined"] }

    func field(_ name: String) -> CELValue? {
        switch name {
        case "method": return .string(binding.method.rawValue)
        case "connection": return connection.map { .object($0) } ?? .null
        case "candidates": return .list(CELList(binding.candidates.map { CELValue.object(connections[$0]) }))
        case "failure": return HostValue.string(binding.failure?.rawValue)
        case "ambiguous": return .bool(binding.isAmbiguous)
        case "undetermined": return .bool(binding.isUndetermined)
        case "tied": return .list(CELList(binding.tied.map { CELValue.object(connections[$0]) }))
        case "possible": return .list(CELList(binding.possible.map { CELValue.object(connections[$0]) }))
        case "why_undetermined": return HostValue.string(binding.undeterminedReason { connections[$0].connection })
        default: return nil
        }
    }
}
