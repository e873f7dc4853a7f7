// Character classes and case folding for the RE2 engine.

/// A set of Unicode scalars: explicit ranges plus Unicode property
/// predicates, optionally case-folded and negated (negation applies after
/// folding, as in RE2).
struct RegexCharClass: Sendable {
    /// Sorted, merged, non-overlapping inclusive ranges, flattened as lo,hi pairs.
    private(set) var ranges: [UInt32]
    private(set) var properties: [RegexUnicodeProperty]
    private(set) var negated: Bool
    private(set) var foldCase: Bool
    /// Final answer (after folding and negation) for scalars 0..<128.
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0

    init(ranges: [(UInt32, UInt32)], properties: [RegexUnicodeProperty] = [],
         negated: Bool = false, foldCase: Bool = false) {
        self.ranges = RegexCharClass.normalize(ranges)
        self.properties = properties
        self.negated = negated
        self.foldCase = foldCase
        for c in UInt32(0)..<128 where slowMatches(c) {
            if c < 64 { asciiLow |= 1 << UInt64(c) } else { asciiHigh |= 1 << UInt64(c - 64) }
        }
    }

    /// Sorts and merges ranges (adjacent ranges are merged too).
    static func normalize(_ input: [(UInt32, UInt32)]) -> [UInt32] {
        let sorted = input.sorted { $0.0 < $1.0 }
        var out: [UInt32] = []
        out.reserveCapacity(sorted.count * 2)
        for (lo, hi) in sorted {
            if let last = out.last, lo <= last &+ 1, last != UInt32.max {
                if hi > last { out[out.count - 1] = hi }
            } else {
                out.append(lo)
                out.append(hi)
            }
        }
        return out
    }

    /// The complement of normalized ranges over 0...0x10FFFF.
    static func complement(_ ranges: [(UInt32, UInt32)]) -> [(UInt32, UInt32)] {
        let flat = normalize(ranges)
        var out: [(UInt32, UInt32)] = []
        var next: UInt32 = 0
        var k = 0
        while k < flat.count {
            if flat[k] > next { out.append((next, flat[k] - 1)) }
            next = flat[k + 1] + 1
            k += 2
        }
        if next <= 0x10FFFF { out.append((next, 0x10FFFF)) }
        return out
    }

    /// Membership in the explicit ranges.
    func rangesContain(_ c: UInt32) -> Bool {
        // Binary search over the range pairs.
        var lo = 0
        var hi = ranges.count / 2
        while lo < hi {
            let mid = (lo + hi) / 2
            if c < ranges[2 * mid] {
                hi = mid
            } else if c > ranges[2 * mid + 1] {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    private func slowMatches(_ c: UInt32) -> Bool {
        var result = rangesContain(c)
        if !result && foldCase, let orbit = RegexCaseFolding.orbit(of: c) {
            for x in orbit where x != c && rangesContain(x) {
                result = true
                break
            }
        }
        if !result {
            // Each property folds before its own negation, as RE2 does
            // for \P{..} and \p{^..}: (?i)\P{Lu} excludes 'a'.
            for p in properties where p.contains(c, foldCase: foldCase) {
                result = true
                break
            }
        }
        return result != negated
    }

    @inline(__always)
    func matches(_ c: UInt32) -> Bool {
        if c < 64 { return asciiLow & (1 << UInt64(c)) != 0 }
        if c < 128 { return asciiHigh & (1 << UInt64(c - 64)) != 0 }
        return slowMatches(c)
    }

    /// Marks in `table` every UTF-8 lead byte with which a matching scalar can
    /// begin (over-approximation is fine: used only to skip ahead).
    func markLeadBytes(_ table: inout [Bool]) {
        for c in UInt32(0)..<128 where matches(c) { table[Int(c)] = true }
        if negated || !properties.isEmpty {
            for b in 0xC2...0xF4 { table[b] = true }
            return
        }
        var total: UInt32 = 0
        var k = 0
        while k < ranges.count {
            let lo = max(ranges[k], 0x80)
            let hi = ranges[k + 1]
            if lo <= hi {
                for b in Int(regexUTF8LeadByte(lo))...Int(regexUTF8LeadByte(hi)) { table[b] = true }
            }
            total += ranges[k + 1] - ranges[k] + 1
            k += 2
        }
        guard foldCase else { return }
        if total > 2000 {
            for b in 0xC2...0xF4 { table[b] = true }
            return
        }
        k = 0
        while k < ranges.count {
            for c in ranges[k]...ranges[k + 1] {
                if let orbit = RegexCaseFolding.orbit(of: c) {
                    for x in orbit { table[Int(regexUTF8LeadByte(x))] = true }
                }
            }
            k += 2
        }
    }
}

@inline(__always)
func regexUTF8LeadByte(_ c: UInt32) -> UInt8 {
    if c < 0x80 { return UInt8(c) }
    if c < 0x800 { return UInt8(0xC0 | (c >> 6)) }
    if c < 0x10000 { return UInt8(0xE0 | (c >> 12)) }
    return UInt8(0xF0 | (c >> 18))
}

/// Simple case folding "orbits": the sets of scalars that are equal under
/// Unicode simple case folding, derived from the standard library's case
/// mappings (single-scalar mappings only, as simple folding requires).
enum RegexCaseFolding {
    static let orbits: [UInt32: [UInt32]] = build()

    static func orbit(of c: UInt32) -> [UInt32]? { orbits[c] }

    private static func single(_ s: String) -> Unicode.Scalar? {
        var it = s.unicodeScalars.makeIterator()
        guard let first = it.next(), it.next() == nil else { return nil }
        return first
    }

    private static func foldKey(_ s: Unicode.Scalar) -> UInt32 {
        let upper = single(s.properties.uppercaseMapping) ?? s
        if let lower = single(upper.properties.lowercaseMapping) { return lower.value }
        if let lower = single(s.properties.lowercaseMapping) { return lower.value }
        return upper.value
    }

    private static func build() -> [UInt32: [UInt32]] {
        var groups: [UInt32: [UInt32]] = [:]
        // Every cased scalar lies below U+1F000.
        for v in UInt32(0)..<0x1F000 {
            // Dotted/dotless i only fold together in Turkic locales.
            if v == 0x130 || v == 0x131 { continue }
            guard let s = Unicode.Scalar(v), s.properties.changesWhenCaseMapped else { continue }
            groups[foldKey(s), default: []].append(v)
        }
        var table: [UInt32: [UInt32]] = [:]
        for (key, members) in groups {
            var set = Set(members)
            set.insert(key)
            guard set.count > 1 else { continue }
            let orbit = set.sorted()
            for m in orbit { table[m] = orbit }
        }
        return table
    }
}

/// ASCII classes: Perl (\d \s \w) and POSIX ([:alpha:] ...).
enum RegexASCIIClasses {
    static let digit: [(UInt32, UInt32)] = [(0x30, 0x39)]
    static let space: [(UInt32, UInt32)] = [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)]
    static let word: [(UInt32, UInt32)] = [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]

    static func perl(_ letter: Unicode.Scalar) -> (ranges: [(UInt32, UInt32)], negated: Bool)? {
        switch letter {
        case "d": return (digit, false)
        case "D": return (digit, true)
        case "s": return (space, false)
        case "S": return (space, true)
        case "w": return (word, false)
        case "W": return (word, true)
        default: return nil
        }
    }

    static func posix(_ name: String) -> [(UInt32, UInt32)]? {
        switch name {
        case "alnum": return [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)]
        case "alpha": return [(0x41, 0x5A), (0x61, 0x7A)]
        case "ascii": return [(0x00, 0x7F)]
        case "blank": return [(0x09, 0x09), (0x20, 0x20)]
        case "cntrl": return [(0x00, 0x1F), (0x7F, 0x7F)]
        case "digit": return digit
        case "graph": return [(0x21, 0x7E)]
        case "lower": return [(0x61, 0x7A)]
        case "print": return [(0x20, 0x7E)]
        case "punct": return [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)]
        case "space": return [(0x09, 0x0D), (0x20, 0x20)]
        case "upper": return [(0x41, 0x5A)]
        case "word": return word
        case "xdigit": return [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)]
        default: return nil
        }
    }

    @inline(__always)
    static func isWordChar(_ c: Int32) -> Bool {
        guard c >= 0 && c < 128 else { return false }
        let b = UInt8(c)
        return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
    }
}
