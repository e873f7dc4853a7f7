public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, warning, error

    var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The categories of the JSON contract, exactly.
public enum FindingCategory: String, Sendable, CaseIterable {
    case wrongAccount = "wrong-account"
    case missingScope = "missing-scope"
    case expiredToken = "expired-token"
    case wrongConnection = "wrong-connection"
    case ambiguousDefault = "ambiguous-default"
    case invalidExport = "invalid-export"
    case hygiene
    case secretExposure = "secret-exposure"
}

public enum EntityKind: String, Sendable, CaseIterable {
    case connection, workflow, step, trigger, app, workspace
}

/// What a finding is about. `connection` is the connection the finding is
/// about, or the one the step is bound to.
public struct EntityRef: Sendable, Hashable {
    public var kind: EntityKind
    public var workspace: String
    public var workflow: String?
    public var step: String?
    public var app: String?
    public var connection: String?

    public init(
        kind: EntityKind, workspace: String, workflow: String? = nil, step: String? = nil,
        app: String? = nil, connection: String? = nil
    ) {
        self.kind = kind
        self.workspace = workspace
        self.workflow = workflow
        self.step = step
        self.app = app
        self.connection = connection
    }
}

/// A further place that explains a finding (the first definition of a duplicate, the bound connection).
public struct RelatedLocation: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}

/// A rule's identity: a stable id (`WM002`) and a kebab-case name (`unknown-key`).
public struct RuleID: Sendable, Hashable {
    public let id: String
    public let name: String

    public init(_ id: String, _ name: String) {
        self.id = id
        self.name = name
    }
}

/// One problem found. Rules make findings; reporters format them.
public struct Finding: Sendable {
    public var rule: RuleID
    public var category: FindingCategory
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    public var entity: EntityRef
    public var related: [RelatedLocation]
    public var remediation: String?
    /// The decisive values, for the fingerprint, when the message holds positions
    /// or other text that may change while the problem stays the same.
    public var detail: String?
    /// The steps and triggers the problem breaks (or, for a dead connection
    /// nobody uses yet, none): the finding's entity is the cause, these the uses.
    public var affects: [AffectedUse] = []
    /// How many enabled steps, triggers and workflows `affects` holds (set by `Gating`).
    public var impact: Impact? = nil
    /// With `check --baseline`: the uses the baseline entry recorded that this
    /// finding no longer affects (fixed since: the entry can shrink).
    public var staleUses: [UseKey] = []
    /// Whether a `--baseline` already holds this finding (nil: no baseline given).
    public var baseline: BaselineState? = nil
    /// The `.wmdoctor.yaml` suppression that hides this finding, if any.
    public var suppression: AppliedSuppression? = nil

    public init(
        rule: RuleID, category: FindingCategory, severity: Severity, message: String,
        location: SourceLocation, entity: EntityRef, related: [RelatedLocation] = [], remediation: String? = nil,
        detail: String? = nil
    ) {
        self.rule = rule
        self.category = category
        self.severity = severity
        self.message = message
        self.location = location
        self.entity = entity
        self.related = related
        self.remediation = remediation
        self.detail = detail
    }

    /// Stable across line moves: see `Fingerprint`.
    public var fingerprint: String { Fingerprint.of(self) }

    /// The report order: file, line, column, then rule and message.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location != b.location { return a.location < b.location }
        if a.rule.id != b.rule.id { return a.rule.id < b.rule.id }
        return a.message < b.message
    }
}

/// An input that could not be analysed (unreadable, not YAML, hostile).
public struct InputError: Sendable, Error, Hashable {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}
