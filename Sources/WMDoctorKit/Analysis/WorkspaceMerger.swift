/// Merges the documents of every file into workspaces by slug, and reports
/// ids defined twice in one workspace (the first definition is kept).
enum WorkspaceMerger {
    static func merge(_ files: [LoadedFile]) -> (workspaces: [Workspace], findings: [Finding]) {
        var bySlug: [String: Workspace] = [:]
        var findings: [Finding] = []
        var connectionSeen: [String: [String: SourceLocation]] = [:]
        var workflowSeen: [String: [String: SourceLocation]] = [:]
        for file in files {
            for doc in file.documents {
                let slug = doc.workspace
                // Taken out while it grows, so its arrays are not copied on write.
                var ws = bySlug.removeValue(forKey: slug) ?? Workspace(slug: slug)
                ws.documents.append(doc.header)
                var seen = connectionSeen.removeValue(forKey: slug) ?? [:]
                var dropped = laterDefinitions(doc.connections, id: { $0.id }, seen: &seen) { c, first in
                    let entity = EntityRef(kind: .connection, workspace: slug, app: c.app.value, connection: c.id.value)
                    findings.append(duplicate("connection", c.id, first: first, entity: entity))
                }
                connectionSeen[slug] = seen
                append(doc.connections, dropping: dropped, to: &ws.connections)
                seen = workflowSeen.removeValue(forKey: slug) ?? [:]
                dropped = laterDefinitions(doc.workflows, id: { $0.id }, seen: &seen) { w, first in
                    findings.append(duplicate("workflow", w.id, first: first, entity: EntityRef(kind: .workflow, workspace: slug, workflow: w.id.value)))
                }
                workflowSeen[slug] = seen
                append(doc.workflows, dropping: dropped, to: &ws.workflows)
                bySlug[slug] = ws
            }
        }
        let workspaces = bySlug.values.sorted { $0.slug.utf8.lexicographicallyPrecedes($1.slug.utf8) }
        return (workspaces, findings)
    }

    /// The positions of `items` whose id is in `seen` already (defined
    /// earlier in the workspace), each told to `duplicate` with the first
    /// definition; the others' ids go into `seen`. Each id is hashed once (a
    /// duplicate, rare, puts its first back); items are read in place, not copied.
    private static func laterDefinitions<T>(
        _ items: [T], id: (T) -> Located<String>, seen: inout [String: SourceLocation],
        duplicate: (T, SourceLocation) -> Void
    ) -> Set<Int> {
        var dropped: Set<Int> = []
        seen.reserveCapacity(seen.count + items.count)
        for i in items.indices {
            let key = id(items[i])
            if let first = seen.updateValue(key.location, forKey: key.value) {
                seen[key.value] = first
                duplicate(items[i], first)
                dropped.insert(i)
            }
        }
        return dropped
    }

    /// Appends a document's items but the `dropped` ones. When none is dropped
    /// and the workspace has none yet, the document's own array is shared, not
    /// copied: a large export is then held once, not twice.
    private static func append<T>(_ all: [T], dropping dropped: Set<Int>, to items: inout [T]) {
        if items.isEmpty && dropped.isEmpty {
            items = all
        } else {
            items += all.indices.lazy.filter { !dropped.contains($0) }.map { all[$0] }
        }
    }

    private static func duplicate(_ what: String, _ id: Located<String>, first: SourceLocation, entity: EntityRef) -> Finding {
        let rule = ExportRule.duplicateID
        return Finding(
            rule: rule.id, category: .invalidExport, severity: .error,
            message: "\(what) id \(quoted(id.value)) is defined twice in workspace \(quoted(entity.workspace)); previously defined at \(first.description)",
            location: id.location, entity: entity,
            related: [RelatedLocation("first definition", at: first)], remediation: rule.remediation,
            detail: "duplicate \(what) id")
    }
}
