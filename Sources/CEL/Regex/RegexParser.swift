// Parser for RE2 syntax (https://github.com/google/re2/wiki/Syntax).
//
// Non-recursive: groups are kept on an explicit stack of frames, so pattern
// nesting is limited only by `maxNesting`, never by the thread's stack.

struct RegexParser {
    static let maxNesting = 1000
    static let maxRepeat = 1000

    struct Flags {
        var foldCase = false   // i
        var dotNL = false      // s
        var multiLine = false  // m
        var ungreedy = false   // U
    }

    private struct Frame {
        var alternatives: [Int] = []
        var items: [Int] = []
        var savedFlags: Flags
        var openOffset: Int
    }

    private let p: [Unicode.Scalar]
    private var i = 0
    private var ast = RegexAST()
    private var flags = Flags()
    private var frames: [Frame]
    private var groupNames: Set<String> = []
    /// Instructions added by counted-repetition expansion so far (an
    /// over-estimate), bounded so that hostile counts fail before the AST grows.
    private var expandedSize = 0

    init(_ pattern: String) {
        p = Array(pattern.unicodeScalars)
        frames = [Frame(savedFlags: Flags(), openOffset: 0)]
    }

    // MARK: - Errors

    private func fail(_ message: String, at offset: Int) -> RE2Error {
        RE2Error(message: message, offset: offset)
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        for k in from..<min(to, p.count) { s.append(p[k]) }
        return String(s)
    }

    // MARK: - Helpers

    private func peek(_ k: Int = 0) -> Unicode.Scalar? {
        i + k < p.count ? p[i + k] : nil
    }

    private mutating func push(_ node: Int) {
        frames[frames.count - 1].items.append(node)
    }

    private mutating func makeConcat(_ items: [Int]) -> Int {
        switch items.count {
        case 0: return ast.add(.empty)
        case 1: return items[0]
        default:
            let prod = items.map { ast.repeatProduct[$0] }.max() ?? 1
            return ast.add(.concat(items), product: prod)
        }
    }

    private mutating func makeAlternate(_ alts: [Int]) -> Int {
        if alts.count == 1 { return alts[0] }
        let prod = alts.map { ast.repeatProduct[$0] }.max() ?? 1
        return ast.add(.alternate(alts), product: prod)
    }

    private mutating func literal(_ c: UInt32) -> Int {
        if flags.foldCase, let orbit = RegexCaseFolding.orbit(of: c) {
            return ast.addClass(RegexCharClass(ranges: orbit.map { ($0, $0) }))
        }
        return ast.add(.literal(c))
    }

    // MARK: - Main loop

    mutating func parse() throws(RE2Error) -> RegexAST {
        var lastRepeat: Int? = nil  // offset of the previous token if it was a repetition operator
        while i < p.count {
            let c = p[i]
            let tokenStart = i
            var isRepeat = false
            switch c {
            case "(":
                try openGroup()
            case "|":
                let f = frames.count - 1
                let concat = makeConcat(frames[f].items)
                frames[f].alternatives.append(concat)
                frames[f].items = []
                i += 1
            case ")":
                try closeGroup()
            case "^":
                push(ast.add(.assertion(flags.multiLine ? .beginLine : .beginText)))
                i += 1
            case "$":
                push(ast.add(.assertion(flags.multiLine ? .endLine : .endText)))
                i += 1
            case ".":
                push(ast.add(flags.dotNL ? .anyChar : .anyCharNotNL))
                i += 1
            case "[":
                try parseClass()
            case "*", "+", "?":
                i += 1
                var greedy = true
                if peek() == "?" {
                    greedy = false
                    i += 1
                } else if peek() == "+" {
                    throw fail("possessive quantifiers are not supported in RE2 syntax: \(c)+", at: tokenStart)
                }
                if let last = lastRepeat {
                    throw fail("bad repetition operator: \(text(last, i))", at: last)
                }
                guard let operand = frames[frames.count - 1].items.popLast() else {
                    throw fail("missing argument to repetition operator: \(c)", at: tokenStart)
                }
                if flags.ungreedy { greedy.toggle() }
                let prod = ast.repeatProduct[operand]
                switch c {
                case "*": push(ast.add(.star(operand, greedy: greedy), product: prod))
                case "+": push(ast.add(.plus(operand, greedy: greedy), product: prod))
                default: push(ast.add(.quest(operand, greedy: greedy), product: prod))
                }
                isRepeat = true
            case "{":
                if let (min, max, end) = parseRepeatBraces() {
                    i = end
                    var greedy = true
                    if peek() == "?" {
                        greedy = false
                        i += 1
                    } else if peek() == "+" {
                        throw fail("possessive quantifiers are not supported in RE2 syntax: \(text(tokenStart, i + 1))", at: tokenStart)
                    }
                    if let last = lastRepeat {
                        throw fail("bad repetition operator: \(text(last, i))", at: last)
                    }
                    guard let operand = frames[frames.count - 1].items.popLast() else {
                        throw fail("missing argument to repetition operator: \(text(tokenStart, i))", at: tokenStart)
                    }
                    if min > RegexParser.maxRepeat || max > RegexParser.maxRepeat || (max >= 0 && max < min) {
                        throw fail("invalid repeat count: \(text(tokenStart, i))", at: tokenStart)
                    }
                    if flags.ungreedy { greedy.toggle() }
                    let count = Swift.max(1, max >= 0 ? max : min)
                    let prod = count * ast.repeatProduct[operand]
                    if prod > RegexParser.maxRepeat {
                        throw fail("invalid repeat count: \(text(tokenStart, i)) (nested repetition exceeds \(RegexParser.maxRepeat))", at: tokenStart)
                    }
                    expandedSize += ast.size(of: operand) * Swift.max(min, max) + 1
                    if expandedSize > RegexCompiler.maxInstructions {
                        throw fail("expression too large (over \(RegexCompiler.maxInstructions) instructions)", at: tokenStart)
                    }
                    push(expandRepeat(operand, min: min, max: max, greedy: greedy, product: prod))
                    isRepeat = true
                } else {
                    push(literal(c.value))
                    i += 1
                }
            case "\\":
                try parseEscape()
            default:
                push(literal(c.value))
                i += 1
            }
            lastRepeat = isRepeat ? tokenStart : nil
        }
        if frames.count > 1 {
            throw fail("missing closing )", at: frames[frames.count - 1].openOffset)
        }
        let f = frames[0]
        let last = makeConcat(f.items)
        ast.root = makeAlternate(f.alternatives + [last])
        return ast
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at `i`; nil if it is not one (then `{` is a literal).
    private func parseRepeatBraces() -> (Int, Int, Int)? {
        var j = i + 1
        func number(_ j: inout Int) -> Int? {
            var v = 0
            var digits = 0
            while j < p.count, ("0"..."9").contains(p[j]) {
                v = Swift.min(v * 10 + Int(p[j].value - 0x30), 1_000_000)
                digits += 1
                j += 1
            }
            return digits > 0 ? v : nil
        }
        guard let min = number(&j) else { return nil }
        var max = min
        guard j < p.count else { return nil }
        if p[j] == "," {
            j += 1
            guard j < p.count else { return nil }
            if p[j] == "}" {
                max = -1
            } else {
                guard let m = number(&j) else { return nil }
                max = m
            }
        }
        guard j < p.count, p[j] == "}" else { return nil }
        return (min, max, j + 1)
    }

    private mutating func expandRepeat(_ x: Int, min: Int, max: Int, greedy: Bool, product: Int) -> Int {
        if max == -1 {
            if min == 0 { return ast.add(.star(x, greedy: greedy), product: product) }
            let plus = ast.add(.plus(x, greedy: greedy), product: product)
            if min == 1 { return plus }
            return ast.add(.concat(Array(repeating: x, count: min - 1) + [plus]), product: product)
        }
        if max == 0 { return ast.add(.empty) }
        var items = Array(repeating: x, count: min)
        if max > min {
            // x{0,k} as (x(x(x)?)?)? : linear in k.
            var tail = ast.add(.quest(x, greedy: greedy), product: product)
            for _ in 1..<(max - min) {
                let c = ast.add(.concat([x, tail]), product: product)
                tail = ast.add(.quest(c, greedy: greedy), product: product)
            }
            items.append(tail)
        }
        if items.count == 1 { return items[0] }
        return ast.add(.concat(items), product: product)
    }

    // MARK: - Groups

    private mutating func openGroup() throws(RE2Error) {
        let start = i
        if frames.count > RegexParser.maxNesting {
            throw fail("expression nests too deeply", at: start)
        }
        guard peek(1) == "?" else {
            i += 1
            frames.append(Frame(savedFlags: flags, openOffset: start))
            return
        }
        guard let k = peek(2) else {
            throw fail("missing closing )", at: start)
        }
        switch k {
        case "=", "!":
            throw fail("lookahead assertions are not supported in RE2 syntax: (?\(k)", at: start)
        case ">":
            throw fail("atomic groups are not supported in RE2 syntax: (?>", at: start)
        case "#":
            throw fail("comments are not supported in RE2 syntax: (?#", at: start)
        case "<" where peek(3) == "=" || peek(3) == "!":
            throw fail("lookbehind assertions are not supported in RE2 syntax: (?<\(peek(3)!)", at: start)
        case "P" where peek(3) == "=":
            throw fail("backreferences are not supported in RE2 syntax: (?P=", at: start)
        case "P" where peek(3) == "<", "<":
            i += (k == "P") ? 4 : 3
            let nameStart = i
            while let ch = peek(), ch != ">" {
                guard ch == "_" || ch.properties.isAlphabetic || ch.properties.numericType == .decimal else {
                    throw fail("invalid named capture group: \(text(start, i + 1))", at: start)
                }
                i += 1
            }
            guard peek() == ">", i > nameStart else {
                throw fail("invalid named capture group: \(text(start, i + 1))", at: start)
            }
            let name = text(nameStart, i)
            guard groupNames.insert(name).inserted else {
                throw fail("duplicate capture group name: \(name)", at: start)
            }
            i += 1
            frames.append(Frame(savedFlags: flags, openOffset: start))
        default:
            // Flags: (?flags) or (?flags:re), flags from [imsU], optionally negated after '-'.
            var newFlags = flags
            var negate = false
            var sawFlag = false
            var j = i + 2
            while true {
                guard j < p.count else { throw fail("missing closing )", at: start) }
                let ch = p[j]
                switch ch {
                case "i": newFlags.foldCase = !negate
                case "m": newFlags.multiLine = !negate
                case "s": newFlags.dotNL = !negate
                case "U": newFlags.ungreedy = !negate
                case "-":
                    if negate { throw fail("invalid or unsupported Perl syntax: \(text(start, j + 1))", at: start) }
                    negate = true
                    sawFlag = false
                    j += 1
                    continue
                case ":", ")":
                    if !sawFlag && (negate || j == i + 2) && !(ch == ":" && j == i + 2) {
                        throw fail("invalid or unsupported Perl syntax: \(text(start, j + 1))", at: start)
                    }
                    if ch == ")" {
                        flags = newFlags
                    } else {
                        frames.append(Frame(savedFlags: flags, openOffset: start))
                        flags = newFlags
                    }
                    i = j + 1
                    return
                default:
                    throw fail("invalid or unsupported Perl syntax: \(text(start, j + 1))", at: start)
                }
                sawFlag = true
                j += 1
            }
        }
    }

    private mutating func closeGroup() throws(RE2Error) {
        guard frames.count > 1 else {
            throw fail("unexpected )", at: i)
        }
        let f = frames.removeLast()
        let last = makeConcat(f.items)
        let node = makeAlternate(f.alternatives + [last])
        flags = f.savedFlags
        push(node)
        i += 1
    }

    // MARK: - Escapes

    private mutating func parseEscape() throws(RE2Error) {
        let start = i
        guard let c = peek(1) else {
            throw fail("trailing backslash at end of expression", at: start)
        }
        switch c {
        case "A":
            push(ast.add(.assertion(.beginText))); i += 2
        case "z":
            push(ast.add(.assertion(.endText))); i += 2
        case "b":
            push(ast.add(.assertion(.wordBoundary))); i += 2
        case "B":
            push(ast.add(.assertion(.nonWordBoundary))); i += 2
        case "C":
            throw fail("\\C (any byte) is not supported", at: start)
        case "Q":
            i += 2
            while i < p.count {
                if p[i] == "\\" && peek(1) == "E" { i += 2; return }
                push(literal(p[i].value))
                i += 1
            }
        case "d", "D", "s", "S", "w", "W":
            let (ranges, negated) = RegexASCIIClasses.perl(c)!
            push(ast.addClass(RegexCharClass(ranges: ranges, negated: negated, foldCase: flags.foldCase)))
            i += 2
        case "p", "P":
            let item = try parseUnicodeClass()
            push(ast.addClass(RegexCharClass(ranges: [], properties: [item], foldCase: flags.foldCase)))
        default:
            let v = try parseSingleCharEscape()
            push(literal(v))
        }
    }

    /// Parses \pX, \p{Name}, \p{^Name}, \PX at `i`.
    private mutating func parseUnicodeClass() throws(RE2Error) -> RegexUnicodeProperty {
        let start = i
        var negated = p[i + 1] == "P"
        i += 2
        guard let first = peek() else {
            throw fail("invalid character class range: \(text(start, i))", at: start)
        }
        var name: String
        if first == "{" {
            let nameStart = i + 1
            var j = nameStart
            while j < p.count && p[j] != "}" { j += 1 }
            guard j < p.count else {
                throw fail("invalid character class range: \(text(start, j))", at: start)
            }
            name = text(nameStart, j)
            i = j + 1
        } else {
            name = String(first)
            i += 1
        }
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let kind = RegexUnicodeTables.lookup(name) else {
            throw fail("unknown Unicode character class: \(text(start, i))", at: start)
        }
        return RegexUnicodeProperty(kind: kind, negated: negated)
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 0x30
        case "a"..."f": return c.value - 0x61 + 10
        case "A"..."F": return c.value - 0x41 + 10
        default: return nil
        }
    }

    /// Escapes that denote a single scalar (valid both inside and outside classes).
    private mutating func parseSingleCharEscape() throws(RE2Error) -> UInt32 {
        let start = i
        guard let c = peek(1) else {
            throw fail("trailing backslash at end of expression", at: start)
        }
        i += 2
        switch c {
        case "a": return 0x07
        case "f": return 0x0C
        case "t": return 0x09
        case "n": return 0x0A
        case "r": return 0x0D
        case "v": return 0x0B
        case "0"..."7":
            // \0, or \1-\7 followed by another octal digit: octal, up to 3 digits.
            // A lone \1-\9 is a backreference.
            if c != "0" && !(peek().map { ("0"..."7").contains($0) } ?? false) {
                throw fail("backreferences are not supported in RE2 syntax: \\\(c)", at: start)
            }
            var v = c.value - 0x30
            for _ in 0..<2 {
                guard let d = peek(), ("0"..."7").contains(d) else { break }
                v = v * 8 + (d.value - 0x30)
                i += 1
            }
            return v
        case "8", "9":
            throw fail("backreferences are not supported in RE2 syntax: \\\(c)", at: start)
        case "k", "g":
            throw fail("backreferences are not supported in RE2 syntax: \\\(c)", at: start)
        case "x":
            if peek() == "{" {
                var v: UInt32 = 0
                var digits = 0
                i += 1
                while let d = peek(), let h = RegexParser.hexValue(d) {
                    v = v > 0x10FFFF ? v : v * 16 + h
                    digits += 1
                    i += 1
                }
                guard peek() == "}", digits > 0, v <= 0x10FFFF, Unicode.Scalar(v) != nil else {
                    throw fail("invalid escape sequence: \(text(start, i + 1))", at: start)
                }
                i += 1
                return v
            }
            guard let d1 = peek(), let h1 = RegexParser.hexValue(d1),
                  let d2 = peek(1), let h2 = RegexParser.hexValue(d2) else {
                throw fail("invalid escape sequence: \(text(start, i + 2))", at: start)
            }
            i += 2
            return h1 * 16 + h2
        default:
            // Any ASCII punctuation may be escaped; letters, digits and
            // non-ASCII may not.
            if c.isASCII && !(c.properties.isAlphabetic || ("0"..."9").contains(c)) {
                return c.value
            }
            throw fail("invalid escape sequence: \\\(c)", at: start)
        }
    }

    // MARK: - Character classes

    private mutating func parseClass() throws(RE2Error) {
        let start = i
        i += 1
        var negated = false
        if peek() == "^" {
            negated = true
            i += 1
        }
        var ranges: [(UInt32, UInt32)] = []
        var props: [RegexUnicodeProperty] = []
        var first = true
        while true {
            guard let c = peek() else {
                throw fail("missing closing ]", at: start)
            }
            if c == "]" && !first {
                i += 1
                break
            }
            first = false
            // POSIX class [:name:] or [:^name:]
            if c == "[" && peek(1) == ":" {
                var j = i + 2
                while j + 1 < p.count && !(p[j] == ":" && p[j + 1] == "]") { j += 1 }
                if j + 1 < p.count {
                    var name = text(i + 2, j)
                    var neg = false
                    if name.hasPrefix("^") { neg = true; name.removeFirst() }
                    guard let r = RegexASCIIClasses.posix(name) else {
                        throw fail("invalid character class range: \(text(i, j + 2))", at: i)
                    }
                    ranges += neg ? RegexCharClass.complement(r) : r
                    i = j + 2
                    continue
                }
            }
            if c == "\\", let e = peek(1) {
                if let (r, neg) = RegexASCIIClasses.perl(e) {
                    ranges += neg ? RegexCharClass.complement(r) : r
                    i += 2
                    continue
                }
                if e == "p" || e == "P" {
                    props.append(try parseUnicodeClass())
                    continue
                }
            }
            let loStart = i
            let lo = try classChar()
            var hi = lo
            if peek() == "-", let next = peek(1), next != "]" {
                i += 1
                hi = try classChar()
                if hi < lo {
                    throw fail("invalid character class range: \(text(loStart, i))", at: loStart)
                }
            }
            ranges.append((lo, hi))
        }
        push(ast.addClass(RegexCharClass(ranges: ranges, properties: props, negated: negated, foldCase: flags.foldCase)))
    }

    private mutating func classChar() throws(RE2Error) -> UInt32 {
        let c = p[i]
        if c == "\\" {
            return try parseSingleCharEscape()
        }
        i += 1
        return c.value
    }
}
