/// "Did you mean" suggestions: the closest candidates by edit distance.
public enum DidYouMean {
    /// Words are compared on their first `cap` scalars.
    static let cap = 64
    /// The closest candidate to `word` if it is close enough to be a likely typo.
    public static func suggest(_ word: String, from candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        guard !w.isEmpty else { return nil }
        let wLength = min(w.count, cap)
        var best: (String, Int)?
        for c in candidates {
            let cCount = c.unicodeScalars.count
            let limit = max(1, min(w.count, cCount) / 3)
            // The distance is at least the difference of the (capped) lengths:
            // most candidates are ruled out before any allocation.
            guard abs(wLength - min(cCount, cap)) <= limit else { continue }
            let d = distance(w, Array(c.lowercased().unicodeScalars), bound: limit)
            // Fewer edits than the shorter word has scalars: "x" is not a
            // typo of "z" (one edit, nothing in common), "X" is of "x".
            if d <= limit, d < min(w.count, cCount), best.map({ d < $0.1 }) ?? true { best = (c, d) }
        }
        return best?.0
    }

    /// Damerau-Levenshtein (optimal string alignment) distance; inputs are capped to 64 scalars.
    /// With a `bound`, stops as soon as a whole row exceeds it (row minima never
    /// decrease) and returns `bound + 1`: the exact value no longer matters.
    static func distance(_ a0: [Unicode.Scalar], _ b0: [Unicode.Scalar], bound: Int = .max) -> Int {
        let a = a0.prefix(cap), b = b0.prefix(cap)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let n = a.count, m = b.count
        var prev2 = [Int](repeating: 0, count: m + 1)
        var prev = Array(0...m)
        var cur = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            cur[0] = i
            for j in 1...m {
                let cost = a[a.startIndex + i - 1] == b[b.startIndex + j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[a.startIndex + i - 1] == b[b.startIndex + j - 2],
                    a[a.startIndex + i - 2] == b[b.startIndex + j - 1]
                {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
            }
            if bound < .max, cur.min() ?? 0 > bound { return bound + 1 }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[m]
    }

    /// ` (did you mean "x"?)` or "".
    public static func hint(_ word: String, from candidates: some Sequence<String>) -> String {
        suggest(word, from: candidates).map { "; did you mean \(quoted($0))?" } ?? ""
    }
}
