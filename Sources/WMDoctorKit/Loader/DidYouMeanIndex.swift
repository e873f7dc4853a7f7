/// "Did you mean" over a large, fixed candidate list (every connection id of a
/// workspace): the same answer as `DidYouMean.suggest(word, from: candidates)`,
/// found by walking a trie of the candidates with one edit-distance row per
/// trie node. Candidates that share a prefix share its rows, and a subtree is
/// left as soon as its row minimum exceeds the distance any answer may have,
/// so a query visits a small part of the candidates instead of scoring each.
struct DidYouMeanIndex: Sendable {
    /// The trie, flat: node `n`'s scalar, its children (node numbers) at
    /// `children[childStart[n]..<childStart[n + 1]]`, and the candidates
    /// that end at it (by position in `candidates`) at
    /// `terminals[terminalStart[n]..<terminalStart[n + 1]]`. A walk reads
    /// them in place: a node held as a struct of two arrays counted four
    /// references per child visited (a sixth of a query's cost).
    private let scalars: [Unicode.Scalar]
    private let childStart: [Int32]
    private let children: [Int32]
    private let terminalStart: [Int32]
    private let terminals: [Int32]
    private let candidates: [String]
    /// Each candidate's length in scalars, before lowercasing (as `suggest` counts it).
    private let lengths: [Int]
    private let depth: Int

    init(_ candidates: [String]) {
        self.candidates = candidates
        lengths = candidates.map { $0.unicodeScalars.count }
        // Built as nodes, then laid out flat, each node's children in the order they were met.
        var scalars: [Unicode.Scalar] = [" "]
        var kids: [[Int32]] = [[]]
        var ends: [[Int32]] = [[]]
        var depth = 0
        for (index, c) in candidates.enumerated() {
            var node = 0
            var d = 0
            for s in c.lowercased().unicodeScalars.prefix(DidYouMean.cap) {
                if let existing = kids[node].first(where: { scalars[Int($0)] == s }) {
                    node = Int(existing)
                } else {
                    scalars.append(s)
                    kids.append([])
                    ends.append([])
                    kids[node].append(Int32(scalars.count - 1))
                    node = scalars.count - 1
                }
                d += 1
            }
            depth = max(depth, d)
            ends[node].append(Int32(index))
        }
        self.scalars = scalars
        self.depth = depth
        childStart = Self.starts(kids)
        children = kids.flatMap { $0 }
        terminalStart = Self.starts(ends)
        terminals = ends.flatMap { $0 }
    }

    /// Where each list starts in the lists joined, and where the last ends.
    private static func starts(_ lists: [[Int32]]) -> [Int32] {
        var starts: [Int32] = [0]
        starts.reserveCapacity(lists.count + 1)
        for l in lists { starts.append(starts[starts.count - 1] + Int32(l.count)) }
        return starts
    }

    func suggest(_ word: String) -> String? {
        let full = Array(word.lowercased().unicodeScalars)
        guard !full.isEmpty else { return nil }
        var query = Query(word: Array(full.prefix(DidYouMean.cap)), wordCount: full.count, depth: depth, trie: self)
        query.visit(0, depth: 0)
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
        /// The index walked (its arrays read in place).
        let trie: DidYouMeanIndex
        let word: [Unicode.Scalar]
        let wordCount: Int
        let width: Int
        /// Row `d` holds the distances between the first `d` trie scalars and each prefix of `word`.
        var rows: [Int32]
        /// The largest distance any candidate may have (`suggest`'s limit is at most this).
        let ceiling: Int
        private let cap: Int32
        var best: (distance: Int, index: Int)?

        init(word: [Unicode.Scalar], wordCount: Int, depth: Int, trie: DidYouMeanIndex) {
            self.trie = trie
            self.word = word
            self.wordCount = wordCount
            width = word.count + 1
            ceiling = max(1, wordCount / 3)
            cap = Int32(ceiling + 1)
            rows = [Int32](repeating: Int32(ceiling + 1), count: (depth + 1) * width)
            for j in 0..<min(width, ceiling + 1) { rows[j] = Int32(j) }
        }

        mutating func visit(_ n: Int, depth d: Int) {
            let distance = Int(rows[d * width + word.count])
            for k in Int(trie.terminalStart[n])..<Int(trie.terminalStart[n + 1]) {
                let t = Int(trie.terminals[k])
                let shorter = min(wordCount, trie.lengths[t])
                // As the linear scan: within the limit, and fewer edits than the shorter word's length.
                guard distance <= max(1, shorter / 3), distance < shorter else { continue }
                if let b = best, b.distance < distance || (b.distance == distance && b.index < t) { continue }
                best = (distance, t)
            }
            for k in Int(trie.childStart[n])..<Int(trie.childStart[n + 1]) {
                let c = Int(trie.children[k])
                let rowMin = fillRow(d + 1, scalar: trie.scalars[c], previous: d > 0 ? trie.scalars[n] : nil)
                // Row minima never decrease further down: nothing below can beat this.
                if rowMin > min(ceiling, best?.distance ?? ceiling) { continue }
                visit(c, depth: d + 1)
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
