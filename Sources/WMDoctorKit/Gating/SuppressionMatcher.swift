/// Applies the suppressions of `.wmdoctor.yaml` to a report: a finding
/// matched by a suppression in force is marked suppressed (it stays in the
/// report; formats show it as such and it never fails a check). An expired
/// suppression suppresses nothing and is reported (WM900, a warning), as is
/// one in force that matched nothing (WM901, info), both at the suppression.
public enum SuppressionMatcher {
    public static func apply(_ suppressions: [Suppression], to report: inout Report) {
        guard !suppressions.isEmpty else { return }
        let now = report.now
        var matched = [Int](repeating: 0, count: suppressions.count)
        for i in report.findings.indices {
            var first: Int?
            for (n, s) in suppressions.enumerated() where s.matches(report.findings[i]) {
                matched[n] += 1
                if first == nil && !s.isExpired(at: now) { first = n }
            }
            if let n = first {
                let s = suppressions[n]
                report.findings[i].suppression = AppliedSuppression(reason: s.reason.value, until: s.until?.value, location: s.location)
            }
        }
        var added: [Finding] = []
        for (n, s) in suppressions.enumerated() {
            if s.isExpired(at: now) {
                let count: String
                switch matched[n] {
                case 0: count = "it matches no finding any more"
                case 1: count = "its finding is reported again"
                default: count = "its \(matched[n]) findings are reported again"
                }
                added.append(finding(
                    .expiredSuppression, s,
                    "the suppression of \(s.title) expired on \(s.until?.value ?? "") and no longer applies: \(count) (reason was: \(s.reason.value))",
                    at: s.until?.location ?? s.location))
            } else if matched[n] == 0 {
                added.append(finding(.unusedSuppression, s, "the suppression of \(s.title) matches no finding: remove it (reason was: \(s.reason.value))", at: s.location))
            }
        }
        guard !added.isEmpty else { return }
        report.findings += added
        report.findings.sortInReportOrder()
        for rule in GatingRule.allCases where added.contains(where: { $0.rule == rule.id }) && report.descriptor(for: rule.id) == nil {
            report.rules.append(rule.descriptor)
        }
    }

    private static func finding(_ rule: GatingRule, _ s: Suppression, _ message: String, at location: SourceLocation) -> Finding {
        let filters = s.patterns.map { "\($0.key)=\($0.pattern.value)" }.joined(separator: ",")
        return Finding(
            rule: rule.id, category: rule.descriptor.category, severity: rule.severity, message: message, location: location,
            entity: EntityRef(kind: .workspace, workspace: ""), remediation: rule.descriptor.remediation,
            detail: "suppression \(s.rule.value) \(filters) until \(s.until?.value ?? "")")
    }
}
