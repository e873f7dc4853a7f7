extension WorkflowDiagnosis {
    /// The diagnosis of one workflow (or one of its steps, or its trigger) of an
    /// analysed report. `rules` are the rules that ran (`RuleEngine.activeRules`)
    /// and `catalog` the one they ran with: the engine evaluates every rule on
    /// every entity of its scopes, so the checks that ran on a step, its
    /// connection and its app are known without recording every evaluation.
    public init(
        report: Report, target: WorkflowLookup.Target, part: WorkflowLookup.Part? = nil, rules: [Rule], catalog: AppCatalog
    ) {
        let ws = report.workspaces[target.workspace]
        let wi = target.workflow
        let wf = ws.workspace.workflows[wi]
        let slug = ws.workspace.slug
        var refs: [UseRef] = []
        if wf.trigger != nil, part == nil || part == .trigger { refs.append(UseRef(workflow: wi, step: nil)) }
        for si in wf.steps.indices where part == nil || part == .step(si) { refs.append(UseRef(workflow: wi, step: si)) }
        let checks = CheckIndex(report: report, rules: rules.map { ($0.id, $0.scopes) }, workspace: slug, workflow: wf.id.value)
        let independent = Set(rules.filter { !$0.judgesConnection }.map(\.id.id))
        let uses = refs.map {
            UseBuilder(ws: ws, use: $0, catalog: catalog, checks: checks, now: report.now, independent: independent).build()
        }
        var verdict = Verdict(outcome: .runs, date: nil, reasons: [], fix: nil, fixRule: nil)
        if !wf.isEnabled {
            verdict = Verdict(outcome: .disabled, date: nil, reasons: ["`enabled: false`"], fix: nil, fixRule: nil)
        } else if let worst = uses.map(\.verdict).max(by: { a, b in
            a.outcome != b.outcome ? a.outcome < b.outcome : (a.date ?? report.now) > (b.date ?? report.now)
        }) {
            verdict = worst
            verdict.reasons = []
            verdict.risks = []
            for u in uses where u.verdict.outcome == worst.outcome {
                verdict.reasons += u.verdict.reasons.map { "\(u.title): \($0)" }
            }
            for u in uses { verdict.risks += u.verdict.risks.map { "\(u.title): \($0)" } }
        }
        self.init(
            now: report.now, workspace: slug,
            workflow: WorkflowFacts(
                id: wf.id.value, name: wf.name.value, enabled: wf.isEnabled, environment: wf.environment?.value, location: wf.location,
                expectations: wf.expect?.accounts.map { ($0.app.value, $0.pattern.value, $0.pattern.location) } ?? []),
            uses: uses, checks: checks.workflowChecks(), verdict: verdict, inputErrors: report.errors)
    }
}

/// The checks and findings of one workflow, by what they were evaluated on.
struct CheckIndex {
    let report: Report
    /// Each rule that ran, and the scopes it ran on.
    let rules: [(RuleID, [RuleScope])]
    let workspace: String
    let workflow: String

    /// The checks on the workflow itself.
    func workflowChecks() -> [CheckResult] {
        results([.workflows: ["workflow"]]) { e in e.kind == .workflow && e.workflow == workflow ? "workflow" : nil } breaks: { _ in false }
    }

    /// The checks on a use (step id, nil: the trigger), its connection and its app.
    /// The checks of a use: its own, those of each connection it may run as
    /// (the one shown first), and its app's.
    func useChecks(step: String?, connections: [String], app: String?) -> [CheckResult] {
        var ran: [RuleScope: [String]] = [step == nil ? .triggers : .steps: [step == nil ? "trigger" : "step"]]
        ran[.connections] = connections.map { "connection \(quoted($0))" }
        if let app { ran[.apps] = ["app \(app)"] }
        return results(ran) { e in
            switch e.kind {
            case .step where step != nil && e.workflow == workflow && e.step == step: return "step"
            case .trigger where step == nil && e.workflow == workflow: return "trigger"
            case .connection where e.connection.map(connections.contains) ?? false: return "connection \(quoted(e.connection ?? ""))"
            case .app where app != nil && e.app == app: return "app \(app ?? "")"
            default: return nil
            }
        } breaks: { f in
            f.affects.contains { $0.workspace == workspace && $0.workflow == workflow && $0.step == step }
                || ((f.entity.kind == .step || f.entity.kind == .trigger) && f.entity.workflow == workflow && f.entity.step == step)
        }
    }

    /// Every rule that ran on a subject (`ran`: the subject of each scope), and
    /// every finding on one (`subject` names it, nil: not one) or that `breaks`
    /// the use: one result per rule and subject, in rule id order.
    private func results(
        _ ran: [RuleScope: [String]], _ subject: (EntityRef) -> String?, breaks: (Finding) -> Bool
    ) -> [CheckResult] {
        var out: [CheckResult] = []
        var index: [String: Int] = [:]
        func slot(_ rule: RuleID, _ name: String) -> Int {
            let key = rule.id + "\u{0}" + name
            if let i = index[key] { return i }
            out.append(CheckResult(rule: rule, subject: name, findings: [], breaksUse: false))
            index[key] = out.count - 1
            return out.count - 1
        }
        for (rule, scopes) in rules {
            for scope in RuleScope.allCases where scopes.contains(scope) {
                for name in ran[scope] ?? [] { _ = slot(rule, name) }
            }
        }
        for f in report.findings where f.entity.workspace == workspace || f.affects.contains(where: { $0.workspace == workspace }) {
            let onSubject = f.entity.workspace == workspace ? subject(f.entity) : nil
            let breaking = breaks(f)
            guard onSubject != nil || breaking else { continue }
            let name = onSubject ?? (f.entity.kind == .workspace ? "workspace" : f.entity.displayPath)
            let i = slot(f.rule, name)
            out[i].findings.append(f)
            if breaking { out[i].breaksUse = true }
        }
        return out.enumerated().sorted { a, b in
            a.element.rule.id != b.element.rule.id ? a.element.rule.id < b.element.rule.id : a.offset < b.offset
        }.map(\.element)
    }
}
