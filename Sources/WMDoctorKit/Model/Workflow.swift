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
    public var expect: StepExpectation?
    public var location: SourceLocation
}

/// A step. There are a million in a large export, so what few steps have
/// (a name, an expectation, secret-looking params) is held apart, shared and
/// never changed, and a step without them takes 160 bytes instead of 240.
public struct Step: Sendable {
    public var id: Located<String>
    public var app: Located<String>
    public var action: Located<String>
    public var connection: ConnectionReference?
    public var location: SourceLocation
    private let rare: Rare?

    private final class Rare: Sendable {
        let name: Located<String>?
        let expect: StepExpectation?
        let secretParams: [Located<String>]
        init(name: Located<String>?, expect: StepExpectation?, secretParams: [Located<String>]) {
            self.name = name
            self.expect = expect
            self.secretParams = secretParams
        }
    }

    public var name: Located<String>? { rare?.name }
    public var expect: StepExpectation? { rare?.expect }
    /// Keys of `params` (at any depth) whose names look secret and that hold a value.
    public var secretParams: [Located<String>] { rare?.secretParams ?? [] }

    public init(
        id: Located<String>, name: Located<String>?, app: Located<String>, action: Located<String>,
        connection: ConnectionReference?, expect: StepExpectation?, secretParams: [Located<String>] = [], location: SourceLocation
    ) {
        self.id = id
        self.app = app
        self.action = action
        self.connection = connection
        self.location = location
        rare = name == nil && expect == nil && secretParams.isEmpty ? nil : Rare(name: name, expect: expect, secretParams: secretParams)
    }
}

public struct Workflow: Sendable {
    public var id: Located<String>
    public var name: Located<String>
    public var enabled: Located<Bool>?
    public var environment: Located<Environment>?
    public var owner: Located<String>?
    public var expect: WorkflowExpectation?
    public var trigger: Trigger?
    public var steps: [Step]
    public var location: SourceLocation

    /// `enabled`, true when absent.
    public var isEnabled: Bool { enabled?.value ?? true }
}
