/// One fix that clears a group of findings: findings about the same
/// connection and of the same category share a remediation (reconnect,
/// grant scopes, ...); other findings group by rule.
public struct Fix: Sendable, Hashable {
    /// What to do: `reconnect`, `grant the missing scopes to`, `fix`.
    public var action: String
    /// What to do it to: `"Marketing Slack" (conn_slack_mkt)`, or a rule.
    public var target: String
    public var workspace: String
    public var connection: String?
    public var category: FindingCategory
    /// Findings (that count) the fix clears, and their rules.
    public var findings: Int
    public var rules: [String]
    /// Enabled steps (and triggers) and workflows it makes work again.
    public var steps: Int
    public var workflows: Int
    /// 0: fixes what fails now; 1: what will or may fail; 2: hygiene (``Ranking/urgency(_:)``).
    public var urgency: Int = 0

    /// `reconnect "Marketing Slack" (conn_slack_mkt): clears 5 findings; fixes 14 steps in 6 workflows`.
    public var text: String {
        var s = "\(action) \(target): clears \(findings) finding\(findings == 1 ? "" : "s")"
        if steps > 0 { s += "; fixes \(steps) step\(steps == 1 ? "" : "s") in \(workflows) workflow\(workflows == 1 ? "" : "s")" }
        return s
    }
}

/// `check --rank`: the fixes that clear the most findings first.
public enum Ranking {
    public static func fixes(_ report: Report) -> [Fix] {
        let multi = Set(report.workspaces.map(\.workspace.slug)).count > 1
        var workspaces: [String: ResolvedWorkspace] = [:]
        for ws in report.workspaces where workspaces[ws.workspace.slug] == nil { workspaces[ws.workspace.slug] = ws }
        struct Key: Hashable { var workspace: String, connection: String?, category: FindingCategory, rule: String? }
        var groups: [Key: [Finding]] = [:]
        for f in report.activeFindings {
            let key = f.entity.connection.map { Key(workspace: f.entity.workspace, connection: $0, category: f.category, rule: nil) }
                ?? Key(workspace: f.entity.workspace, connection: nil, category: f.category, rule: f.rule.id)
            groups[key, default: []].append(f)
        }
        var fixes: [Fix] = []
        for (key, findings) in groups {
            let ws = workspaces[key.workspace]
            // What the fix makes work again: the enabled uses its findings
            // break (uses at risk already run: the fix keeps them so).
            var uses: Set<UseKey> = []
            for f in findings where f.affectsMeaning == .breaks {
                for u in f.affects where u.enabled { uses.insert(u.key) }
            }
            let workflows = Set(uses.map(\.workflow))
            var target: String
            if let c = key.connection {
                let name = ws?.workspace.connections.first { $0.id.value == c }?.name.value
                target = (name.map { quoted($0) + " " } ?? "") + "(\(c))"
            } else {
                let rule = findings[0].rule
                target = "\(rule.id) \(rule.name)"
            }
            if multi && !key.workspace.isEmpty { target += " in workspace \(key.workspace)" }
            var rules: [String] = []
            for f in findings where !rules.contains(f.rule.id) { rules.append(f.rule.id) }
            // Scopes that were not exported are not missing: the fix is to look, not to grant.
            let unknownGrant = key.category == .missingScope && rules == ["WM204"]
            var fix = Fix(
                action: key.connection == nil ? "fix" : unknownGrant ? "check (scopes not exported) the grant of" : action(key.category),
                target: target, workspace: key.workspace, connection: key.connection, category: key.category,
                findings: findings.count, rules: rules.sorted(), steps: uses.count, workflows: workflows.count)
            fix.urgency = urgency(findings)
            fixes.append(fix)
        }
        // What is broken now (by uses broken), then what will or may break, then hygiene.
        return fixes.sorted { a, b in
            if a.urgency != b.urgency { return a.urgency < b.urgency }
            if a.steps != b.steps { return a.steps > b.steps }
            if a.findings != b.findings { return a.findings > b.findings }
            if a.workflows != b.workflows { return a.workflows > b.workflows }
            return a.text.utf8.lexicographicallyPrecedes(b.text.utf8)
        }
    }

    /// 0: something fails now (an error that breaks, not one that puts uses
    /// at risk); 1: something will or may fail (warnings and info about
    /// uses, risks); 2: hygiene and exposed secrets.
    static func urgency(_ findings: [Finding]) -> Int {
        if findings.contains(where: {
            $0.severity == .error && $0.affectsMeaning == .breaks && $0.category != .hygiene && $0.category != .secretExposure
        }) { return 0 }
        if findings.contains(where: { $0.category != .hygiene && $0.category != .secretExposure }) { return 1 }
        return 2
    }

    /// The remediation shared by a connection's findings of a category.
    static func action(_ category: FindingCategory) -> String {
        switch category {
        case .expiredToken: return "reconnect"
        case .missingScope: return "grant the missing scopes to"
        case .wrongAccount: return "sign in to the expected account with"
        case .wrongConnection: return "rebind the steps that use"
        case .ambiguousDefault: return "mark one default for the app of"
        case .invalidExport: return "fix the export of"
        case .hygiene: return "clean up"
        case .secretExposure: return "rotate the secrets of"
        }
    }
}
