/// Sets `Finding.impact` from `Finding.affects`: the enabled steps and
/// triggers a finding breaks, and their workflows. Disabled workflows break
/// nothing. Findings that affect no use have no impact.
public enum ImpactCalculator {
    public static func annotate(_ report: inout Report) {
        let impacts = impacts(of: report.findings)
        for (i, impact) in impacts.enumerated() where impact != nil { report.findings[i].impact = impact }
    }

    /// Each finding's impact (nil: it affects no use), worked out on all
    /// cores: 46,000 findings at dense 100 MB. The findings are lent, not
    /// kept: setting the impacts then changes the report's array in place.
    private static func impacts(of findings: [Finding]) -> [Impact?] {
        parallelMapChunked(count: findings.count) { i in findings[i].affects.isEmpty ? nil : impact(of: findings[i].affects) }
    }

    public static func impact(of uses: [AffectedUse]) -> Impact {
        var steps = 0, triggers = 0
        var workflows: Set<WorkflowKey> = []
        for i in uses.indices where uses[i].enabled {
            if uses[i].step == nil { triggers += 1 } else { steps += 1 }
            workflows.insert(WorkflowKey(workspace: uses[i].workspace, workflow: uses[i].workflow))
        }
        return Impact(steps: steps, triggers: triggers, workflows: workflows.count)
    }

    /// A workflow by its workspace and id (no text joined per use).
    private struct WorkflowKey: Hashable {
        var workspace: String
        var workflow: String
    }
}
