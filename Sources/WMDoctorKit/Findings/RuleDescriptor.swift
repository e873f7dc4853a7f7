/// What reporters need to know of a rule: SARIF's `tool.driver.rules`, the
/// JSON report's rule metadata, `explain`.
public struct RuleDescriptor: Sendable, Hashable {
    public var id: RuleID
    public var category: FindingCategory
    public var defaultSeverity: Severity
    /// One line.
    public var summary: String
    /// Markdown.
    public var description: String
    /// Markdown: what a user does about it.
    public var remediation: String?
    public var tags: [String]

    public init(
        id: RuleID, category: FindingCategory, defaultSeverity: Severity, summary: String, description: String,
        remediation: String?, tags: [String] = []
    ) {
        self.id = id
        self.category = category
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.description = description
        self.remediation = remediation
        self.tags = tags
    }
}

extension ExportRule {
    public var descriptor: RuleDescriptor {
        RuleDescriptor(
            id: id, category: .invalidExport, defaultSeverity: .error, summary: summary,
            description: explanation,
            remediation: remediation, tags: ["invalid-export"])
    }

    public static var descriptors: [RuleDescriptor] { allCases.map(\.descriptor) }

    /// Why the check matters, for `explain` and SARIF's full description.
    var explanation: String {
        let format = "The export does not follow the Workflow Machine export format (version 1)"
        switch self {
        case .duplicateKey:
            return "\(format): a key is written twice in one mapping. YAML forbids it, and tools disagree on which value wins; wmdoctor uses the first and names both positions."
        case .unknownKey:
            return "\(format): the key is not one the format defines for this section. It is usually a typo (`conection`, `scope`), and Workflow Machine ignores the value, so the step does not do what the file says. The message lists the allowed keys and the closest one."
        case .missingKey:
            return "\(format): a required key is missing (reported at the mapping that lacks it). Connections need id, name, app, account and auth; workflows id, name and steps; steps id, app and action."
        case .wrongType:
            return "\(format): the value has the wrong type, e.g. `enabled: \"true\"` (a quoted value is a string, not a boolean) or a list where a mapping belongs."
        case .invalidValue:
            return "\(format): the value is outside its set (a status, environment, auth type, token kind or mode); the message lists the allowed values."
        case .invalidTimestamp:
            return "\(format): timestamps are RFC 3339 (`2026-11-20T10:00:00Z`, offsets allowed) or a bare date (`2026-12-01`, midnight UTC). Without a valid date, expiry checks cannot run."
        case .unsupportedHeader:
            return "\(format): each document starts with `apiVersion: workflow-machine/v1` and a `kind` of Workspace, ConnectionList or WorkflowList."
        case .notAMapping:
            return "\(format): each document is a mapping with the export header; a list or a bare value is not an export."
        case .duplicateID:
            return "\(format): connection and workflow ids are unique in a workspace, step ids in a workflow. Steps bind to the first definition; the second is ignored."
        case .misplacedSection:
            return "\(format): a ConnectionList holds only connections and a WorkflowList only workflows; a Workspace holds both."
        }
    }
}
