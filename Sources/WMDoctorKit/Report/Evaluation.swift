/// One rule evaluated on one entity, whether it passed or not.
public struct Evaluation: Sendable, Hashable {
    public var rule: RuleID
    public var entity: EntityRef
    /// Where the entity (or the first finding about it) is.
    public var location: SourceLocation

    public init(rule: RuleID, entity: EntityRef, location: SourceLocation) {
        self.rule = rule
        self.entity = entity
        self.location = location
    }

    /// The stand-in check until the rule engine records evaluations: the
    /// entity was read from the export and checked.
    public static let exportRead = RuleID("WM000", "export-read")
}

extension Report {
    /// `evaluations`, or while the engine records none: one per (rule, entity)
    /// with a finding, plus `Evaluation.exportRead` for every connection and
    /// workflow read. Findings not covered by `evaluations` are added too, so
    /// no finding is ever missing. No duplicates; first occurrence wins.
    public var effectiveEvaluations: [Evaluation] {
        var seen: Set<EvaluationKey> = []
        var out: [Evaluation] = []
        func add(_ e: Evaluation) {
            if seen.insert(EvaluationKey(rule: e.rule.id, entity: e.entity)).inserted { out.append(e) }
        }
        evaluations.forEach(add)
        for f in findings { add(Evaluation(rule: f.rule, entity: f.entity, location: f.location)) }
        if evaluations.isEmpty {
            for ws in workspaces {
                let slug = ws.workspace.slug
                for c in ws.workspace.connections {
                    let entity = EntityRef(kind: .connection, workspace: slug, app: c.app.value, connection: c.id.value)
                    add(Evaluation(rule: Evaluation.exportRead, entity: entity, location: c.location))
                }
                for w in ws.workspace.workflows {
                    let entity = EntityRef(kind: .workflow, workspace: slug, workflow: w.id.value)
                    add(Evaluation(rule: Evaluation.exportRead, entity: entity, location: w.location))
                }
            }
        }
        return out
    }
}

/// What makes two evaluations the same test.
struct EvaluationKey: Hashable {
    var rule: String
    var entity: EntityRef
}
