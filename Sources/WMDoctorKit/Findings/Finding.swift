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

    /// `connection "id" (Name) is defined here`, at the connection.
    static func definedHere(_ c: Connection) -> RelatedLocation {
        RelatedLocation("connection \(quoted(c.id.value)) (\(c.name.value)) is defined here", at: c.location)
    }
}

/// A rule's identity: a stable id (`WM002`) and a kebab-case name (`unknown-key`).
public struct RuleID: Sendable, Hashable {
    /// Both texts in one shared box: a finding holds its rule's identity in
    /// 8 bytes, not 32 (46,000 findings, held twice at the peak).
    private final class Texts: Sendable {
        let id: String
        let name: String
        init(_ id: String, _ name: String) {
            self.id = id
            self.name = name
        }
    }

    private let texts: Texts

    public var id: String { texts.id }
    public var name: String { texts.name }

    public init(_ id: String, _ name: String) {
        texts = Texts(id, name)
    }

    public static func == (a: RuleID, b: RuleID) -> Bool { a.texts === b.texts || (a.id == b.id && a.name == b.name) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(name)
    }
}

/// One problem found. Rules make findings; reporters format them.
public struct Finding: Sendable {
    public var rule: RuleID
    public var category: FindingCategory
    public var severity: Severity
    /// What `affects` lists: uses the finding breaks, or uses at risk (they
    /// run, as a connection picked implicitly): ``AffectsMeaning``.
    public var affectsMeaning: AffectsMeaning = .breaks
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
    /// What gating adds (impact, baseline, suppression): boxed, nil until
    /// gating sets one. The rules make every finding without them, and their
    /// 90 bytes inline were 8 MB of the peak at 46,000 findings, whose array
    /// is held twice while the rules' outputs are joined.
    private var gated: Gated?

    /// How many enabled steps, triggers and workflows `affects` holds (set by `Gating`).
    public var impact: Impact? {
        get { gated?.impact }
        set { gate { $0.impact = newValue } }
    }
    /// With `check --baseline`: the uses the baseline entry recorded that this
    /// finding no longer affects (fixed since: the entry can shrink).
    public var staleUses: [UseKey] {
        get { gated?.staleUses ?? [] }
        set { gate { $0.staleUses = newValue } }
    }
    /// Whether a `--baseline` already holds this finding (nil: no baseline given).
    public var baseline: BaselineState? {
        get { gated?.baseline }
        set { gate { $0.baseline = newValue } }
    }
    /// The `.wmdoctor.yaml` suppression that hides this finding, if any.
    public var suppression: AppliedSuppression? {
        get { gated?.suppression }
        set { gate { $0.suppression = newValue } }
    }

    /// Whether the finding counts: neither suppressed nor in the baseline
    /// (``Report/isActive(_:)``).
    var counts: Bool { Self.counts(gated) }

    private static func counts(_ g: Gated?) -> Bool { g.map { $0.suppression == nil && $0.baseline != .unchanged } ?? true }

    /// Whether the finding at `p` counts, read through its address: a
    /// computed property's `self` is a copy of the whole finding (its every
    /// text and list retained), which counting 46,000 findings paid for each.
    static func counts(at p: UnsafePointer<Finding>) -> Bool { counts(p.pointee.gated) }

    /// Whether the finding at `p` is suppressed, and its baseline state (see ``counts(at:)``).
    static func gate(at p: UnsafePointer<Finding>) -> (suppressed: Bool, baseline: BaselineState?) {
        guard let g = p.pointee.gated else { return (false, nil) }
        return (g.suppression != nil, g.baseline)
    }

    /// Changes the box, copied first when another finding shares it (a value type's copy).
    private mutating func gate(_ change: (Gated) -> Void) {
        if !isKnownUniquelyReferenced(&gated) { gated = gated?.copy() ?? Gated() }
        if let gated { change(gated) }
    }

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
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in reportOrder(a, b) } }
    }

    /// The report order of two findings where they lie: only the fields
    /// compared are read (a finding passed by value to a sort's comparison
    /// was copied whole, a retain for each of its texts and lists).
    static func reportOrder(_ a: UnsafePointer<Finding>, _ b: UnsafePointer<Finding>) -> Bool {
        if a.pointee.location != b.pointee.location { return a.pointee.location < b.pointee.location }
        if a.pointee.rule.id != b.pointee.rule.id { return a.pointee.rule.id < b.pointee.rule.id }
        return a.pointee.message < b.pointee.message
    }
}

/// What gating adds to a finding (``Finding/impact`` and the rest): a box a
/// finding shares with its copies until one changes it.
private final class Gated: @unchecked Sendable {
    // Only changed through a finding that holds the one reference (`Finding.gate`).
    var impact: Impact?
    var staleUses: [UseKey] = []
    var baseline: BaselineState?
    var suppression: AppliedSuppression?

    func copy() -> Gated {
        let c = Gated()
        c.impact = impact
        c.staleUses = staleUses
        c.baseline = baseline
        c.suppression = suppression
        return c
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
