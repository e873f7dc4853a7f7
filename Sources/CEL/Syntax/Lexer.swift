/// Token kinds produced by the lexer.
enum TokenKind: Equatable {
    case ident(String)
    /// A backquoted selector such as `` `content-type` ``.
    case quotedIdent(String)
    /// An integer literal's magnitude; the parser checks the range.
    case int(UInt64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case punct(String)
    case eof
}

struct Token {
    let kind: TokenKind
    /// Offset of the first scalar of the token.
    let offset: Int
}

/// An expression source, with helpers converting scalar offsets to
/// character-based line/column positions.
struct Source {
    let text: String
    let scalars: [Unicode.Scalar]
    /// Location of each scalar offset (plus one past the end).
    private let locations: [ExpressionPosition]

    init(_ text: String) {
        self.text = text
        scalars = Array(text.unicodeScalars)
        var locs: [ExpressionPosition] = []
        locs.reserveCapacity(scalars.count + 1)
        var charOffset = 0, line = 1, column = 1
        for ch in text {
            let n = ch.unicodeScalars.count
            for _ in 0..<n { locs.append(ExpressionPosition(offset: charOffset, line: line, column: column)) }
            charOffset += 1
            if ch.unicodeScalars.contains("\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        locs.append(ExpressionPosition(offset: charOffset, line: line, column: column))
        locations = locs
    }

    /// Location (0-based character offset, 1-based line and column in characters)
    /// of the scalar at `scalarOffset`.
    func location(_ scalarOffset: Int) -> ExpressionPosition {
        locations[min(max(scalarOffset, 0), locations.count - 1)]
    }

    func error(_ message: String, at scalarOffset: Int, kind: CELError.Kind = .parse) -> CELError {
        let loc = location(scalarOffset)
        return CELError(kind, message, offset: loc.offset, line: loc.line, column: loc.column)
    }
}

/// Splits a CEL expression into tokens.
struct Lexer {
    let source: Source
    private var s: [Unicode.Scalar] { source.scalars }
    private var i = 0

    init(_ source: Source) { self.source = source }

    static let punctuation3: Set<String> = []
    static let punctuation2: Set<String> = ["<=", ">=", "==", "!=", "&&", "||"]
    static let punctuation1: Set<Unicode.Scalar> = ["(", ")", "[", "]", "{", "}", ".", ",", ":", "?", "+", "-", "*", "/", "%", "!", "<", ">"]

    /// Tokenizes the whole source.
    mutating func tokenize() throws(CELError) -> [Token] {
        var tokens: [Token] = []
        while true {
            let t = try next()
            tokens.append(t)
            if t.kind == .eof { return tokens }
        }
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    private mutating func next() throws(CELError) -> Token {
        skipTrivia()
        guard let c = peek() else { return Token(kind: .eof, offset: s.count) }
        let start = i
        if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
            return try number()
        }
        if c == "\"" || c == "'" {
            return Token(kind: try stringLiteral(raw: false, bytes: false, start: start), offset: start)
        }
        if isIdentStart(c) {
            // string prefixes: r, b, rb, br (any case)
            let lower = Character(c).lowercased()
            if lower == "r" || lower == "b" {
                if let q = peek(1), q == "\"" || q == "'" {
                    i += 1
                    return Token(kind: try stringLiteral(raw: lower == "r", bytes: lower == "b", start: start), offset: start)
                }
                if let c2 = peek(1), let q = peek(2), q == "\"" || q == "'" {
                    let l2 = Character(c2).lowercased()
                    if (lower == "r" && l2 == "b") || (lower == "b" && l2 == "r") {
                        i += 2
                        return Token(kind: try stringLiteral(raw: true, bytes: true, start: start), offset: start)
                    }
                }
            }
            var name = String.UnicodeScalarView()
            while let d = peek(), isIdentStart(d) || isDigit(d) {
                name.append(d)
                i += 1
            }
            return Token(kind: .ident(String(name)), offset: start)
        }
        if c == "`" {
            i += 1
            var name = String.UnicodeScalarView()
            while let d = peek(), d != "`" {
                if d == "\n" || d == "\r" { break }
                name.append(d)
                i += 1
            }
            guard peek() == "`", !name.isEmpty else {
                throw source.error("unterminated quoted identifier", at: start)
            }
            i += 1
            return Token(kind: .quotedIdent(String(name)), offset: start)
        }
        if let d = peek(1) {
            var two = String.UnicodeScalarView()
            two.append(c)
            two.append(d)
            let t = String(two)
            if Lexer.punctuation2.contains(t) {
                i += 2
                return Token(kind: .punct(t), offset: start)
            }
        }
        if Lexer.punctuation1.contains(c) {
            i += 1
            return Token(kind: .punct(String(c)), offset: start)
        }
        if c == "&" || c == "|" || c == "=" {
            throw source.error("unexpected character '\(c)' (did you mean '\(c)\(c)'?)", at: start)
        }
        throw source.error("unexpected character '\(c.escaped(asASCII: true))'", at: start)
    }

    private mutating func skipTrivia() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                i += 1
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    private mutating func number() throws(CELError) -> Token {
        let start = i
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            i += 2
            var digits = ""
            while let d = peek(), d.properties.isASCIIHexDigit {
                digits.unicodeScalars.append(d)
                i += 1
            }
            guard !digits.isEmpty, let v = UInt64(digits, radix: 16) else {
                throw source.error(digits.isEmpty ? "invalid hexadecimal literal" : "integer literal out of range", at: start)
            }
            if let u = peek(), u == "u" || u == "U" {
                i += 1
                return Token(kind: .uint(v), offset: start)
            }
            try checkNumberEnd(start)
            return Token(kind: .int(v), offset: start)
        }
        var text = ""
        var isFloat = false
        while let d = peek(), isDigit(d) {
            text.unicodeScalars.append(d)
            i += 1
        }
        if peek() == ".", let d = peek(1), isDigit(d) {
            isFloat = true
            text += "."
            i += 1
            while let d = peek(), isDigit(d) {
                text.unicodeScalars.append(d)
                i += 1
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            var k = 1
            if let sgn = peek(1), sgn == "+" || sgn == "-" { k = 2 }
            if let d = peek(k), isDigit(d) {
                isFloat = true
                for _ in 0..<k {
                    if let ch = peek() { text.unicodeScalars.append(ch) }
                    i += 1
                }
                while let d = peek(), isDigit(d) {
                    text.unicodeScalars.append(d)
                    i += 1
                }
            }
        }
        if isFloat {
            if text.hasPrefix(".") { text = "0" + text }
            guard let v = Double(text) else { throw source.error("invalid floating-point literal", at: start) }
            try checkNumberEnd(start)
            return Token(kind: .double(v), offset: start)
        }
        guard let v = UInt64(text) else { throw source.error("integer literal out of range", at: start) }
        if let u = peek(), u == "u" || u == "U" {
            i += 1
            try checkNumberEnd(start)
            return Token(kind: .uint(v), offset: start)
        }
        try checkNumberEnd(start)
        return Token(kind: .int(v), offset: start)
    }

    private func checkNumberEnd(_ start: Int) throws(CELError) {
        if let c = peek(), isIdentStart(c) || isDigit(c) {
            throw source.error("invalid numeric literal", at: start)
        }
    }

    /// Lexes a quoted literal; `i` is at the opening quote.
    private mutating func stringLiteral(raw: Bool, bytes: Bool, start: Int) throws(CELError) -> TokenKind {
        guard let q = peek() else { throw source.error("unterminated string", at: start) }
        let triple = peek(1) == q && peek(2) == q
        i += triple ? 3 : 1
        var outBytes: [UInt8] = []
        var outString = String.UnicodeScalarView()
        func appendScalar(_ u: Unicode.Scalar) {
            if bytes { outBytes.append(contentsOf: Array(String(u).utf8)) } else { outString.append(u) }
        }
        while true {
            guard let c = peek() else { throw source.error("unterminated string literal", at: start) }
            if c == q {
                if !triple {
                    i += 1
                    break
                }
                if peek(1) == q && peek(2) == q {
                    i += 3
                    break
                }
            }
            if !triple && (c == "\n" || c == "\r") {
                throw source.error("newline in string literal (use triple quotes)", at: i)
            }
            if c == "\\" {
                if raw {
                    appendScalar(c)
                    i += 1
                    if let d = peek() {
                        appendScalar(d)
                        i += 1
                    }
                    continue
                }
                let escStart = i
                i += 1
                guard let e = peek() else { throw source.error("unterminated string literal", at: start) }
                i += 1
                switch e {
                case "a": appendScalar("\u{07}")
                case "b": appendScalar("\u{08}")
                case "f": appendScalar("\u{0C}")
                case "n": appendScalar("\n")
                case "r": appendScalar("\r")
                case "t": appendScalar("\t")
                case "v": appendScalar("\u{0B}")
                case "\\", "?", "\"", "'", "`": appendScalar(e)
                case "x", "X", "u", "U":
                    let n = e == "u" ? 4 : (e == "U" ? 8 : 2)
                    var v: UInt32 = 0
                    for _ in 0..<n {
                        guard let h = peek(), h.properties.isASCIIHexDigit, let dv = UInt32(String(h), radix: 16) else {
                            throw source.error("invalid escape sequence", at: escStart)
                        }
                        v = v * 16 + dv
                        i += 1
                    }
                    if n == 2 && bytes {
                        outBytes.append(UInt8(v))
                    } else {
                        guard let u = Unicode.Scalar(v) else {
                            throw source.error("invalid Unicode code point in escape sequence", at: escStart)
                        }
                        appendScalar(u)
                    }
                case "0", "1", "2", "3":
                    var v = UInt32(e.value - 48)
                    for _ in 0..<2 {
                        guard let o = peek(), o.value >= 48, o.value <= 55 else {
                            throw source.error("invalid octal escape sequence", at: escStart)
                        }
                        v = v * 8 + (o.value - 48)
                        i += 1
                    }
                    if bytes {
                        outBytes.append(UInt8(v))
                    } else if let u = Unicode.Scalar(v) {
                        appendScalar(u)
                    }
                default:
                    throw source.error("invalid escape sequence '\\\(e)'", at: escStart)
                }
                continue
            }
            appendScalar(c)
            i += 1
        }
        return bytes ? .bytes(outBytes) : .string(String(outString))
    }
}

@inline(__always) func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
@inline(__always) func isIdentStart(_ c: Unicode.Scalar) -> Bool {
    let v = c.value
    return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95
}
