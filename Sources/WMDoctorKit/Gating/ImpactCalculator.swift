/// Computes `Finding.impact` for findings about a connection: the enabled
/// steps and triggers whose resolved binding is that connection (explicit id,
/// name, the app's default, the only or most recent connection), and their
/// workflows. Disabled workflows break nothing.
public enum ImpactCalculator {
    public static func annotate(_ report: inout Report) {
        var cache: [String: [String: Impact]] = [:]
        for ws in report.workspaces { cache[ws.workspace.slug] = impacts(ws) }
        for i in report.findings.indices {
            let e = report.findings[i].entity
            guard e.kind == .connection, let id = e.connection, let impact = cache[e.workspace]?[id] else { continue }
            report.findings[i].impact = impact
        }
    }

    /// The impact of every connection of a workspace, by id (first definition wins).
    public static func impacts(_ ws: ResolvedWorkspace) -> [String: Impact] {
        let connections = ws.workspace.connections
        var steps = [Int](repeating: 0, count: connections.count)
        var triggers = steps
        var workflows = [Set<Int>](repeating: [], count: connections.count)
        for (w, wf) in ws.workspace.workflows.enumerated() where wf.isEnabled {
            for binding in ws.stepBindings[w] {
                if let c = binding.connection, steps.indices.contains(c) {
                    steps[c] += 1
                    workflows[c].insert(w)
                }
            }
            if let c = ws.triggerBindings[w]?.connection, triggers.indices.contains(c) {
                triggers[c] += 1
                workflows[c].insert(w)
            }
        }
        var out: [String: Impact] = [:]
        for (i, c) in connections.enumerated() where out[c.id.value] == nil {
            out[c.id.value] = Impact(steps: steps[i], triggers: triggers[i], workflows: workflows[i].count)
        }
        return out
    }
}
