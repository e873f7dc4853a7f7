#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lines as people and the programs our reports feed count them, for the
/// positions libyaml gives.
///
/// libyaml reads YAML 1.1, which also ends a line at NEL (U+0085), LS
/// (U+2028) and PS (U+2029). Editors, GitHub, GitLab and SARIF (whose
/// default `newlineSequences` are `\r\n` and `\n`) do not: a comment or a
/// quoted value holding one of them put every later finding a line too low
/// in every report, beside a snippet of another line. Here lines end at
/// `\n`, `\r\n` and `\r` (as libyaml and the snippets' ``LineRanges`` end
/// them), and NEL, LS and PS are characters of their line.
///
/// Fed the input's bytes as libyaml reads them, it records each NEL, LS and
/// PS: its character index (libyaml's `mark.index` counts characters, a
/// byte-order mark not among them) and the column, from 0, of the character
/// after it on its line. ``mark(line:column:index:)`` turns libyaml's line
/// and column into those. An input without any (almost every export) is
/// only searched for their first bytes (UTF-8 `C2` and `E2`), and its marks
/// pass unchanged.
final class LineBreaks {
    // Read for every event's mark: no dynamic exclusivity check (one thread
    // at a time uses a reader, and nothing here is lent out).
    private enum Encoding { case unknown, utf8, utf16LE, utf16BE }
    @exclusivity(unchecked) private var encoding = Encoding.unknown
    /// The first bytes, while the encoding is not known (at most 2).
    @exclusivity(unchecked) private var head: [UInt8] = []

    /// The breaks libyaml counts and a reader does not, in order: character index, and the column after.
    @exclusivity(unchecked) private(set) var extra: [(index: Int, columnAfter: Int)] = []
    /// `extra` is empty: every mark passes unchanged.
    @exclusivity(unchecked) private var none = true
    /// Characters fed so far (the index of the next), and those since the last `\n` or `\r`.
    @exclusivity(unchecked) private var characters = 0
    @exclusivity(unchecked) private var sinceBreak = 0
    /// UTF-8: the bytes of a possible break a piece ended in (`C2`, `E2`, `E2 80`), and where its first byte was.
    @exclusivity(unchecked) private var pending: [UInt8] = []
    @exclusivity(unchecked) private var pendingAt = (index: 0, sinceBreak: 0)
    /// UTF-16: the first byte of a code unit a piece ended in.
    @exclusivity(unchecked) private var oddByte: UInt8?

    /// The next bytes of the input, following those fed before.
    func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        switch encoding {
        case .utf8: feedUTF8(bytes)
        case .utf16LE: feedUTF16(bytes, littleEndian: true)
        case .utf16BE: feedUTF16(bytes, littleEndian: false)
        case .unknown:
            // As libyaml decides: by a byte-order mark, else UTF-8; the mark is no character.
            var first = head
            first.append(contentsOf: bytes)
            let skip: Int
            if first.count >= 2, first[0] == 0xFF, first[1] == 0xFE {
                (encoding, skip) = (.utf16LE, 2)
            } else if first.count >= 2, first[0] == 0xFE, first[1] == 0xFF {
                (encoding, skip) = (.utf16BE, 2)
            } else if first.count >= 3, first[0] == 0xEF, first[1] == 0xBB, first[2] == 0xBF {
                (encoding, skip) = (.utf8, 3)
            } else if first.count < 3, [[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF]].contains(where: { $0.starts(with: first) }) {
                head = first  // too few bytes to tell yet
                return
            } else {
                (encoding, skip) = (.utf8, 0)
            }
            head = []
            first.withUnsafeBufferPointer { feed(UnsafeBufferPointer(rebasing: $0[skip...])) }
        }
    }

    /// The real line and column of libyaml's mark (both from 1).
    @inline(__always)
    func mark(line: Int, column: Int, index: Int) -> Mark {
        if none { return Mark(line: line + 1, column: column + 1) }
        return shifted(line: line, column: column, index: index)
    }

    private func shifted(line: Int, column: Int, index: Int) -> Mark {
        // The breaks before the mark.
        var (low, high) = (0, extra.count)
        while low < high {
            let mid = (low + high) / 2
            if extra[mid].index < index { low = mid + 1 } else { high = mid }
        }
        let k = low
        // libyaml's line starts after one of them: the real column goes on from it.
        if k > 0, extra[k - 1].index + 1 == index - column {
            return Mark(line: line - k + 1, column: extra[k - 1].columnAfter + column + 1)
        }
        return Mark(line: line - k + 1, column: column + 1)
    }

    // MARK: UTF-8

    private func feedUTF8(_ b: UnsafeBufferPointer<UInt8>) {
        guard let base = b.baseAddress else { return }
        let n = b.count
        // A break a piece ended inside.
        if !pending.isEmpty {
            var i = 0
            while i < n, !pending.isEmpty {
                pending.append(b[i])
                i += 1
                settlePending()
            }
        }
        // Where the counts stand (`cursor`), moved to each possible break in turn, then to the end.
        var cursor = 0
        var nextC2 = find(0xC2, base, from: 0, n)
        var nextE2 = find(0xE2, base, from: 0, n)
        while true {
            let p = min(nextC2, nextE2)
            guard p < n else { break }
            advance(base, from: cursor, to: p)
            cursor = p
            let width = b[p] == 0xC2 ? 2 : 3
            if p + width <= n {
                if isBreak(UnsafeBufferPointer(start: base + p, count: width)) { record(at: (characters, sinceBreak)) }
            } else {
                pending = Array(b[p..<n])
                pendingAt = (characters, sinceBreak)
                settlePending()  // not a break already (`E2` then not `80`)
            }
            if p == nextC2 { nextC2 = find(0xC2, base, from: p + 1, n) }
            if p == nextE2 { nextE2 = find(0xE2, base, from: p + 1, n) }
        }
        advance(base, from: cursor, to: n)
    }

    /// Ends `pending` once it is a break or cannot become one.
    private func settlePending() {
        let width = pending[0] == 0xC2 ? 2 : 3
        if pending.count >= 2, pending[0] == 0xE2, pending[1] != 0x80 {
            pending = []
            return
        }
        guard pending.count >= width else { return }
        if pending.withUnsafeBufferPointer({ isBreak(UnsafeBufferPointer(rebasing: $0[0..<width])) }) { record(at: pendingAt) }
        pending = []
    }

    /// NEL (`C2 85`), LS (`E2 80 A8`) or PS (`E2 80 A9`).
    private func isBreak(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        s[0] == 0xC2 ? s[1] == 0x85 : s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9)
    }

    private func record(at position: (index: Int, sinceBreak: Int)) {
        extra.append((position.index, position.sinceBreak + 1))
        none = false
    }

    /// The first `byte` at or after `from` (`n`: none).
    private func find(_ byte: UInt8, _ base: UnsafePointer<UInt8>, from: Int, _ n: Int) -> Int {
        guard from < n, let hit = memchr(base + from, Int32(byte), n - from) else { return n }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// Counts the characters of bytes `from..<to`, and those after their last `\n` or `\r`.
    private func advance(_ base: UnsafePointer<UInt8>, from: Int, to: Int) {
        guard from < to else { return }
        let count = to - from
        characters += Self.characters(base + from, count)
        // The last break, looked for from the end (a line is short).
        var after = to
        while after > from, base[after - 1] != 0x0A, base[after - 1] != 0x0D { after -= 1 }
        let tail = Self.characters(base + after, to - after)
        sinceBreak = after == from ? sinceBreak + tail : tail
    }

    /// The characters of UTF-8 bytes: those that are not continuation bytes
    /// (`10xxxxxx`: bit 7 set, bit 6 clear), eight bytes at a time, each
    /// byte's flag added in its own lane (at most 31 words a round, so a
    /// lane stays under 256), the lanes summed by one multiplication (no
    /// `popcnt` in the x86-64 baseline).
    private static func characters(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var continuations = 0
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= count {
            var lanes: UInt64 = 0
            let end = min(count &- 7, i &+ 31 &* 8)
            while i < end {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                lanes &+= (x & ~(x &<< 1) & 0x8080_8080_8080_8080) &>> 7
                i &+= 8
            }
            continuations &+= Int((lanes &* 0x0101_0101_0101_0101) &>> 56)
        }
        while i < count {
            if p[i] & 0xC0 == 0x80 { continuations &+= 1 }
            i += 1
        }
        return count - continuations
    }

    // MARK: UTF-16 (rare: every code unit read)

    private func feedUTF16(_ b: UnsafeBufferPointer<UInt8>, littleEndian: Bool) {
        var i = 0
        func unit(_ x: UInt8, _ y: UInt8) -> UInt16 { littleEndian ? UInt16(x) | UInt16(y) << 8 : UInt16(x) << 8 | UInt16(y) }
        if let first = oddByte {
            oddByte = nil
            take(unit(first, b[0]))
            i = 1
        }
        while i + 1 < b.count {
            take(unit(b[i], b[i + 1]))
            i += 2
        }
        if i < b.count { oddByte = b[i] }
    }

    private func take(_ u: UInt16) {
        if u & 0xFC00 == 0xDC00 { return }  // the second half of a surrogate pair: the same character
        if u == 0x0A || u == 0x0D {
            characters += 1
            sinceBreak = 0
            return
        }
        if u == 0x85 || u == 0x2028 || u == 0x2029 { record(at: (characters, sinceBreak)) }
        characters += 1
        sinceBreak += 1
    }
}
