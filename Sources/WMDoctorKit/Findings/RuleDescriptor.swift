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
            description: summary + " The export does not follow the Workflow Machine export format (version 1).",
            remediation: remediation, tags: ["invalid-export"])
    }

    public static var descriptors: [RuleDescriptor] { allCases.map(\.descriptor) }
}
