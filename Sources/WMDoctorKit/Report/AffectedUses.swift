/// How reports show the uses a finding breaks: grouped under the cause, the
/// newly affected ones (with a baseline) first, the first few listed and
/// "and N more". One place, so every grouped report lists the same uses.
extension Finding {
    /// Whether the uses are worth listing under the finding: a cause
    /// (connection, app, ...) that breaks uses, not a step that is its own use.
    public var listsUses: Bool {
        guard !affects.isEmpty else { return false }
        if affects.count == 1, entity.kind == .step || entity.kind == .trigger {
            return affects[0].workflow != entity.workflow || affects[0].step != entity.step
        }
        return true
    }

    /// The uses a baseline did not record (nil baseline: none are new).
    public var newUses: [AffectedUse] { affects.filter { $0.baseline == .new } }

    /// At most `limit` uses to show, newly affected ones first, and how many are left out.
    public func shownUses(limit: Int) -> (uses: [AffectedUse], more: Int) {
        let ordered = baseline == .updated ? newUses + affects.filter { $0.baseline != .new } : affects
        return (Array(ordered.prefix(limit)), max(0, ordered.count - limit))
    }

    /// `breaks 3 uses`; uses whose connection the export does not determine
    /// only may be broken: `may break 2 uses`, `breaks 3 uses, may break 2`.
    public var breaksPhrase: String {
        if affectsMeaning == .risks { return "puts \(plural(affects.count, "use")) at risk" }
        let sure = surelyBroken
        let maybe = affects.count - sure
        if maybe == 0 { return "breaks \(plural(sure, "use"))" }
        return sure == 0 ? "may break \(plural(maybe, "use"))" : "breaks \(plural(sure, "use")), may break \(maybe)"
    }

    /// The uses it surely breaks: not those at risk, nor those whose
    /// connection the export does not determine (it may break them).
    public var surelyBroken: Int {
        affectsMeaning == .risks ? 0 : affects.reduce(0) { $0 + ($1.undetermined ? 0 : 1) }
    }

    /// How a grouped report labels use `u` under this finding: `breaks`;
    /// `may break` when the export does not determine its connection; `at
    /// risk` when the finding puts its uses at risk rather than breaking them.
    public func label(for u: AffectedUse) -> String {
        affectsMeaning == .risks ? "at risk" : u.undetermined ? "may break" : "breaks"
    }

    /// The label of the line that counts the uses not listed.
    public var moreLabel: String { affectsMeaning == .risks ? "at risk" : "breaks" }

    /// What a report located at a use says the finding does to it, after the
    /// use: `is broken by`, `may be broken by`, `is at risk from`.
    public func verb(for u: AffectedUse) -> String {
        affectsMeaning == .risks ? "is at risk from" : u.undetermined ? "may be broken by" : "is broken by"
    }

    /// A cause and a use are one result in a report located per use when the
    /// finding is about that use itself.
    public func isOwnUse(_ u: AffectedUse) -> Bool {
        (entity.kind == .step || entity.kind == .trigger) && u.workflow == entity.workflow && u.step == entity.step
    }
}

extension AffectedUse {
    /// `workflow "wf" (Orders) / step "notify" at f.yaml:12:9 (as the app's default)`.
    public var described: String { "\(title) at \(location) (\(via))" }

    /// At most this many characters of the cause's message are repeated at
    /// each use it breaks (the whole message is at the cause): a finding
    /// breaking 20,000 uses must not write its message 20,000 times whole.
    static let causeLimit = 1_000

    /// The cause's message as a report located at a use repeats it.
    static func cause(_ f: Finding) -> String { Prose.clip(f.message, causeLimit) }

    /// What a report located at the use says: the use, then the cause's message (``causeLimit``).
    public func message(for f: Finding) -> String {
        let what = step == nil ? "the trigger of workflow \(quoted(workflow))" : "step \(quoted(step ?? "")) of workflow \(quoted(workflow))"
        // When the export does not determine the use's connection, the one shown is not named.
        if undetermined { return "\(what) (\(via)) \(f.verb(for: self)) \(f.rule.id) \(f.rule.name): \(Self.cause(f))" }
        let connection = self.connection.map { ", through connection \(quoted($0)) (\(via)),"} ?? ""
        return "\(what)\(connection) \(f.verb(for: self)) \(f.rule.id) \(f.rule.name): \(Self.cause(f))"
    }
}
