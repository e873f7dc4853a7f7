/// One exported document's header.
public struct ExportDocument: Sendable {
    public var file: String
    public var kind: ExportKind?
    public var exportedAt: Located<Timestamp>?
    public var exportedBy: Located<String>?
    public var location: SourceLocation
}

/// Everything read for one workspace slug, across files and documents, in
/// input order (files sorted by path, documents and items as written).
public struct Workspace: Sendable {
    public var slug: String
    public var documents: [ExportDocument] = []
    public var connections: [Connection] = []
    public var workflows: [Workflow] = []

    public init(slug: String) {
        self.slug = slug
    }

    /// Connections by id (the first definition wins; duplicates are findings).
    public func connectionIndex() -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(connections.count)
        for (i, c) in connections.enumerated() where index[c.id.value] == nil {
            index[c.id.value] = i
        }
        return index
    }
}
