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

/// A step. There are a million in a large export, so it is kept small:
/// what few steps have (a name, an expectation, secret-looking params) is
/// held apart (``Rare``), and where its id, app, action and connection sit is
/// kept relative to the step's own location (``RelativePlace``, 4 bytes each
/// instead of 16). A step takes 112 bytes (it took 240, then 160, then 128).
public struct Step: Sendable {
    private let idText: String
    private let appText: String
    private let actionText: String
    /// The connection named, by id or by name (``referenceKind``).
    private let referenceText: String?
    private let rare: Rare<RareStep>?
    public let location: SourceLocation
    /// Where id, app, action and the reference sit, from `location`; unused
    /// when one does not fit (``RareStep/places`` then has them whole).
    private let places: (RelativePlace, RelativePlace, RelativePlace, RelativePlace)
    private let referenceKind: ReferenceKind

    private enum ReferenceKind: UInt8, Sendable { case none, id, name }

    private struct RareStep: Sendable {
        var name: Located<String>?
        var expect: StepExpectation?
        var secretParams: [Located<String>]
        /// The four places whole, when one of them is too far from the step to be kept relative to it.
        var places: [SourceLocation]?
    }

    public var id: Located<String> { Located(idText, at: place(0)) }
    public var app: Located<String> { Located(appText, at: place(1)) }
    public var action: Located<String> { Located(actionText, at: place(2)) }
    public var connection: ConnectionReference? {
        guard let referenceText else { return nil }
        let located = Located(referenceText, at: place(3))
        return referenceKind == .name ? .name(located) : .id(located)
    }
    public var name: Located<String>? { rare?.value.name }
    public var expect: StepExpectation? { rare?.value.expect }
    /// Keys of `params` (at any depth) whose names look secret and that hold a value.
    public var secretParams: [Located<String>] { rare?.value.secretParams ?? [] }

    public init(
        id: Located<String>, name: Located<String>?, app: Located<String>, action: Located<String>,
        connection: ConnectionReference?, expect: StepExpectation?, secretParams: [Located<String>] = [], location: SourceLocation
    ) {
        idText = id.value
        appText = app.value
        actionText = action.value
        self.location = location
        let reference: Located<String>?
        switch connection {
        case .id(let r)?: (reference, referenceKind) = (r, .id)
        case .name(let r)?: (reference, referenceKind) = (r, .name)
        case nil: (reference, referenceKind) = (nil, .none)
        }
        referenceText = reference?.value
        // A step without a reference keeps its own location in the fourth place.
        let fourth = reference?.location ?? location
        var apart: [SourceLocation]?
        if let a = RelativePlace(id.location, from: location), let b = RelativePlace(app.location, from: location),
            let c = RelativePlace(action.location, from: location), let d = RelativePlace(fourth, from: location)
        {
            places = (a, b, c, d)
        } else {
            places = (.zero, .zero, .zero, .zero)
            apart = [id.location, app.location, action.location, fourth]
        }
        rare = name == nil && expect == nil && secretParams.isEmpty && apart == nil
            ? nil : Rare(RareStep(name: name, expect: expect, secretParams: secretParams, places: apart))
    }

    private func place(_ i: Int) -> SourceLocation {
        if let apart = rare?.value.places { return apart[i] }
        let p: RelativePlace
        switch i {
        case 0: p = places.0
        case 1: p = places.1
        case 2: p = places.2
        default: p = places.3
        }
        return p.location(from: location)
    }
}

/// Where a field sits relative to its item's location, in 4 bytes: in the
/// same file, on the same line or up to 255 lines later, at most 4,095
/// characters long, and at a column below 4,096, counted from the item's
/// column when on its line (one-line JSON exports) or from the line's start.
/// Nearly every field is written so, close to its item.
struct RelativePlace: Sendable {
    /// Line delta (8 bits), column (12), length (12).
    private let bits: UInt32

    static let zero = RelativePlace(bits: 0)

    private init(bits: UInt32) { self.bits = bits }

    /// `location` relative to `base`; nil when it cannot be.
    init?(_ location: SourceLocation, from base: SourceLocation) {
        guard location.fileID == base.fileID, location.line >= base.line else { return nil }
        let delta = location.line - base.line
        let column = delta == 0 ? location.column - base.column : location.column
        guard delta < 256, (0..<4096).contains(column), (0..<4096).contains(location.length) else { return nil }
        self.init(bits: UInt32(delta) << 24 | UInt32(column) << 12 | UInt32(location.length))
    }

    func location(from base: SourceLocation) -> SourceLocation {
        let delta = Int(bits >> 24)
        let column = Int((bits >> 12) & 0xFFF)
        return SourceLocation(
            fileID: base.fileID, line: base.line + delta, column: delta == 0 ? base.column + column : column, length: Int(bits & 0xFFF))
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
