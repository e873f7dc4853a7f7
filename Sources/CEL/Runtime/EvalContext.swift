/// Mutable per-evaluation state: variable slots and the cost meter.
final class EvalContext {
    /// Read by every variable node: not checked for overlapping access at run
    /// time (each read or write of a slot is a whole, non-overlapping access;
    /// the check cost 3% of a full check).
    @exclusivity(unchecked) var slots: [CELValue]
    /// Operations counted so far.
    var cost: Int = 0
    var budget: Int
    /// Set once `cost` exceeds `budget`; loops stop and the evaluation fails.
    var exceeded = false

    init(slots: [CELValue], budget: Int) {
        self.slots = slots
        self.budget = budget
    }

    /// Adds `n` to the cost; returns false when the budget is exhausted.
    @inline(__always)
    func charge(_ n: Int) -> Bool {
        cost &+= n
        if cost > budget { exceeded = true }
        return !exceeded
    }

    var costError: CELValue { .error(CELError(.costLimit, "cost limit exceeded (\(budget))")) }

    /// What an evaluation that gave `v` returns: an error when the budget ran out or `v` is one.
    func result(_ v: CELValue) throws(CELError) -> CELValue {
        if exceeded || cost > budget { throw CELError(.costLimit, "cost limit exceeded (\(budget))") }
        if case .error(let e) = v { throw e }
        return v
    }
}

/// A compiled expression node. Nodes are immutable and shareable across
/// threads; all per-evaluation state lives in ``EvalContext``.
protocol Node: Sendable {
    func eval(_ c: EvalContext) -> CELValue
}
