extension Array where Element == Finding {
    /// Sorts the findings in report order (``Finding/reportOrder(_:_:)``),
    /// stable, exactly as `sort(by: Finding.reportOrder)`: the indices are
    /// sorted, then the findings swapped into place along the permutation's
    /// cycles, each moved at most once and none copied. Sorting the findings
    /// themselves copied each at every merge (0.1 s on one core for 46,000
    /// findings, BENCHMARKS.md session 17).
    mutating func sortInReportOrder() {
        let order = withUnsafeBufferPointer { b in indices.sorted { Finding.reportOrder(b[$0], b[$1]) } }
        applyPermutation(order)
    }

    /// Puts the finding at `order[k]` at `k`, for every `k` (`order` is a permutation of the indices).
    mutating func applyPermutation(_ order: [Int]) {
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            var at = start
            while true {
                placed[at] = true
                let from = order[at]
                if from == start { break }
                swapAt(at, from)
                at = from
            }
        }
    }
}
