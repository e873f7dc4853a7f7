extension LoadContext {
    /// A workflow with its trigger and steps, or nil when it lacks id or name.
    func readWorkflow(_ node: YAMLNode, workspace: String) -> Workflow? {
        let idText = node.scalarText(at: "id")
        let entity = EntityRef(kind: .workflow, workspace: workspace, workflow: idText)
        return with(entity) {
            guard
                let f = Fields(
                    node, section: "workflow", allowed: ExportSchema.workflow,
                    required: ExportSchema.workflowRequired, ctx: self)
            else { return nil }
            return buildWorkflow(
                f, workspace: workspace,
                trigger: {
                    f.node("trigger").flatMap { t in
                        with(EntityRef(kind: .trigger, workspace: workspace, workflow: idText)) { readTrigger(t) }
                    }
                },
                steps: { readSteps(f.node("steps"), workspace: workspace, workflow: idText) })
        }
    }

    /// The workflow from its fields, read in this order (what they report
    /// comes in it), the trigger and the steps read by the caller's way.
    func buildWorkflow(
        _ f: some ItemFields, workspace: String, trigger readTrigger: () -> Trigger?, steps readSteps: () -> [Step]
    ) -> Workflow? {
        let id = f.string("id")
        let name = f.string("name")
        let enabled = f.bool("enabled")
        let environment = f.enumValue("environment", Environment.self)
        let owner = f.string("owner")
        let expect = f.node("expect").flatMap { readWorkflowExpectation($0) }
        let trigger = readTrigger()
        let steps = readSteps()
        guard let id, let name else { return nil }
        return Workflow(
            id: id, name: name, enabled: enabled, environment: environment, owner: owner, expect: expect,
            trigger: trigger, steps: dropDuplicateSteps(steps), location: f.location, texts: texts, stepArena: stepArena)
    }

    /// The steps of a composed `steps` value (nil: absent).
    func readSteps(_ list: YAMLNode?, workspace: String, workflow: String?) -> [Step] {
        guard let list else { return [] }
        guard let items = list.items else {
            report(.wrongType, "\"steps\" in workflow should be a list of steps, got \(phrase(of: list, key: "steps"))", at: location(of: list))
            return []
        }
        var steps: [Step] = []
        steps.reserveCapacity(items.count)
        for item in items {
            if let step = readStep(item, workspace: workspace, workflow: workflow) { steps.append(step) }
        }
        return steps
    }

    /// Step ids are unique in their workflow: later duplicates are reported and dropped.
    private func dropDuplicateSteps(_ steps: [Step]) -> [Step] {
        // The usual case, no duplicate, keeps the array as built (filtering
        // would copy every step into an array grown by doubling).
        guard hasDuplicateIDs(steps) else { return steps }
        var seen: [String: SourceLocation] = [:]
        return steps.filter { step in
            if let first = seen[step.id.value] {
                with(EntityRef(kind: .step, workspace: entity.workspace, workflow: entity.workflow, step: step.id.value)) {
                    report(
                        .duplicateID,
                        "step id \(quoted(step.id.value)) is used twice in this workflow; previously defined at \(first.shortDescription)",
                        at: step.id.location, related: [RelatedLocation("first definition", at: first)],
                        detail: "duplicate step id")
                }
                return false
            }
            seen[step.id.value] = step.id.location
            return true
        }
    }

    private func hasDuplicateIDs(_ steps: [Step]) -> Bool {
        if steps.count <= 16 {
            // A few steps: compare pairs (no hashing, no allocation).
            for i in steps.indices.dropFirst() {
                let id = steps[i].idString
                for j in 0..<i where KeyTable.same(id, steps[j].idString) { return true }
            }
            return false
        }
        var ids = Set<String>(minimumCapacity: steps.count)
        for step in steps where !ids.insert(step.idString).inserted { return true }
        return false
    }

    func readStep(_ node: YAMLNode, workspace: String, workflow: String?) -> Step? {
        let entity = EntityRef(
            kind: .step, workspace: workspace, workflow: workflow, step: node.scalarText(at: "id"), app: node.scalarText(at: "app"))
        return with(entity) {
            guard
                let f = Fields(
                    node, section: "step", allowed: ExportSchema.step, required: ExportSchema.stepRequired, ctx: self)
            else { return nil }
            return buildStep(f)
        }
    }

    /// The step from its fields, read in this order (what they report comes in it).
    func buildStep(_ f: some ItemFields) -> Step? {
        let id = f.string("id")
        let name = f.string("name")
        let app = f.string("app")
        let action = f.string("action")
        let connection = f.node("connection").map { readConnectionReference($0) }
        let expect = f.node("expect").flatMap { readStepExpectation($0, section: "step expect") }
        guard let id, let app, let action else { return nil }
        var secrets: [Located<String>] = []
        if let params = f.node("params") {
            collectSecretKeys(params, into: &secrets)
            // Values that are secrets by their shape, under keys that do not say so.
            secrets += shapedSecrets(in: params) { SecretKeys.isSecret(String($0.split(separator: ".").last ?? "")) }
        }
        return Step(
            id: id, name: name, app: app, action: action, connection: connection, expect: expect,
            secretParams: secrets, location: f.location, vocabulary: vocabulary)
    }

    /// Secret-looking keys with a non-empty value anywhere under `node`.
    private func collectSecretKeys(_ node: YAMLNode, into out: inout [Located<String>], depth: Int = 0) {
        guard depth < 64 else { return }
        switch node.content {
        case .mapping(let pairs):
            for pair in pairs {
                if let key = pair.key.scalar?.text, SecretKeys.isSecret(key) {
                    let empty = pair.value.scalar.map { ResolvedScalar.isNull($0) || $0.text.isEmpty } ?? false
                    let templated = pair.value.scalar?.text.hasPrefix("{{") ?? false
                    if !empty && !templated { out.append(Located(key, at: location(of: pair.key))) }
                }
                collectSecretKeys(pair.value, into: &out, depth: depth + 1)
            }
        case .sequence(let items):
            for item in items { collectSecretKeys(item, into: &out, depth: depth + 1) }
        case .scalar:
            break
        }
    }

    func readTrigger(_ node: YAMLNode) -> Trigger? {
        guard let f = Fields(node, section: "trigger", allowed: ExportSchema.trigger, ctx: self) else { return nil }
        return buildTrigger(f)
    }

    /// The trigger from its fields, read in this order (what they report comes in it).
    func buildTrigger(_ f: some ItemFields) -> Trigger? {
        Trigger(
            app: f.string("app"), event: f.string("event"),
            connection: f.node("connection").map { readConnectionReference($0) },
            expect: f.node("expect").flatMap { readStepExpectation($0, section: "trigger expect") },
            location: f.location, vocabulary: vocabulary)
    }

    /// `connection: conn_x`, `{id: conn_x}` or `{name: "Marketing Slack"}`;
    /// anything else is reported and read as ``ConnectionReference/invalid(_:)``
    /// (the step names something, which is not its app's default).
    private func readConnectionReference(_ node: YAMLNode) -> ConnectionReference {
        let invalid = ConnectionReference.invalid(location(of: node))
        if let s = node.scalar {
            if ResolvedScalar.isNull(s) {
                // The spec's rule 3 is for no `connection` at all; what the platform does with a null is not said.
                report(
                    .wrongType,
                    "\"connection\" in \(entity.kind.rawValue) should be a connection id or a mapping with \"id\" or \"name\", got null (an empty value); to use the app's default connection, leave \"connection\" out",
                    at: invalid.location)
                return invalid
            }
            return Fields.string(node, key: "connection", section: entity.kind.rawValue, ctx: self).map { .id($0) } ?? invalid
        }
        guard let f = Fields(node, section: "connection reference", allowed: ExportSchema.connectionRef, ctx: self) else {
            return invalid
        }
        switch (f.has("id"), f.has("name")) {
        case (true, false): return f.string("id").map { .id($0) } ?? invalid
        case (false, true): return f.string("name").map { .name($0) } ?? invalid
        case (true, true):
            report(.invalidValue, "a connection reference needs exactly one of \"id\" or \"name\", not both", at: f.location)
            return invalid
        case (false, false):
            report(.missingKey, "a connection reference needs exactly one of \"id\" or \"name\"", at: f.location)
            return invalid
        }
    }

    private func readStepExpectation(_ node: YAMLNode, section: String) -> StepExpectation? {
        guard let f = Fields(node, section: section, allowed: ExportSchema.stepExpect, ctx: self) else { return nil }
        return StepExpectation(account: f.string("account"), location: f.location)
    }

    private func readWorkflowExpectation(_ node: YAMLNode) -> WorkflowExpectation? {
        guard let f = Fields(node, section: "workflow expect", allowed: ExportSchema.workflowExpect, ctx: self) else {
            return nil
        }
        var accounts: [(app: Located<String>, pattern: Located<String>)] = []
        if let map = f.node("accounts") {
            if let pairs = map.pairs {
                for pair in pairs {
                    guard let app = Fields.string(pair.key, key: "accounts", section: "workflow expect", ctx: self),
                        let pattern = Fields.string(pair.value, key: app.value, section: "expect.accounts", ctx: self)
                    else { continue }
                    accounts.append((app, pattern))
                }
            } else {
                report(
                    .wrongType,
                    "\"accounts\" in workflow expect should be a mapping from app key to account pattern, got \(phrase(of: map, key: "accounts"))",
                    at: location(of: map))
            }
        }
        return WorkflowExpectation(accounts: accounts, location: f.location)
    }
}
