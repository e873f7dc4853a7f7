/// How a step or trigger names its connection.
public enum ConnectionReference: Sendable {
    /// `connection: conn_x` or `connection: {id: conn_x}`.
    case id(Located<String>)
    /// `connection: {name: "Marketing Slack"}`.
    case name(Located<String>)

    public var location: SourceLocation {
        switch self {
        case .id(let v), .name(let v): return v.location
        }
    }
}

/// What a step (or trigger) expects of its connection's account.
public struct StepExpectation: Sendable {
    /// An account pattern: equals `account.id`, `label` or `email`; `*` matches any run.
    public var account: Located<String>?
    public var location: SourceLocation
}

/// Workflow-wide expectations: an account pattern per app key.
public struct WorkflowExpectation: Sendable {
    public var accounts: [(app: Located<String>, pattern: Located<String>)]
    public var location: SourceLocation
}

public struct Trigger: Sendable {
    public var app: Located<String>?
    public var event: Located<String>?
    public var connection: ConnectionReference?
    public var location: SourceLocation
    /// Few triggers state an expectation: held apart (``Rare``).
    private let rare: Rare<StepExpectation>?
    public var expect: StepExpectation? { rare?.value }

    public init(app: Located<String>?, event: Located<String>?, connection: ConnectionReference?, expect: StepExpectation?, location: SourceLocation) {
        self.app = app
        self.event = event
        self.connection = connection
        self.location = location
        rare = expect.map(Rare.init)
    }
}

/// What few of the many steps, triggers or workflows of an export have, held
/// apart from them (shared, never changed) so that the others stay small.
final class Rare<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A step. There are a million in a large export, so what few steps have
/// (a name, an expectation, secret-looking params) is held apart (``Rare``),
/// and a step without them takes 160 bytes instead of 240.
public struct Step: Sendable {
    public var id: Located<String>
    public var app: Located<String>
    public var action: Located<String>
    public var connection: ConnectionReference?
    public var location: SourceLocation
    private let rare: Rare<(name: Located<String>?, expect: StepExpectation?, secretParams: [Located<String>])>?

    public var name: Located<String>? { rare?.value.name }
    public var expect: StepExpectation? { rare?.value.expect }
    /// Keys of `params` (at any depth) whose names look secret and that hold a value.
    public var secretParams: [Located<String>] { rare?.value.secretParams ?? [] }

    public init(
        id: Located<String>, name: Located<String>?, app: Located<String>, action: Located<String>,
        connection: ConnectionReference?, expect: StepExpectation?, secretParams: [Located<String>] = [], location: SourceLocation
    ) {
        self.id = id
        self.app = app
        self.action = action
        self.connection = connection
        self.location = location
        rare = name == nil && expect == nil && secretParams.isEmpty ? nil : Rare((name, expect, secretParams))
    }
}

public struct Workflow: Sendable {
    public var id: Located<String>
    public var name: Located<String>
    public var enabled: Located<Bool>?
    public var environment: Located<Environment>?
    public var trigger: Trigger?
    public var steps: [Step]
    public var location: SourceLocation
    /// Its owner and expectations, which few workflows state: held apart (``Rare``).
    private let rare: Rare<(owner: Located<String>?, expect: WorkflowExpectation?)>?
    public var owner: Located<String>? { rare?.value.owner }
    public var expect: WorkflowExpectation? { rare?.value.expect }

    public init(
        id: Located<String>, name: Located<String>, enabled: Located<Bool>?, environment: Located<Environment>?,
        owner: Located<String>?, expect: WorkflowExpectation?, trigger: Trigger?, steps: [Step], location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.enabled = enabled
        self.environment = environment
        self.trigger = trigger
        self.steps = steps
        self.location = location
        rare = owner == nil && expect == nil ? nil : Rare((owner, expect))
    }

    /// `enabled`, true when absent.
    public var isEnabled: Bool { enabled?.value ?? true }
}
