/// One rule evaluated on one entity, whether it passed or not (recorded on
/// request: `AnalysisOptions.recordEvaluations`; the tests of `why` compare
/// its checks with them).
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
}
