/// Sets `Finding.impact` from `Finding.affects`: the enabled steps and
/// triggers a finding breaks, and their workflows. Disabled workflows break
/// nothing. Findings that affect no use have no impact.
public enum ImpactCalculator {
    public static func annotate(_ report: inout Report) {
        for i in report.findings.indices where !report.findings[i].affects.isEmpty {
            report.findings[i].impact = impact(of: report.findings[i].affects)
        }
    }

    public static func impact(of uses: [AffectedUse]) -> Impact {
        var steps = 0, triggers = 0
        var workflows: Set<String> = []
        for u in uses where u.enabled {
            if u.step == nil { triggers += 1 } else { steps += 1 }
            workflows.insert(u.workspace + "\u{1F}" + u.workflow)
        }
        return Impact(steps: steps, triggers: triggers, workflows: workflows.count)
    }
}
