/// A baseline: the findings of one run, each with the uses it broke, recorded
/// so that later runs (`check --baseline FILE`) fail only on what got worse:
/// a finding the baseline does not hold, or a known finding that now breaks a
/// step or trigger the baseline did not record. No line numbers, no file
/// names and no timestamps (unless `created` is given): the same findings
/// give the same bytes, whatever order the export is read in.
public struct Baseline: Sendable {
    /// The file format's version. Version 1 (before uses were recorded) had
    /// other fingerprints: it is refused with instructions, never misread.
    public static let formatVersion = 2

    /// One recorded finding.
    public struct Entry: Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        public var ruleName: String?
        public var entity: EntityRef?
        public var message: String?
        /// The uses the finding broke when recorded, sorted.
        public var uses: [UseKey]

        public init(
            fingerprint: String, rule: String, ruleName: String? = nil, entity: EntityRef? = nil, message: String? = nil,
            uses: [UseKey] = []
        ) {
            self.fingerprint = fingerprint
            self.rule = rule
            self.ruleName = ruleName
            self.entity = entity
            self.message = message
            self.uses = uses
        }

        /// `WM301 connection-not-active: acme / connection conn_a`.
        public var title: String {
            let name = ruleName.map { " \($0)" } ?? ""
            return "\(rule)\(name)" + (entity.map { ": \($0.qualifiedDisplayPath)" } ?? "")
        }
    }

    public var toolVersion: String
    /// `--now` of `baseline write`, when given.
    public var created: Timestamp?
    public var entries: [Entry]

    public init(toolVersion: String = Tool.version, created: Timestamp? = nil, entries: [Entry]) {
        self.toolVersion = toolVersion
        self.created = created
        self.entries = entries
    }

    /// The findings of a report that count (suppressed ones are left to the
    /// configuration) with their uses, sorted by rule, entity, fingerprint and message.
    public init(recording report: Report, created: Timestamp? = nil) {
        let entries = report.findings.filter { $0.suppression == nil }.map { f in
            Entry(
                fingerprint: f.fingerprint, rule: f.rule.id, ruleName: f.rule.name, entity: f.entity, message: f.message,
                uses: Set(f.affects.map(\.key)).sorted())
        }
        self.init(created: created, entries: entries.sorted(by: Baseline.order))
    }

    static func order(_ a: Entry, _ b: Entry) -> Bool {
        let ka = [a.rule, a.entity?.qualifiedDisplayPath ?? "", a.fingerprint, a.message ?? ""]
        let kb = [b.rule, b.entity?.qualifiedDisplayPath ?? "", b.fingerprint, b.message ?? ""]
        return ka.lexicographicallyPrecedes(kb) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The file's text: pretty JSON with a final newline.
    public var json: String {
        var top: [(String, JSON)] = [
            ("version", .int(Baseline.formatVersion)),
            ("tool", .object([("name", .string(Tool.name)), ("version", .string(toolVersion))])),
        ]
        if let created { top.append(("created", .string(created.description))) }
        top.append(("entries", .array(entries.map(Baseline.json))))
        return JSON.object(top).serialized()
    }

    static func json(_ e: Entry) -> JSON {
        var members: [(String, JSON)] = [("fingerprint", .string(e.fingerprint)), ("rule", .string(e.rule))]
        if let n = e.ruleName { members.append(("rule_name", .string(n))) }
        if let entity = e.entity { members.append(("entity", JSONReporter().entity(entity))) }
        if let m = e.message { members.append(("message", .string(m))) }
        members.append(("uses", .array(e.uses.map(json))))
        return .object(members)
    }

    /// `{"kind": "step", "workflow": "wf", "step": "a"}` or `{"kind": "trigger", "workflow": "wf"}`.
    static func json(_ u: UseKey) -> JSON {
        if let step = u.step { return .object([("kind", .string("step")), ("workflow", .string(u.workflow)), ("step", .string(step))]) }
        return .object([("kind", .string("trigger")), ("workflow", .string(u.workflow))])
    }
}

/// What applying a baseline found: which file, how many entries it held, the
/// entries that matched no finding, and how many recorded uses are no longer
/// affected (both fixed since: the baseline can shrink).
public struct BaselineOutcome: Sendable {
    public var file: String
    public var entries: Int
    public var stale: [Baseline.Entry]
    /// Recorded uses of matched entries that their finding no longer breaks.
    public var staleUses: Int = 0
    /// `--strict-baseline`: anything stale fails the check.
    public var strict: Bool = false

    public init(file: String, entries: Int, stale: [Baseline.Entry], staleUses: Int = 0, strict: Bool = false) {
        self.file = file
        self.entries = entries
        self.stale = stale
        self.staleUses = staleUses
        self.strict = strict
    }

    /// Whether the baseline holds anything that no longer happens.
    public var isStale: Bool { !stale.isEmpty || staleUses > 0 }
}

extension Baseline {
    /// Marks every finding that counts as `.new`, `.updated` (known, but
    /// breaking uses the baseline did not record: each use is marked) or
    /// `.unchanged`, and records what is stale. An entry matches one finding
    /// with its fingerprint (entries repeat when findings do), the first in
    /// report order.
    public func apply(to report: inout Report, file: String, strict: Bool = false) {
        var remaining: [String: [Int]] = [:]
        for (i, e) in entries.enumerated() { remaining[e.fingerprint, default: []].append(i) }
        var used = Set<Int>()
        var staleUses = 0
        for i in report.findings.indices where report.findings[i].suppression == nil {
            let fp = report.findings[i].fingerprint
            guard var candidates = remaining[fp], !candidates.isEmpty else {
                report.findings[i].baseline = .new
                for u in report.findings[i].affects.indices { report.findings[i].affects[u].baseline = .new }
                continue
            }
            let entry = candidates.removeFirst()
            remaining[fp] = candidates
            used.insert(entry)
            let recorded = Set(entries[entry].uses)
            var current = Set<UseKey>()
            var added = false
            for u in report.findings[i].affects.indices {
                let key = report.findings[i].affects[u].key
                current.insert(key)
                let known = recorded.contains(key)
                report.findings[i].affects[u].baseline = known ? .unchanged : .new
                // A use of a disabled workflow breaks nothing today: it does not fail the check.
                if !known && report.findings[i].affects[u].enabled { added = true }
            }
            report.findings[i].baseline = added ? .updated : .unchanged
            report.findings[i].staleUses = recorded.subtracting(current).sorted()
            staleUses += report.findings[i].staleUses.count
        }
        let stale = entries.indices.filter { !used.contains($0) }.map { entries[$0] }
        report.baseline = BaselineOutcome(file: file, entries: entries.count, stale: stale, staleUses: staleUses, strict: strict)
    }
}
