// Abstract syntax of a parsed RE2 pattern.
//
// The tree is stored as a flat arena (`RegexAST.nodes`) whose children are
// referred to by index. Nothing walks it recursively, and dropping it never
// recurses either, so hostile nesting cannot exhaust the stack. Counted
// repetitions are expanded by the parser into star/plus/quest/concat nodes
// that may share the same child index (the arena is a DAG); the compiler
// emits a fresh copy of a shared child for every reference.

/// Zero-width assertions.
enum RegexAssertion: UInt32, Sendable {
    case beginLine        // ^ under (?m)
    case endLine          // $ under (?m)
    case beginText        // \A, or ^ without (?m)
    case endText          // \z, or $ without (?m)
    case wordBoundary     // \b (ASCII word characters, as RE2)
    case nonWordBoundary  // \B
}

enum RegexNode: Sendable {
    case empty
    case literal(UInt32)
    case charClass(Int)  // index into RegexAST.classes
    case anyChar         // . under (?s)
    case anyCharNotNL    // .
    case assertion(RegexAssertion)
    case concat([Int])
    case alternate([Int])
    case star(Int, greedy: Bool)
    case plus(Int, greedy: Bool)
    case quest(Int, greedy: Bool)
}

struct RegexAST: Sendable {
    var nodes: [RegexNode] = []
    /// Product of the counts of nested counted repetitions below each node
    /// (RE2 rejects a product above 1000), parallel to `nodes`.
    var repeatProduct: [Int] = []
    var classes: [RegexCharClass] = []
    var root: Int = 0

    /// Number of instructions each node compiles to, parallel to `nodes`
    /// (capped, to stay far from overflow).
    private var sizes: [Int] = []

    mutating func add(_ node: RegexNode, product: Int = 1) -> Int {
        var size: Int
        switch node {
        case .concat(let items): size = Swift.max(1, items.reduce(0) { $0 + sizes[$1] })
        case .alternate(let items): size = items.reduce(items.count - 1) { $0 + sizes[$1] }
        case .star(let c, _), .plus(let c, _), .quest(let c, _): size = sizes[c] + 1
        default: size = 1
        }
        nodes.append(node)
        repeatProduct.append(product)
        sizes.append(Swift.min(size, 1 << 40))
        return nodes.count - 1
    }

    func size(of id: Int) -> Int { sizes[id] }

    mutating func addClass(_ cls: RegexCharClass) -> Int {
        classes.append(cls)
        return add(.charClass(classes.count - 1))
    }

    /// True if every match must begin at the start of the text (the pattern
    /// starts with \A, or with ^ outside multi-line mode).
    var anchoredAtStart: Bool {
        var id = root
        while true {
            switch nodes[id] {
            case .assertion(.beginText):
                return true
            case .concat(let items):
                guard let first = items.first else { return false }
                id = first
            case .alternate(let alts):
                // Anchored only if every alternative is: check each
                // alternative's leftmost chain without recursion.
                for alt in alts {
                    var a = alt
                    var ok = false
                    while true {
                        if case .assertion(.beginText) = nodes[a] { ok = true; break }
                        if case .concat(let items) = nodes[a], let first = items.first { a = first; continue }
                        break
                    }
                    if !ok { return false }
                }
                return !alts.isEmpty
            case .plus(let child, _):
                id = child
            default:
                return false
            }
        }
    }
}
