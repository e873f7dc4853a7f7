extension Array where Element == Finding {
    /// Sorts the findings in report order (``Finding/reportOrder(_:_:)``),
    /// stable, exactly as `sort(by: Finding.reportOrder)`: the indices are
    /// sorted, comparing the findings where they lie, then the findings are
    /// swapped into place along the permutation's cycles, each moved at most
    /// once and none copied. Sorting the findings themselves copied each at
    /// every merge (0.1 s on one core for 46,000 findings, BENCHMARKS.md session 17).
    mutating func sortInReportOrder() {
        let order = withUnsafeBufferPointer { b -> [Int] in
            guard let base = b.baseAddress else { return [] }
            return b.indices.sorted { Finding.reportOrder(base + $0, base + $1) }
        }
        applyPermutation(order)
    }

    /// Puts the finding at `order[k]` at `k`, for every `k` (`order` is a permutation of the indices).
    mutating func applyPermutation(_ order: [Int]) {
        // Swapped in the buffer, moved; the array's own `swapAt` copies (a retain per text).
        withUnsafeMutableBufferPointer { findings in
            var placed = [Bool](repeating: false, count: findings.count)
            for start in findings.indices where !placed[start] {
                var at = start
                while true {
                    placed[at] = true
                    let from = order[at]
                    if from == start { break }
                    findings.swapAt(at, from)
                    at = from
                }
            }
        }
    }
}
