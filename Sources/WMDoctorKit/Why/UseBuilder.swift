/// Builds the diagnosis of one step or trigger from the resolved workspace,
/// the catalog and the findings: facts read, never rules re-run.
struct UseBuilder {
    let ws: ResolvedWorkspace
    let use: UseRef
    let catalog: AppCatalog
    let checks: CheckIndex
    let now: Timestamp
    /// The rules that do not judge the connection (``Rule/judgesConnection``).
    let independent: Set<String>

    func build() -> UseDiagnosis {
        let wf = ws.workspace.workflows[Int(use.workflow)]
        let step = use.isTrigger ? nil : wf.steps[Int(use.step)]
        let app = step?.app.value ?? wf.trigger?.app?.value
        let operation = step?.action.value ?? wf.trigger?.event?.value
        let binding = ws.binding(of: use) ?? .noApp
        let connection = binding.connection.map { ws.workspace.connections[$0] }
        let facts = binding.connection.map { connectionFacts(ws.workspace.connections[$0], usability: ws.usability[$0]) }
        let access = connection.flatMap { c in app.map { accessCheck(c, app: $0, operation: operation) } }
        let expect = step?.expect ?? (use.isTrigger ? wf.trigger?.expect : nil)
        var expectations: [ExpectationCheck] = []
        if let p = expect?.account {
            expectations.append(ExpectationCheck(
                source: use.isTrigger ? "trigger" : "step", pattern: p.value, location: p.location,
                match: connection.flatMap { AccountPattern.match(p.value, $0.account) }, connection: connection?.id.value))
        }
        for e in wf.expect?.accounts ?? [] where e.app.value == app {
            expectations.append(ExpectationCheck(
                source: "workflow", pattern: e.pattern.value, location: e.pattern.location,
                match: connection.flatMap { AccountPattern.match(e.pattern.value, $0.account) }, connection: connection?.id.value))
        }
        let results = checks.useChecks(
            step: step?.id.value, connections: binding.possible.map { ws.workspace.connections[$0].id.value }, app: app)
        let choice = ChoiceExplanation.explain(binding, reference: ws.reference(of: use), app: app, in: ws.workspace)
        var diagnosis = UseDiagnosis(
            kind: use.isTrigger ? .trigger : .step, id: step?.id.value, name: step?.name?.value, app: app, operation: operation,
            location: step?.location ?? wf.trigger?.location ?? wf.location, choice: choice, connection: facts, access: access,
            expectations: expectations, checks: results,
            verdict: Verdict(outcome: .runs, date: nil, reasons: [], fix: nil, fixRule: nil))
        diagnosis.others = binding.possible.filter { $0 != binding.connection }.map { i in
            let c = ws.workspace.connections[i]
            return PossibleConnection(
                connection: connectionFacts(c, usability: ws.usability[i]), access: app.map { accessCheck(c, app: $0, operation: operation) })
        }
        diagnosis.verdict = wf.isEnabled
            ? VerdictRules.judge(diagnosis, now: now, independent: independent)
            : Verdict(outcome: .disabled, date: nil, reasons: ["the workflow is disabled (`enabled: false`)"], fix: nil, fixRule: nil)
        return diagnosis
    }

    private func connectionFacts(_ c: Connection, usability: Usability) -> ConnectionFacts {
        var account: [(field: String, value: String)] = []
        for (field, value) in [("id", c.account.id), ("label", c.account.label), ("email", c.account.email)] {
            if let v = value?.value { account.append((field, v)) }
        }
        let key = c.auth.keyHint.flatMap { hint in catalog.app(c.app.value)?.keyMode(forHint: hint.value) }
        return ConnectionFacts(
            id: c.id.value, name: c.name.value, app: c.app.value, location: c.location, status: c.effectiveStatus,
            usability: usability, unusableFrom: Usability.unusableFrom(c),
            lastError: c.lastError.map { ($0.code?.value, $0.message?.value, $0.at?.value) },
            authType: c.auth.type?.value, tokenKind: c.auth.tokenKind?.value, expiresAt: c.auth.expiresAt?.value,
            refreshable: c.auth.refreshable?.value ?? false, refreshExpiresAt: c.auth.refreshExpiresAt?.value,
            issuedAt: c.auth.issuedAt?.value, environment: c.environment?.value, account: account,
            mode: RuleFunctions.mode(of: c, catalog: catalog), key: key, isDefault: c.markedDefault)
    }

    private func accessCheck(_ c: Connection, app: String, operation: String?) -> AccessCheck {
        let kind = use.isTrigger ? "trigger" : "action"
        var check = AccessCheck(
            kind: kind, operation: operation ?? "", method: nil, catalogued: false, groups: [], grant: nil,
            tokenKindNeeded: nil, tokenKind: c.auth.tokenKind?.value)
        // A connection of another app: the step's needs are not the connection's to meet.
        guard c.app.value == app, let catalogApp = catalog.app(app), let operation else { return check }
        let grant = Grant.of(c, app: catalogApp)
        check.grant = grant
        guard let op = use.isTrigger ? catalogApp.trigger(operation) : catalogApp.action(operation) else { return check }
        check.catalogued = true
        check.method = op.method
        check.tokenKindNeeded = op.tokenKind
        let written = grant.scopes(in: catalogApp)
        check.groups = op.needs.map { group in
            guard let written else { return ScopeGroup(accepted: group, metBy: [], met: nil) }
            if case .fullAccess = grant { return ScopeGroup(accepted: group, metBy: [], met: true) }
            let metBy = written.filter { g in catalogApp.unmetGroups([group], granted: [g]).isEmpty }
            return ScopeGroup(accepted: group, metBy: metBy, met: catalogApp.unmetGroups([group], granted: written).isEmpty)
        }
        return check
    }
}
