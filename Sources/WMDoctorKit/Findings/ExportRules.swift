/// The checks the loader makes on the export itself (category `invalid-export`).
public enum ExportRule: CaseIterable, Sendable {
    case duplicateKey, unknownKey, missingKey, wrongType, invalidValue, invalidTimestamp,
        unsupportedHeader, notAMapping, duplicateID, misplacedSection

    public var id: RuleID {
        switch self {
        case .duplicateKey: return RuleID("WM001", "duplicate-key")
        case .unknownKey: return RuleID("WM002", "unknown-key")
        case .missingKey: return RuleID("WM003", "missing-key")
        case .wrongType: return RuleID("WM004", "wrong-type")
        case .invalidValue: return RuleID("WM005", "invalid-value")
        case .invalidTimestamp: return RuleID("WM006", "invalid-timestamp")
        case .unsupportedHeader: return RuleID("WM007", "unsupported-header")
        case .notAMapping: return RuleID("WM008", "not-a-mapping")
        case .duplicateID: return RuleID("WM009", "duplicate-id")
        case .misplacedSection: return RuleID("WM010", "misplaced-section")
        }
    }

    public var summary: String {
        switch self {
        case .duplicateKey: return "A key is written twice in one mapping."
        case .unknownKey: return "A key that the export format does not define."
        case .missingKey: return "A required key is missing."
        case .wrongType: return "A value has the wrong type."
        case .invalidValue: return "A value is outside the allowed set."
        case .invalidTimestamp: return "A timestamp is not RFC 3339 or a bare date."
        case .unsupportedHeader: return "The document's apiVersion or kind is not supported."
        case .notAMapping: return "A document is not a mapping."
        case .duplicateID: return "Two connections, workflows or steps share an id."
        case .misplacedSection: return "A section that the document's kind does not hold."
        }
    }

    /// What to do, when it says more than the message does.
    public var remediation: String? {
        switch self {
        case .duplicateKey: return "Keep one of the two keys; Workflow Machine rejects the file otherwise."
        case .unknownKey, .missingKey, .wrongType, .invalidValue, .invalidTimestamp: return nil
        case .unsupportedHeader: return "Use apiVersion workflow-machine/v1 and one of the kinds Workspace, ConnectionList, WorkflowList."
        case .notAMapping: return "Each document must be a mapping with apiVersion, kind and workspace."
        case .duplicateID: return "Give each one a unique id; steps and triggers bind to the first definition."
        case .misplacedSection: return "Move the section to a document of a kind that holds it, or change the kind to Workspace."
        }
    }
}
