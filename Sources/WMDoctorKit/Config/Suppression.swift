/// One entry of `suppressions:` in `.wmdoctor.yaml`: which findings it hides
/// (a rule and optional entity patterns, `*` allowed), why, and until when.
public struct Suppression: Sendable {
    /// The entity fields a suppression may constrain, in the order messages list them.
    public static let entityKeys = ["workspace", "app", "connection", "workflow", "step"]

    /// A rule id or name, or a `*` pattern (`"*"`: every rule).
    public var rule: Located<String>
    /// Entity field → pattern, in `entityKeys` order.
    public var patterns: [(key: String, pattern: Located<String>)]
    public var reason: Located<String>
    /// `until` as written, and the first instant it no longer holds (the day after a bare date).
    public var until: Located<String>?
    public var expiresAt: Timestamp?
    /// Where the entry starts.
    public var location: SourceLocation

    public init(
        rule: Located<String>, patterns: [(key: String, pattern: Located<String>)] = [], reason: Located<String>,
        until: Located<String>? = nil, expiresAt: Timestamp? = nil, location: SourceLocation
    ) {
        self.rule = rule
        self.patterns = patterns
        self.reason = reason
        self.until = until
        self.expiresAt = expiresAt
        self.location = location
    }

    /// Whether the suppression no longer holds at `now`.
    public func isExpired(at now: Timestamp) -> Bool { expiresAt.map { now >= $0 } ?? false }

    /// Whether it covers a finding: the rule (id or name) and every pattern given.
    public func matches(_ f: Finding) -> Bool {
        guard Glob.matches(rule.value, f.rule.id) || Glob.matches(rule.value, f.rule.name) else { return false }
        for (key, pattern) in patterns {
            guard let value = Suppression.field(key, of: f.entity), Glob.matches(pattern.value, value) else { return false }
        }
        return true
    }

    static func field(_ key: String, of e: EntityRef) -> String? {
        switch key {
        case "workspace": return e.workspace
        case "app": return e.app
        case "connection": return e.connection
        case "workflow": return e.workflow
        case "step": return e.step
        default: return nil
        }
    }

    /// `WM201 (workflow wf_lead_*)`: how messages name it.
    public var title: String {
        let filters = patterns.map { "\($0.key) \($0.pattern.value)" }
        return quoted(rule.value) + (filters.isEmpty ? "" : " (\(filters.joined(separator: ", ")))")
    }
}
