/// What loading one file gathers besides the model: findings about the export
/// and where its secret values sit.
final class LoadContext {
    let file: String
    private let fileID: UInt32
    var findings: [Finding] = []
    /// The entity that validation findings are about right now.
    var entity: EntityRef
    /// The texts steps and triggers repeat, numbered once (``Vocabulary``).
    let vocabulary = VocabularyCache()
    /// Where workflow names are kept (``CompactText``).
    let texts = TextArena()
    /// The steps of the workflows read, in shared chunks (``WorkflowSteps``).
    let stepArena = StepArena()

    init(file: String) {
        self.file = file
        fileID = SourceFiles.shared.id(file)
        self.entity = EntityRef(kind: .workspace, workspace: "")
    }

    func location(_ mark: Mark, length: Int = 0) -> SourceLocation {
        SourceLocation(fileID: fileID, line: mark.line, column: mark.column, length: length)
    }

    func location(of node: YAMLNode) -> SourceLocation {
        location(node.start, length: node.underlineLength)
    }

    func report(
        _ rule: ExportRule, _ message: String, at location: SourceLocation, related: [RelatedLocation] = [],
        detail: String? = nil
    ) {
        findings.append(
            Finding(
                rule: rule.id, category: .invalidExport, severity: .error, message: message,
                location: location, entity: entity, related: related, remediation: rule.remediation, detail: detail))
    }

    /// Runs `body` with findings attributed to `entity`. The entities are
    /// swapped, not copied: a copy of one counted a reference to each of its
    /// texts, three times for every step of a large export.
    func with<T>(_ entity: consuming EntityRef, _ body: () -> T) -> T {
        var other = entity
        swap(&self.entity, &other)
        defer { swap(&self.entity, &other) }
        return body()
    }
}

/// How a node reads in a message, never showing a secret key's value.
func phrase(of node: YAMLNode, key: String) -> String {
    switch node.content {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .scalar(let s):
        if SecretKeys.isSecret(key) { return "a value" }
        return ResolvedScalar(s).phrase
    }
}
