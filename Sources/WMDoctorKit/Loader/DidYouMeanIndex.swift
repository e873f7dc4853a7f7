/// "Did you mean" over a large, fixed candidate list (every connection id of a
/// workspace): the same answer as `DidYouMean.suggest(word, from: candidates)`,
/// found by walking a trie of the candidates with one edit-distance row per
/// trie node. Candidates that share a prefix share its rows, and a subtree is
/// left as soon as its row minimum exceeds the distance any answer may have,
/// so a query visits a small part of the candidates instead of scoring each.
struct DidYouMeanIndex: Sendable {
    private struct Node: Sendable {
        var scalar: Unicode.Scalar
        var children: [Int32] = []
        /// Candidates (by position in `candidates`) that end here.
        var terminals: [Int32] = []
    }

    private var nodes: [Node] = [Node(scalar: " ")]
    private let candidates: [String]
    /// Each candidate's length in scalars, before lowercasing (as `suggest` counts it).
    private let lengths: [Int]
    private var depth = 0

    init(_ candidates: [String]) {
        self.candidates = candidates
        lengths = candidates.map { $0.unicodeScalars.count }
        for (index, c) in candidates.enumerated() {
            var node = 0
            var d = 0
            for s in c.lowercased().unicodeScalars.prefix(DidYouMean.cap) {
                node = child(of: node, s)
                d += 1
            }
            depth = max(depth, d)
            nodes[node].terminals.append(Int32(index))
        }
    }

    private mutating func child(of node: Int, _ s: Unicode.Scalar) -> Int {
        for c in nodes[node].children where nodes[Int(c)].scalar == s { return Int(c) }
        nodes.append(Node(scalar: s))
        nodes[node].children.append(Int32(nodes.count - 1))
        return nodes.count - 1
    }

    func suggest(_ word: String) -> String? {
        let full = Array(word.lowercased().unicodeScalars)
        guard !full.isEmpty else { return nil }
        var query = Query(word: Array(full.prefix(DidYouMean.cap)), wordCount: full.count, depth: depth)
        query.visit(0, depth: 0, in: self)
        return query.best.map { candidates[$0.index] }
    }

    /// One walk: the rows of the path from the root, and the best answer so far.
    ///
    /// No answer may be further than `ceiling` from the word, so every cell
    /// is kept at most `ceiling + 1` (``cap``): a larger value only ever
    /// decides against a candidate that is out of reach anyway. Then a cell
    /// more than `ceiling` columns off the diagonal is `cap` whatever the
    /// strings (its distance is at least that offset): a row is computed only
    /// in the band of columns around its diagonal (Ukkonen's cut-off), the
    /// cells just outside the band set to `cap` for the next row to read.
    private struct Query {
        let word: [Unicode.Scalar]
        let wordCount: Int
        let width: Int
        /// Row `d` holds the distances between the first `d` trie scalars and each prefix of `word`.
        var rows: [Int32]
        /// The largest distance any candidate may have (`suggest`'s limit is at most this).
        let ceiling: Int
        private let cap: Int32
        var best: (distance: Int, index: Int)?

        init(word: [Unicode.Scalar], wordCount: Int, depth: Int) {
            self.word = word
            self.wordCount = wordCount
            width = word.count + 1
            ceiling = max(1, wordCount / 3)
            cap = Int32(ceiling + 1)
            rows = [Int32](repeating: Int32(ceiling + 1), count: (depth + 1) * width)
            for j in 0..<min(width, ceiling + 1) { rows[j] = Int32(j) }
        }

        mutating func visit(_ n: Int, depth d: Int, in index: DidYouMeanIndex) {
            let node = index.nodes[n]
            let distance = Int(rows[d * width + word.count])
            for t in node.terminals {
                let limit = max(1, min(wordCount, index.lengths[Int(t)]) / 3)
                guard distance <= limit else { continue }
                if let b = best, b.distance < distance || (b.distance == distance && b.index < Int(t)) { continue }
                best = (distance, Int(t))
            }
            for c in node.children {
                let child = index.nodes[Int(c)]
                let rowMin = fillRow(d + 1, scalar: child.scalar, previous: d > 0 ? node.scalar : nil)
                // Row minima never decrease further down: nothing below can beat this.
                if rowMin > min(ceiling, best?.distance ?? ceiling) { continue }
                visit(Int(c), depth: d + 1, in: index)
            }
        }

        /// Fills row `i` for trie scalar `s` (whose parent scalar is `previous`); returns its minimum (at most `cap`).
        private mutating func fillRow(_ i: Int, scalar s: Unicode.Scalar, previous: Unicode.Scalar?) -> Int {
            let width = width, cap = cap, word = word
            let cur = i * width, up = cur - width, up2 = up - width
            // The band: columns within `ceiling` of the diagonal (column 0 is `i`, or `cap` below the band).
            let lo = max(1, i - ceiling), hi = min(width - 1, i + ceiling)
            return rows.withUnsafeMutableBufferPointer { r in
                r[cur] = min(Int32(i), cap)
                var rowMin = r[cur]
                // Past the word's end by more than `ceiling`: nothing in reach (the caller prunes).
                guard lo <= hi else { return Int(rowMin) }
                if lo > 1 { r[cur + lo - 1] = cap }
                if hi < width - 1 { r[cur + hi + 1] = cap }
                for j in lo...hi {
                    let cost: Int32 = word[j - 1] == s ? 0 : 1
                    var v = min(r[up + j] + 1, r[cur + j - 1] + 1, r[up + j - 1] + cost)
                    if let p = previous, j > 1, word[j - 1] == p, word[j - 2] == s {
                        v = min(v, r[up2 + j - 2] + 1)
                    }
                    v = min(v, cap)
                    r[cur + j] = v
                    rowMin = min(rowMin, v)
                }
                return Int(rowMin)
            }
        }
    }
}
