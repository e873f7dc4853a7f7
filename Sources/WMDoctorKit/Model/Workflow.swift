/// How a step or trigger names its connection.
public enum ConnectionReference: Sendable {
    /// `connection: conn_x` or `connection: {id: conn_x}`.
    case id(Located<String>)
    /// `connection: {name: "Marketing Slack"}`.
    case name(Located<String>)
    /// `connection` with a value that is no reference (`null`, a list, a
    /// mapping without exactly one of `id` and `name`), at that value: the
    /// loader reports it (WM004 and its kin), and the export does not say
    /// which connection Workflow Machine uses (not the app's default: the
    /// step does name something).
    case invalid(SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .id(let v), .name(let v): return v.location
        case .invalid(let l): return l
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

/// A workflow's trigger. Where its app, event and connection sit is kept
/// relative to its location (``FieldPlaces``); an expectation, which few
/// triggers state, is held apart (``Rare``).
public struct Trigger: Sendable {
    // In this order the trigger takes 53 bytes, not 56: the byte last, after
    // the fields of 4-byte alignment, leaves room in a workflow for its own
    // two bytes before the steps (``Workflow``).
    private let rare: Rare<RareTrigger>?
    private let appText: VocabularyText
    private let eventText: VocabularyText
    private let referenceText: VocabularyText
    public let location: SourceLocation
    private let places: FieldPlaces
    private let referenceKind: ReferenceKind

    private struct RareTrigger: Sendable {
        var expect: StepExpectation?
        var places: [SourceLocation]?
    }

    public var app: Located<String>? { appText.text.map { Located($0, at: place(0)) } }
    /// The app and the event as vocabulary numbers (for keys: no string read).
    var appNumber: VocabularyText { appText }
    var eventNumber: VocabularyText { eventText }
    /// How the connection is named and its name or id as a vocabulary number (none: not named).
    var referenceNumber: (kind: ReferenceKind, text: VocabularyText) { (referenceKind, referenceText) }
    public var event: Located<String>? { eventText.text.map { Located($0, at: place(1)) } }
    public var connection: ConnectionReference? { referenceKind.reference(referenceText.text, at: place(2)) }
    public var expect: StepExpectation? { rare?.value.expect }

    public init(app: Located<String>?, event: Located<String>?, connection: ConnectionReference?, expect: StepExpectation?, location: SourceLocation) {
        self.init(app: app, event: event, connection: connection, expect: expect, location: location, vocabulary: nil)
    }

    /// `vocabulary`: the loader's cache of the ``Vocabulary`` (nil: the vocabulary itself).
    init(
        app: Located<String>?, event: Located<String>?, connection: ConnectionReference?, expect: StepExpectation?, location: SourceLocation,
        vocabulary: VocabularyCache?
    ) {
        appText = VocabularyText(app?.value, cache: vocabulary)
        eventText = VocabularyText(event?.value, cache: vocabulary)
        let (reference, kind) = ReferenceKind.of(connection)
        (referenceText, referenceKind) = (VocabularyText(reference, cache: vocabulary), kind)
        self.location = location
        // An absent field keeps the trigger's own location in its place.
        let (places, whole) = FieldPlaces.make(
            app?.location ?? location, event?.location ?? location, connection?.location ?? location, location, from: location)
        self.places = places
        rare = expect == nil && whole == nil ? nil : Rare(RareTrigger(expect: expect, places: whole))
    }

    private func place(_ i: Int) -> SourceLocation { places.location(i, from: location, whole: rare?.value.places) }
}

/// How a step or trigger names its connection, beside the name's text.
enum ReferenceKind: UInt8, Sendable {
    /// (Two bits: ``PackedLocation``.)
    case none, id, name, invalid

    static func of(_ reference: ConnectionReference?) -> (String?, ReferenceKind) {
        switch reference {
        case .id(let r)?: return (r.value, .id)
        case .name(let r)?: return (r.value, .name)
        case .invalid?: return (nil, .invalid)
        case nil: return (nil, .none)
        }
    }

    func reference(_ text: String?, at location: SourceLocation) -> ConnectionReference? {
        if self == .invalid { return .invalid(location) }
        guard let text else { return nil }
        let located = Located(text, at: location)
        return self == .name ? .name(located) : .id(located)
    }
}

/// Where up to four fields of an item sit, each relative to the item's
/// location (``RelativePlace``, 4 bytes), or, when one cannot be (another
/// file, before the item, far below it, very long), all four whole in the
/// item's rare box (`whole`).
struct FieldPlaces: Sendable {
    private let places: (RelativePlace, RelativePlace, RelativePlace, RelativePlace)

    private init(_ places: (RelativePlace, RelativePlace, RelativePlace, RelativePlace)) { self.places = places }

    /// The places of `a`…`d` from `base`, and the four whole when one does not fit.
    static func make(
        _ a: SourceLocation, _ b: SourceLocation, _ c: SourceLocation, _ d: SourceLocation, from base: SourceLocation
    ) -> (FieldPlaces, whole: [SourceLocation]?) {
        if let ra = RelativePlace(a, from: base), let rb = RelativePlace(b, from: base), let rc = RelativePlace(c, from: base),
            let rd = RelativePlace(d, from: base)
        {
            return (FieldPlaces((ra, rb, rc, rd)), nil)
        }
        return (FieldPlaces((.zero, .zero, .zero, .zero)), [a, b, c, d])
    }

    /// Field `i`'s location: from `whole` when the item keeps them so.
    func location(_ i: Int, from base: SourceLocation, whole: [SourceLocation]?) -> SourceLocation {
        if let whole { return whole[i] }
        let p: RelativePlace
        switch i {
        case 0: p = places.0
        case 1: p = places.1
        case 2: p = places.2
        default: p = places.3
        }
        return p.location(from: base)
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
/// instead of 16), and its id, app, action and connection reference are
/// numbers of the shared ``Vocabulary`` (4 bytes each instead of 16: a
/// step's id is unique in its workflow only, and the spec's ids, such as
/// `notify`, repeat from workflow to workflow; ``StoredText``). How the
/// connection is named takes the top two bits of the location's column. A
/// step takes 56 bytes (it took 240, then 160, then 128, then 112, then 72).
public struct Step: Sendable {
    /// Id (kept to be read back: ``StoredText``), app, action and connection
    /// reference: from the ``Vocabulary``, which every step shares.
    private let idText: StoredText
    private let appText: VocabularyText
    private let actionText: VocabularyText
    /// The connection named, by id or by name (``referenceKind``).
    private let referenceText: VocabularyText
    /// Where id, app, action and the reference sit (``FieldPlaces``).
    private let places: FieldPlaces
    /// The location, its column sharing a word with the kind of reference (``PackedLocation``).
    private let packed: PackedLocation
    private let rare: RareStep?

    public var id: Located<String> { Located(idText.text, at: place(0)) }
    /// The id's text alone (where it is written is not worked out).
    var idString: String { idText.text }
    public var app: Located<String> { Located(appText.text ?? "", at: place(1)) }
    /// The app and the action as vocabulary numbers (for keys: no string read).
    var appNumber: VocabularyText { appText }
    var actionNumber: VocabularyText { actionText }
    /// How the connection is named and its name or id as a vocabulary number (none: not named).
    var referenceNumber: (kind: ReferenceKind, text: VocabularyText) { (packed.kind, referenceText) }
    public var action: Located<String> { Located(actionText.text ?? "", at: place(2)) }
    public var connection: ConnectionReference? { packed.kind.reference(referenceText.text, at: place(3)) }
    public var name: Located<String>? { rare?.name }
    public var expect: StepExpectation? { rare?.expect }
    /// Keys of `params` (at any depth) whose names look secret and that hold a value.
    public var secretParams: [Located<String>] { rare?.secretParams ?? [] }
    public var location: SourceLocation {
        if let location = packed.location { return location }
        if let whole = rare?.places, whole.count == 5 { return whole[4] }
        return packed.clamped
    }

    public init(
        id: Located<String>, name: Located<String>?, app: Located<String>, action: Located<String>,
        connection: ConnectionReference?, expect: StepExpectation?, secretParams: [Located<String>] = [], location: SourceLocation
    ) {
        self.init(
            id: id, name: name, app: app, action: action, connection: connection, expect: expect, secretParams: secretParams,
            location: location, vocabulary: nil)
    }

    /// `vocabulary`: the loader's cache of the ``Vocabulary`` (nil: the vocabulary itself).
    init(
        id: Located<String>, name: Located<String>?, app: Located<String>, action: Located<String>,
        connection: ConnectionReference?, expect: StepExpectation?, secretParams: [Located<String>], location: SourceLocation,
        vocabulary: VocabularyCache?
    ) {
        idText = StoredText(id.value, cache: vocabulary)
        appText = VocabularyText(app.value, cache: vocabulary)
        actionText = VocabularyText(action.value, cache: vocabulary)
        let (reference, kind) = ReferenceKind.of(connection)
        referenceText = VocabularyText(reference, cache: vocabulary)
        packed = PackedLocation(location, kind: kind)
        // A step without a reference keeps its own location in the fourth place.
        let (places, whole) = FieldPlaces.make(
            id.location, app.location, action.location, connection?.location ?? location, from: location)
        self.places = places
        // A location too far right is kept fifth, after the four places whole.
        let kept = packed.location != nil
            ? whole
            : (whole ?? (0..<4).map { places.location($0, from: location, whole: nil) }) + [location]
        if name == nil && secretParams.isEmpty && kept == nil {
            rare = expect.map { RareStep.Expectation($0, vocabulary: vocabulary) }
        } else {
            rare = RareStep.Every(name: name, expect: expect, secretParams: secretParams, places: kept)
        }
    }

    private func place(_ i: Int) -> SourceLocation { places.location(i, from: location, whole: rare?.places) }
}

/// What few steps have, held apart in a box only they hold (``Step``). A
/// step that states an expectation and nothing else rare (the usual case)
/// holds the small box (``Expectation``, 64 bytes of heap), the others the
/// box of every field (``Every``, 128).
private class RareStep: @unchecked Sendable {
    // Immutable: the subclasses' stored properties are `let`.
    var name: Located<String>? { nil }
    var expect: StepExpectation? { nil }
    var secretParams: [Located<String>] { [] }
    /// The four places whole, when one of them is too far from the step to
    /// be kept relative to it; then the step's location, fifth, when its
    /// column is too large to share a word (``PackedLocation``).
    var places: [SourceLocation]? { nil }

    /// An expectation alone: its account pattern, which steps repeat, a
    /// number of the ``Vocabulary``.
    final class Expectation: RareStep, @unchecked Sendable {
        private let account: VocabularyText
        private let accountLocation: SourceLocation
        private let location: SourceLocation

        init(_ e: StepExpectation, vocabulary: VocabularyCache?) {
            account = VocabularyText(e.account?.value, cache: vocabulary)
            accountLocation = e.account?.location ?? e.location
            location = e.location
        }

        override var expect: StepExpectation? {
            StepExpectation(account: account.text.map { Located($0, at: accountLocation) }, location: location)
        }
    }

    final class Every: RareStep, @unchecked Sendable {
        private let nameValue: Located<String>?
        private let expectValue: StepExpectation?
        private let secretParamsValue: [Located<String>]
        private let placesValue: [SourceLocation]?

        init(name: Located<String>?, expect: StepExpectation?, secretParams: [Located<String>], places: [SourceLocation]?) {
            (nameValue, expectValue, secretParamsValue, placesValue) = (name, expect, secretParams, places)
        }

        override var name: Located<String>? { nameValue }
        override var expect: StepExpectation? { expectValue }
        override var secretParams: [Located<String>] { secretParamsValue }
        override var places: [SourceLocation]? { placesValue }
    }
}

/// A location in 16 bytes whose column shares its word with a step's kind of
/// reference (two bits): every column below 2^30 - 1 (a line of a gigabyte);
/// a location further right is kept whole in the step's rare box
/// (``location`` nil).
struct PackedLocation: Sendable {
    private let fileID: UInt32
    private let line: UInt32
    /// The column (low 30 bits) and the kind (top 2).
    private let columnAndKind: UInt32
    private let length: UInt32

    private static let columnBits: UInt32 = 30
    private static let columnMask: UInt32 = (1 << columnBits) - 1
    /// Marks a column that did not fit (the location is kept whole elsewhere).
    private static let tooFar: UInt32 = columnMask

    init(_ location: SourceLocation, kind: ReferenceKind) {
        fileID = location.fileID
        line = UInt32(clamping: location.line)
        length = UInt32(clamping: location.length)
        let column = location.column < Int(Self.tooFar) ? UInt32(location.column) : Self.tooFar
        columnAndKind = column | UInt32(kind.rawValue) << Self.columnBits
    }

    var kind: ReferenceKind { ReferenceKind(rawValue: UInt8(columnAndKind >> Self.columnBits)) ?? .none }

    /// The location, or nil when its column did not fit.
    var location: SourceLocation? { columnAndKind & Self.columnMask == Self.tooFar ? nil : clamped }

    /// The location with the column as kept: ``location`` when it fit (a
    /// step that kept its location whole reads that one instead).
    var clamped: SourceLocation {
        SourceLocation(fileID: fileID, line: Int(line), column: Int(columnAndKind & Self.columnMask), length: Int(length))
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

/// A workflow. Where its id, name, `enabled` and environment sit is kept
/// relative to its location (``FieldPlaces``); its owner and expectations,
/// which few workflows state, are held apart (``Rare``).
public struct Workflow: Sendable {
    // 144 bytes in this order: `enabled` and the environment take 2 of
    // the 3 bytes between the trigger (53 bytes) and the steps (8-byte
    // aligned).
    private let idText: String
    /// Read when a report or `why` shows the workflow, rarely by rules: its
    /// bytes in a chunk the loader shares among names (``CompactText``).
    let nameText: CompactText
    public let location: SourceLocation
    private let places: FieldPlaces
    public let trigger: Trigger?
    /// `enabled` as written: nil when absent.
    private let enabledValue: Bool?
    private let environmentValue: Environment?
    /// A run of a chunk the loader shares among workflows (``WorkflowSteps``).
    public let steps: WorkflowSteps
    private let rare: Rare<RareWorkflow>?

    private struct RareWorkflow: Sendable {
        var owner: Located<String>?
        var expect: WorkflowExpectation?
        var places: [SourceLocation]?
    }

    public var id: Located<String> { Located(idText, at: place(0)) }
    public var name: Located<String> { Located(nameText.string, at: place(1)) }
    public var enabled: Located<Bool>? { enabledValue.map { Located($0, at: place(2)) } }
    public var environment: Located<Environment>? { environmentValue.map { Located($0, at: place(3)) } }
    public var owner: Located<String>? { rare?.value.owner }
    public var expect: WorkflowExpectation? { rare?.value.expect }

    public init(
        id: Located<String>, name: Located<String>, enabled: Located<Bool>?, environment: Located<Environment>?,
        owner: Located<String>?, expect: WorkflowExpectation?, trigger: Trigger?, steps: [Step], location: SourceLocation
    ) {
        self.init(
            id: id, name: name, enabled: enabled, environment: environment, owner: owner, expect: expect, trigger: trigger,
            steps: steps, location: location, texts: nil, stepArena: nil)
    }

    /// `texts`, `stepArena`: the loader's arenas for the name and the steps
    /// (nil: each kept apart).
    init(
        id: Located<String>, name: Located<String>, enabled: Located<Bool>?, environment: Located<Environment>?,
        owner: Located<String>?, expect: WorkflowExpectation?, trigger: Trigger?, steps: [Step], location: SourceLocation,
        texts: TextArena?, stepArena: StepArena?
    ) {
        idText = id.value
        nameText = texts?.store(name.value) ?? CompactText(name.value)
        enabledValue = enabled?.value
        environmentValue = environment?.value
        self.trigger = trigger
        self.steps = stepArena?.store(steps) ?? WorkflowSteps(steps)
        self.location = location
        // An absent field keeps the workflow's own location in its place.
        let (places, whole) = FieldPlaces.make(
            id.location, name.location, enabled?.location ?? location, environment?.location ?? location, from: location)
        self.places = places
        rare = owner == nil && expect == nil && whole == nil ? nil : Rare(RareWorkflow(owner: owner, expect: expect, places: whole))
    }

    /// `enabled`, true when absent.
    public var isEnabled: Bool { enabledValue ?? true }

    private func place(_ i: Int) -> SourceLocation { places.location(i, from: location, whole: rare?.value.places) }
}
