/// Recursive-descent parser for the CEL grammar (LANGDEF "Syntax").
///
/// Hostile input cannot overflow the stack: parser recursion is limited to
/// ``Parser/maxNesting`` levels and every tree to ``Parser/maxDepth`` levels
/// (chains of `&&` / `||` are balanced, so long conjunctions stay shallow).
struct Parser {
    /// Maximum nesting of parentheses, brackets, calls and conditionals.
    static let maxNesting = 64
    /// Maximum height of the expression tree.
    static let maxDepth = 128

    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while",
    ]
    static let keywords: Set<String> = ["true", "false", "null", "in"]

    let source: Source
    private var tokens: [Token] = []
    private var pos = 0
    private var nesting = 0

    init(_ source: Source) { self.source = source }

    /// Parses a whole expression.
    static func parse(_ source: Source) throws(CELError) -> Expr {
        var lexer = Lexer(source)
        var p = Parser(source)
        p.tokens = try lexer.tokenize()
        let e = try p.expr()
        guard case .eof = p.current.kind else {
            throw p.error("unexpected \(p.describe(p.current)) after end of expression")
        }
        return e
    }

    // MARK: token helpers

    private var current: Token { tokens[min(pos, tokens.count - 1)] }

    private func isPunct(_ p: String) -> Bool {
        if case .punct(let q) = current.kind { return q == p }
        return false
    }

    private mutating func accept(_ p: String) -> Bool {
        if isPunct(p) {
            pos += 1
            return true
        }
        return false
    }

    private mutating func expect(_ p: String) throws(CELError) {
        guard accept(p) else { throw error("expected '\(p)' but found \(describe(current))") }
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .eof: return "end of expression"
        case .punct(let p): return "'\(p)'"
        case .ident(let n): return "'\(n)'"
        case .quotedIdent(let n): return "`\(n)`"
        case .int, .uint, .double: return "number"
        case .string: return "string"
        case .bytes: return "bytes"
        }
    }

    private func error(_ message: String, at offset: Int? = nil) -> CELError {
        source.error(message, at: offset ?? current.offset)
    }

    private func node(_ kind: Expr.Kind, _ offset: Int) throws(CELError) -> Expr {
        let e = Expr(kind, offset: offset)
        if e.depth > Parser.maxDepth {
            throw error("expression nested too deeply (limit \(Parser.maxDepth))", at: offset)
        }
        return e
    }

    private func call(_ name: String, _ args: [Expr], _ offset: Int) throws(CELError) -> Expr {
        try node(.call(target: nil, name: name, args: args), offset)
    }

    // MARK: grammar

    private mutating func expr() throws(CELError) -> Expr {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Parser.maxNesting {
            throw error("expression nested too deeply (limit \(Parser.maxNesting))")
        }
        let cond = try orExpr()
        if isPunct("?") {
            let at = current.offset
            pos += 1
            let a = try orExpr()
            try expect(":")
            let b = try expr()
            return try call("_?_:_", [cond, a, b], at)
        }
        return cond
    }

    private mutating func orExpr() throws(CELError) -> Expr {
        var terms = [try andExpr()]
        var offsets: [Int] = []
        while isPunct("||") {
            offsets.append(current.offset)
            pos += 1
            terms.append(try andExpr())
        }
        if terms.count == 1 { return terms[0] }
        return try balance(terms[...], offsets[...], "_||_")
    }

    private mutating func andExpr() throws(CELError) -> Expr {
        var terms = [try relation()]
        var offsets: [Int] = []
        while isPunct("&&") {
            offsets.append(current.offset)
            pos += 1
            terms.append(try relation())
        }
        if terms.count == 1 { return terms[0] }
        return try balance(terms[...], offsets[...], "_&&_")
    }

    private func balance(_ terms: ArraySlice<Expr>, _ offsets: ArraySlice<Int>, _ fn: String) throws(CELError) -> Expr {
        if terms.count == 1, let t = terms.first { return t }
        let mid = terms.startIndex + terms.count / 2
        let left = try balance(terms[terms.startIndex..<mid], offsets[offsets.startIndex..<(mid - 1)], fn)
        let right = try balance(terms[mid...], offsets[mid...], fn)
        return try call(fn, [left, right], offsets[mid - 1])
    }

    private static let relops: [String: String] = [
        "<": "_<_", "<=": "_<=_", ">": "_>_", ">=": "_>=_", "==": "_==_", "!=": "_!=_",
    ]

    private mutating func relation() throws(CELError) -> Expr {
        var left = try addition()
        while true {
            let at = current.offset
            if case .punct(let p) = current.kind, let fn = Parser.relops[p] {
                pos += 1
                left = try call(fn, [left, try addition()], at)
            } else if case .ident("in") = current.kind {
                pos += 1
                left = try call("@in", [left, try addition()], at)
            } else {
                return left
            }
        }
    }

    private mutating func addition() throws(CELError) -> Expr {
        var left = try multiplication()
        while isPunct("+") || isPunct("-") {
            let at = current.offset
            let fn = isPunct("+") ? "_+_" : "_-_"
            pos += 1
            left = try call(fn, [left, try multiplication()], at)
        }
        return left
    }

    private mutating func multiplication() throws(CELError) -> Expr {
        var left = try unary()
        while isPunct("*") || isPunct("/") || isPunct("%") {
            let at = current.offset
            let fn = isPunct("*") ? "_*_" : (isPunct("/") ? "_/_" : "_%_")
            pos += 1
            left = try call(fn, [left, try unary()], at)
        }
        return left
    }

    private mutating func unary() throws(CELError) -> Expr {
        var ops: [Int] = []
        if isPunct("!") {
            while isPunct("!") {
                ops.append(current.offset)
                pos += 1
            }
            var e = try member()
            for at in ops.reversed() { e = try call("!_", [e], at) }
            return e
        }
        if isPunct("-") {
            while isPunct("-") {
                ops.append(current.offset)
                pos += 1
            }
            var e: Expr
            // Fold one negation into a directly following numeric literal
            // (`-9223372036854775808` is a valid int literal).
            let next = tokens[min(pos + 1, tokens.count - 1)].kind
            let suffix = next == .punct(".") || next == .punct("[")
            switch current.kind {
            case .int(let mag) where !suffix:
                let at = ops.removeLast()
                guard mag <= UInt64(Int64.max) + 1 else { throw error("integer literal out of range", at: at) }
                pos += 1
                e = try node(.literal(.int(mag == UInt64(Int64.max) + 1 ? Int64.min : -Int64(mag))), at)
            case .double(let d) where !suffix:
                let at = ops.removeLast()
                pos += 1
                e = try node(.literal(.double(-d)), at)
            default:
                e = try member()
            }
            for at in ops.reversed() { e = try call("-_", [e], at) }
            return e
        }
        return try member()
    }

    private mutating func member() throws(CELError) -> Expr {
        var e = try primary()
        while true {
            let at = current.offset
            if accept(".") {
                let name: String
                switch current.kind {
                case .ident(let n) where !Parser.keywords.contains(n): name = n
                case .quotedIdent(let n): name = n
                default: throw error("expected a field name after '.' but found \(describe(current))")
                }
                let quoted: Bool
                if case .quotedIdent = current.kind { quoted = true } else { quoted = false }
                pos += 1
                if !quoted && isPunct("(") {
                    let args = try arguments()
                    e = try node(.call(target: e, name: name, args: args), at)
                } else {
                    e = try node(.select(e, name), at)
                }
            } else if accept("[") {
                let index = try expr()
                try expect("]")
                e = try call("_[_]", [e, index], at)
            } else if isPunct("{"), e.qualifiedName != nil {
                throw error("message construction is not supported")
            } else {
                return e
            }
        }
    }

    private mutating func arguments() throws(CELError) -> [Expr] {
        try expect("(")
        var args: [Expr] = []
        if accept(")") { return args }
        repeat { args.append(try expr()) } while accept(",")
        try expect(")")
        return args
    }

    private mutating func primary() throws(CELError) -> Expr {
        let t = current
        switch t.kind {
        case .int(let mag):
            guard mag <= UInt64(Int64.max) else { throw error("integer literal out of range") }
            pos += 1
            return try node(.literal(.int(Int64(mag))), t.offset)
        case .uint(let v):
            pos += 1
            return try node(.literal(.uint(v)), t.offset)
        case .double(let v):
            pos += 1
            return try node(.literal(.double(v)), t.offset)
        case .string(let v):
            pos += 1
            return try node(.literal(.string(v)), t.offset)
        case .bytes(let v):
            pos += 1
            return try node(.literal(.bytes(v)), t.offset)
        case .quotedIdent:
            throw error("quoted identifiers are only allowed as field names")
        case .ident(let name):
            pos += 1
            switch name {
            case "true": return try node(.literal(.bool(true)), t.offset)
            case "false": return try node(.literal(.bool(false)), t.offset)
            case "null": return try node(.literal(.null), t.offset)
            case "in": throw error("unexpected 'in'", at: t.offset)
            default: break
            }
            return try identOrCall(name, absolute: false, at: t.offset)
        case .punct("."):
            pos += 1
            guard case .ident(let name) = current.kind, !Parser.keywords.contains(name) else {
                throw error("expected an identifier after '.'")
            }
            pos += 1
            return try identOrCall(name, absolute: true, at: t.offset)
        case .punct("("):
            pos += 1
            let e = try expr()
            try expect(")")
            return e
        case .punct("["):
            return try listLiteral(t.offset)
        case .punct("{"):
            return try mapLiteral(t.offset)
        default:
            throw error("unexpected \(describe(t))")
        }
    }

    private mutating func listLiteral(_ offset: Int) throws(CELError) -> Expr {
        pos += 1
        var items: [Expr] = []
        while !isPunct("]") {
            items.append(try expr())
            if !accept(",") { break }
        }
        try expect("]")
        return try node(.list(items), offset)
    }

    private mutating func mapLiteral(_ offset: Int) throws(CELError) -> Expr {
        pos += 1
        var entries: [(Expr, Expr)] = []
        while !isPunct("}") {
            let k = try expr()
            try expect(":")
            let v = try expr()
            entries.append((k, v))
            if !accept(",") { break }
        }
        try expect("}")
        return try node(.map(entries), offset)
    }

    private mutating func identOrCall(_ name: String, absolute: Bool, at: Int) throws(CELError) -> Expr {
        if Parser.reserved.contains(name) {
            throw error("'\(name)' is a reserved word", at: at)
        }
        if isPunct("(") {
            let args = try arguments()
            return try node(.call(target: nil, name: absolute ? "." + name : name, args: args), at)
        }
        return try node(.ident(name, absolute: absolute), at)
    }
}
