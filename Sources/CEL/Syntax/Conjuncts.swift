/// The conjuncts of an expression whose top level is a chain of `&&`:
/// `a && b && (c || d)` gives `a`, `b` and `(c || d)`. nil when the top level
/// is anything else (one term, or an `||` or `?:` there, which bind looser
/// than `&&`), or when the source does not lex.
///
/// A host evaluates the conjuncts one by one to stop at the first `false`
/// and skip the work the later ones need. CEL's `&&` gives `false` when any
/// operand is `false`, whatever the others (errors included), so a `false`
/// conjunct is the whole expression's answer; for any other outcome the
/// host evaluates the whole expression.
public func celConjuncts(of text: String) -> [String]? {
    let source = Source(text)
    var lexer = Lexer(source)
    guard let tokens = try? lexer.tokenize() else { return nil }
    var depth = 0
    var cuts: [Int] = []
    for t in tokens {
        guard case .punct(let p) = t.kind else { continue }
        switch p {
        case "(", "[", "{": depth += 1
        case ")", "]", "}": depth -= 1
        case "&&" where depth == 0: cuts.append(t.offset)
        case "||" where depth == 0, "?" where depth == 0: return nil
        default: break
        }
    }
    guard !cuts.isEmpty else { return nil }
    var parts: [String] = []
    var start = 0
    for cut in cuts + [source.scalars.count] {
        let scalars = source.scalars[start..<cut]
        let part = String(String.UnicodeScalarView(scalars)).trimmingSpaces
        guard !part.isEmpty else { return nil }
        parts.append(part)
        start = cut + 2
    }
    return parts
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
