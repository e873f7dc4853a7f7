/// How many enabled steps (and triggers) in how many enabled workflows a
/// connection finding breaks: those bound to the connection explicitly, by
/// name, or through the app's default.
public struct Impact: Sendable, Hashable {
    public var steps: Int
    public var triggers: Int
    public var workflows: Int

    public init(steps: Int, triggers: Int = 0, workflows: Int) {
        self.steps = steps
        self.triggers = triggers
        self.workflows = workflows
    }
}

/// SARIF's `baselineState` for a finding (and for each use it affects) when
/// `check --baseline` is given.
public enum BaselineState: String, Sendable {
    /// Not in the baseline: it fails the check.
    case new
    /// In the baseline, but it now breaks uses the baseline did not record:
    /// it fails the check, and the new uses are named.
    case updated
    /// Recorded in the baseline with every use it breaks: counted, shown as
    /// baselined, never failing.
    case unchanged
}

/// The suppression of `.wmdoctor.yaml` that hides a finding.
public struct AppliedSuppression: Sendable, Hashable {
    public var reason: String
    /// `until` as written (a date or a timestamp), if any.
    public var until: String?
    /// Where the suppression is written.
    public var location: SourceLocation

    public init(reason: String, until: String?, location: SourceLocation) {
        self.reason = reason
        self.until = until
        self.location = location
    }
}

/// The findings gating makes about the gating configuration itself.
public enum GatingRule: CaseIterable, Sendable {
    case expiredSuppression, unusedSuppression

    public var id: RuleID {
        switch self {
        case .expiredSuppression: return RuleID("WM900", "expired-suppression")
        case .unusedSuppression: return RuleID("WM901", "unused-suppression")
        }
    }

    public var severity: Severity {
        switch self {
        case .expiredSuppression: return .warning
        case .unusedSuppression: return .info
        }
    }

    public var descriptor: RuleDescriptor {
        switch self {
        case .expiredSuppression:
            return RuleDescriptor(
                id: id, category: .hygiene, defaultSeverity: severity,
                summary: "A suppression in .wmdoctor.yaml is past its `until` date.",
                description: "A suppression stops suppressing the day after its `until` date: the findings it hid are reported again, and so is the suppression.",
                remediation: "Fix the findings it hid, or extend `until` with a new reason.", tags: ["gating"])
        case .unusedSuppression:
            return RuleDescriptor(
                id: id, category: .hygiene, defaultSeverity: severity,
                summary: "A suppression in .wmdoctor.yaml matches no finding.",
                description: "No finding of this run matches the suppression: the problem it hid was fixed, or its patterns are wrong.",
                remediation: "Remove the suppression, or correct its rule and entity patterns.", tags: ["gating"])
        }
    }
}

extension Report {
    /// Whether a finding counts: neither suppressed nor in the baseline.
    public static func isActive(_ f: Finding) -> Bool { f.counts }

    /// The findings that count, in report order.
    public var activeFindings: [Finding] { findings.filter(Report.isActive) }

    /// Findings hidden by a suppression.
    public var suppressedCount: Int { countFindings { Finding.gate(at: $0).suppressed } }

    /// Findings recorded in the baseline (and not suppressed).
    public var baselinedCount: Int {
        countFindings {
            let g = Finding.gate(at: $0)
            return !g.suppressed && g.baseline == .unchanged
        }
    }

    /// How many findings pass `test`, each given by its address: a finding
    /// copied (a filter's element, or `self` of a computed property) retains
    /// its every text and list, a cache miss each at 46,000 findings.
    func countFindings(_ test: (UnsafePointer<Finding>) -> Bool) -> Int {
        findings.withUnsafeBufferPointer { b in
            guard let first = b.baseAddress else { return 0 }
            var n = 0
            for i in 0..<b.count where test(first + i) { n += 1 }
            return n
        }
    }
}
