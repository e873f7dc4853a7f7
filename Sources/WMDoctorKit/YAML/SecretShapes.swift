/// The one definition of what a secret looks like by its shape, wherever it is
/// written (free text, a step's params, an error message): tokens and keys with
/// a known prefix, Slack webhook URLs, bearer tokens, JWTs. The YAML layer uses
/// it to redact every scalar as it is read, so no later stage ever holds such a
/// value; snippets use it on source lines as a second line of defence.
public enum SecretShapes {
    /// What replaces a secret (or the part of it after its recognisable prefix).
    public static let placeholder = "<redacted>"

    /// Kinds of secret shapes, as a small set carried by a redacted scalar.
    public struct Kind: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }

        public static let slackToken = Kind(rawValue: 1 << 0)
        public static let slackWebhook = Kind(rawValue: 1 << 1)
        public static let bearerToken = Kind(rawValue: 1 << 2)
        public static let stripeKey = Kind(rawValue: 1 << 3)
        public static let githubToken = Kind(rawValue: 1 << 4)
        public static let googleToken = Kind(rawValue: 1 << 5)
        public static let awsKey = Kind(rawValue: 1 << 6)
        public static let jwt = Kind(rawValue: 1 << 7)

        static let all: [(Kind, String)] = [
            (.slackToken, "a Slack token"), (.slackWebhook, "a Slack webhook URL"), (.bearerToken, "a bearer token"),
            (.stripeKey, "a Stripe secret key"), (.githubToken, "a GitHub token"), (.googleToken, "a Google access token"),
            (.awsKey, "an AWS access key"), (.jwt, "a JSON Web Token"),
        ]

        /// How the kinds read in a message: `a Slack token and a bearer token`.
        public var phrase: String {
            let names = Self.all.filter { contains($0.0) }.map(\.1)
            guard let last = names.last else { return "a secret" }
            return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
        }
    }

    /// One secret found: `range` is what to replace (after the prefix that is kept).
    public struct Match: Equatable, Sendable {
        public let kind: Kind
        public let range: Range<Int>
    }

    /// No shape is shorter than this many code units (prefix and body).
    static let shortest = 13

    /// The secrets in `units` (UTF-8 bytes or Unicode scalar values; only
    /// ASCII takes part in a shape), left to right, not overlapping.
    public static func matches<C: RandomAccessCollection>(in units: C) -> [Match]
    where C.Element: FixedWidthInteger, C.Index == Int {
        guard units.count >= shortest else { return [] }
        var out: [Match] = []
        var i = units.startIndex
        let end = units.endIndex
        func at(_ k: Int) -> UInt32 { k < end ? UInt32(truncatingIfNeeded: units[k]) : 0 }
        func has(_ s: StaticString, at k: Int, caseInsensitive: Bool = false) -> Bool {
            let n = s.utf8CodeUnitCount
            guard k + n <= end else { return false }
            return s.withUTF8Buffer { p in
                for j in 0..<n {
                    var c = at(k + j)
                    if caseInsensitive, c >= 65, c <= 90 { c += 32 }
                    if c != UInt32(p[j]) { return false }
                }
                return true
            }
        }
        /// Length of the run from `k` of characters accepted by `ok`.
        func run(from k: Int, _ ok: (UInt32) -> Bool) -> Int {
            var e = k
            while e < end, ok(at(e)) { e += 1 }
            return e - k
        }
        while i < end {
            let c = at(i)
            // Shapes start at a word boundary: `task_live_…` is no Stripe key.
            let startsWord = i == units.startIndex || !isAlnum(at(i - 1))
            var found: (Kind, Int, Int)?  // kind, kept prefix length, secret length after it
            if startsWord {
                switch c {
                case 120:  // x: xoxa- xoxb- xoxp- xoxr-
                    if has("xox", at: i), [97, 98, 112, 114].contains(at(i + 3)), at(i + 4) == 45 {
                        let n = run(from: i + 5) { isAlnum($0) || $0 == 45 }
                        if n >= 8 { found = (.slackToken, 5, n) }
                    }
                case 115, 114:  // s, r: sk_live_ sk_test_ rk_live_ rk_test_
                    if at(i + 1) == 107, at(i + 2) == 95, has("live_", at: i + 3) || has("test_", at: i + 3) {
                        let n = run(from: i + 8, isAlnum)
                        if n >= 8 { found = (.stripeKey, 8, n) }
                    }
                case 103:  // g: ghp_ gho_ ghu_ ghs_ ghr_ github_pat_
                    if has("github_pat_", at: i) {
                        let n = run(from: i + 11) { isAlnum($0) || $0 == 95 }
                        if n >= 16 { found = (.githubToken, 11, n) }
                    } else if at(i + 1) == 104, [111, 112, 114, 115, 117].contains(at(i + 2)), at(i + 3) == 95 {
                        let n = run(from: i + 4, isAlnum)
                        if n >= 16 { found = (.githubToken, 4, n) }
                    }
                case 121:  // y: ya29.
                    if has("ya29.", at: i) {
                        let n = run(from: i + 5) { isAlnum($0) || $0 == 45 || $0 == 95 }
                        if n >= 8 { found = (.googleToken, 5, n) }
                    }
                case 65:  // A: AKIA / ASIA and 16 upper-case letters or digits
                    if has("AKIA", at: i) || has("ASIA", at: i) {
                        let n = run(from: i + 4) { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }
                        if n == 16, !isAlnum(at(i + 20)) { found = (.awsKey, 4, n) }
                    }
                case 101:  // e: eyJ….eyJ….signature
                    if has("eyJ", at: i) {
                        let b64: (UInt32) -> Bool = { isAlnum($0) || $0 == 45 || $0 == 95 }
                        let h = run(from: i, b64)
                        if h >= 10, at(i + h) == 46, has("eyJ", at: i + h + 1) {
                            let p = run(from: i + h + 1, b64)
                            if p >= 10, at(i + h + 1 + p) == 46 {
                                let s = run(from: i + h + 2 + p, b64)
                                found = (.jwt, 0, h + p + 2 + s)
                            }
                        }
                    }
                case 104:  // h: hooks.slack.com/services/… (with or without https://)
                    if has("hooks.slack.com/", at: i) {
                        let n = run(from: i + 16) { isAlnum($0) || $0 == 47 || $0 == 45 || $0 == 95 }
                        if n >= 8 { found = (.slackWebhook, 16, n) }
                    }
                case 98, 66:  // b, B: Bearer <token>
                    if has("bearer", at: i, caseInsensitive: true), at(i + 6) == 32 || at(i + 6) == 9 {
                        let space = run(from: i + 6) { $0 == 32 || $0 == 9 }
                        let n = run(from: i + 6 + space) { isAlnum($0) || [45, 46, 95, 126, 43, 47, 61].contains($0) }
                        // "Bearer token" in prose is no token: a credential has a digit or is long.
                        let body = (i + 6 + space)..<(i + 6 + space + n)
                        if n >= 8, n >= 20 || body.contains(where: { at($0) >= 48 && at($0) <= 57 }) {
                            found = (.bearerToken, 6 + space, n)
                        }
                    }
                default:
                    break
                }
            }
            if let (kind, keep, length) = found {
                out.append(Match(kind: kind, range: (i + keep)..<(i + keep + length)))
                i += keep + length
            } else {
                i += 1
            }
        }
        return out
    }

    /// The kinds of secret in `text` and the text with each replaced by the
    /// placeholder (prefixes kept: `xoxb-<redacted>`); nil when it holds none.
    public static func redact(_ text: String) -> (text: String, kinds: Kind)? {
        let utf8 = text.utf8
        guard utf8.count >= shortest else { return nil }
        let found: [Match] =
            utf8.withContiguousStorageIfAvailable { matches(in: $0) } ?? matches(in: Array(utf8))
        guard !found.isEmpty else { return nil }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var kinds: Kind = []
        var from = 0
        for m in found {
            out.append(contentsOf: bytes[from..<m.range.lowerBound])
            out.append(contentsOf: placeholder.utf8)
            from = m.range.upperBound
            kinds.insert(m.kind)
        }
        out.append(contentsOf: bytes[from...])
        return (String(decoding: out, as: UTF8.self), kinds)
    }

    /// Where, in one source line (as Unicode scalars), secrets by shape sit.
    public static func ranges(inLine line: [Unicode.Scalar]) -> [Range<Int>] {
        guard line.count >= shortest else { return [] }
        // The scalars' values read in place (a scalar is its 32-bit value): a
        // long line (a one-line export) is not copied.
        return line.withUnsafeBufferPointer { scalars in
            scalars.withMemoryRebound(to: UInt32.self) { matches(in: $0).map(\.range) }
        }
    }

    /// Where, in one source line held a character per unit (an ASCII line's
    /// bytes, or 16-bit units when no character is beyond U+FFFF), secrets by shape sit.
    public static func ranges<Unit: FixedWidthInteger>(inLine line: [Unit]) -> [Range<Int>] {
        line.count >= shortest ? matches(in: line).map(\.range) : []
    }

    private static func isAlnum(_ c: UInt32) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
}
