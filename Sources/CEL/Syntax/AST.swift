/// A parsed CEL expression node. Operators are represented as calls of their
/// specially-named functions (`_+_`, `_&&_`, `_?_:_`, `_[_]`, `!_`, `-_`, ...).
final class Expr: Sendable {
    enum Kind {
        case literal(CELValue)
        /// An identifier; `absolute` for a leading dot (`.x`: root scope only).
        case ident(String, absolute: Bool)
        /// Field selection `operand.field`.
        case select(Expr, String)
        /// A global call `f(args)` or a receiver call `target.f(args)`.
        case call(target: Expr?, name: String, args: [Expr])
        case list([Expr])
        case map([(Expr, Expr)])
    }

    let kind: Kind
    /// Scalar offset of the node in the source (for error positions).
    let offset: Int
    /// Height of the tree rooted here (1 for a leaf).
    let depth: Int

    init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
        var d = 0
        switch kind {
        case .literal, .ident: d = 0
        case .select(let e, _): d = e.depth
        case .call(let t, _, let args):
            d = t?.depth ?? 0
            for a in args { d = max(d, a.depth) }
        case .list(let es): for e in es { d = max(d, e.depth) }
        case .map(let es): for (k, v) in es { d = max(d, k.depth, v.depth) }
        }
        depth = d + 1
    }

    /// The dotted name of an ident/select chain (`a.b.c`), if it is one.
    /// The identifier a dotted chain starts from, and whether it is written
    /// absolute (`.x.y`); nil when the chain does not start at an identifier.
    var rootName: (String, Bool)? {
        switch kind {
        case .ident(let n, let abs): return (n, abs)
        case .select(let o, _): return o.rootName
        default: return nil
        }
    }

    var qualifiedName: String? {
        switch kind {
        case .ident(let n, let abs): return abs ? "." + n : n
        case .select(let operand, let field):
            guard let base = operand.qualifiedName else { return nil }
            return base + "." + field
        default: return nil
        }
    }
}
