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
                var ws = bySlug[slug] ?? Workspace(slug: slug)
                ws.documents.append(doc.header)
                for c in doc.connections {
                    if let first = connectionSeen[slug]?[c.id.value] {
                        findings.append(duplicate("connection", c.id, first: first, entity: EntityRef(kind: .connection, workspace: slug, app: c.app.value, connection: c.id.value)))
                        continue
                    }
                    connectionSeen[slug, default: [:]][c.id.value] = c.id.location
                    ws.connections.append(c)
                }
                for w in doc.workflows {
                    if let first = workflowSeen[slug]?[w.id.value] {
                        findings.append(duplicate("workflow", w.id, first: first, entity: EntityRef(kind: .workflow, workspace: slug, workflow: w.id.value)))
                        continue
                    }
                    workflowSeen[slug, default: [:]][w.id.value] = w.id.location
                    ws.workflows.append(w)
                }
                bySlug[slug] = ws
            }
        }
        let workspaces = bySlug.values.sorted { $0.slug.utf8.lexicographicallyPrecedes($1.slug.utf8) }
        return (workspaces, findings)
    }

    private static func duplicate(_ what: String, _ id: Located<String>, first: SourceLocation, entity: EntityRef) -> Finding {
        let rule = ExportRule.duplicateID
        return Finding(
            rule: rule.id, category: .invalidExport, severity: .error,
            message: "\(what) id \(quoted(id.value)) is defined twice in workspace \(quoted(entity.workspace)); previously defined at \(first.described(relativeTo: id.location.file))",
            location: id.location, entity: entity,
            related: [RelatedLocation("first definition", at: first)], remediation: rule.remediation,
            detail: "duplicate \(what) id")
    }
}
