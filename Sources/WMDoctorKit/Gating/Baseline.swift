/// A baseline: the findings of one run, recorded so that later runs
/// (`check --baseline FILE`) report only new ones. No line numbers and no
/// timestamps (unless `created` is given): the same findings give the same bytes.
public struct Baseline: Sendable {
    /// The file format's version.
    public static let formatVersion = 1

    /// One recorded finding.
    public struct Entry: Sendable, Hashable {
        public var fingerprint: String
        public var rule: String
        public var ruleName: String?
        public var entity: EntityRef?
        public var message: String?

        public init(fingerprint: String, rule: String, ruleName: String? = nil, entity: EntityRef? = nil, message: String? = nil) {
            self.fingerprint = fingerprint
            self.rule = rule
            self.ruleName = ruleName
            self.entity = entity
            self.message = message
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
    /// configuration), sorted by rule, entity, fingerprint and message.
    public init(recording report: Report, created: Timestamp? = nil) {
        let entries = report.findings.filter { $0.suppression == nil }.map { f in
            Entry(fingerprint: f.fingerprint, rule: f.rule.id, ruleName: f.rule.name, entity: f.entity, message: f.message)
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
        return .object(members)
    }
}

/// What applying a baseline found: which file, how many entries it held, and
/// the entries that matched no finding (fixed since, so the baseline can shrink).
public struct BaselineOutcome: Sendable {
    public var file: String
    public var entries: Int
    public var stale: [Baseline.Entry]

    public init(file: String, entries: Int, stale: [Baseline.Entry]) {
        self.file = file
        self.entries = entries
        self.stale = stale
    }
}

extension Baseline {
    /// Marks every finding that counts as `.new` or `.unchanged` and records
    /// the stale entries. An entry matches one finding with its fingerprint
    /// (entries repeat when findings do), the first in report order.
    public func apply(to report: inout Report, file: String) {
        var remaining: [String: Int] = [:]
        for e in entries { remaining[e.fingerprint, default: 0] += 1 }
        for i in report.findings.indices where report.findings[i].suppression == nil {
            let fp = report.findings[i].fingerprint
            if let n = remaining[fp], n > 0 {
                remaining[fp] = n - 1
                report.findings[i].baseline = .unchanged
            } else {
                report.findings[i].baseline = .new
            }
        }
        var stale: [Entry] = []
        for e in entries {
            if let n = remaining[e.fingerprint], n > 0 {
                remaining[e.fingerprint] = n - 1
                stale.append(e)
            }
        }
        report.baseline = BaselineOutcome(file: file, entries: entries.count, stale: stale)
    }
}
