// Compiles a RegexAST to a Thompson-NFA program for the Pike VM.
//
// The traversal uses an explicit work stack (no recursion), and fragments'
// dangling exits are threaded through the unfilled instruction fields
// themselves (as in RE2), so appending patch lists is O(1).

enum RegexInstOp: UInt8, Sendable {
    case rune       // consume scalar == arg
    case charClass  // consume scalar in classes[arg]
    case any        // consume any scalar
    case anyNotNL   // consume any scalar but \n
    case split      // fork: out (preferred), out1
    case nop        // goto out
    case assert     // zero-width assertion RegexAssertion(rawValue: arg), then out
    case match
}

struct RegexInst: Sendable {
    var op: RegexInstOp
    var out: Int32 = -1
    var out1: Int32 = -1
    var arg: UInt32 = 0
}

struct RegexProgram: Sendable {
    var insts: [RegexInst] = []
    var classes: [RegexCharClass] = []
    var start: Int32 = 0
    var anchoredAtStart = false
    /// If non-nil: a match can only begin at a scalar whose first UTF-8 byte
    /// is marked (the pattern cannot match the empty string).
    var firstBytes: [Bool]? = nil
}

enum RegexCompiler {
    static let maxInstructions = 100_000

    private struct PatchList {
        var head: Int32 = -1  // inst << 1 | field
        var tail: Int32 = -1
        static let empty = PatchList()
    }

    private struct Frag {
        var start: Int32
        var out: PatchList
    }

    private enum Task {
        case visit(Int)
        case build(Int)
    }

    private struct Builder {
        var insts: [RegexInst] = []

        mutating func emit(_ inst: RegexInst) throws(RE2Error) -> Int32 {
            if insts.count >= RegexCompiler.maxInstructions {
                throw RE2Error(message: "expression too large (over \(RegexCompiler.maxInstructions) instructions)", offset: 0)
            }
            insts.append(inst)
            return Int32(insts.count - 1)
        }

        func get(_ ref: Int32) -> Int32 {
            ref & 1 == 0 ? insts[Int(ref >> 1)].out : insts[Int(ref >> 1)].out1
        }

        mutating func set(_ ref: Int32, _ value: Int32) {
            if ref & 1 == 0 { insts[Int(ref >> 1)].out = value } else { insts[Int(ref >> 1)].out1 = value }
        }

        mutating func patch(_ l: PatchList, to target: Int32) {
            var ref = l.head
            while ref != -1 {
                let next = get(ref)
                set(ref, target)
                ref = next
            }
        }

        mutating func append(_ a: PatchList, _ b: PatchList) -> PatchList {
            if a.head == -1 { return b }
            if b.head == -1 { return a }
            set(a.tail, b.head)
            return PatchList(head: a.head, tail: b.tail)
        }

        /// An instruction whose `out` is the single hole.
        mutating func leaf(_ inst: RegexInst) throws(RE2Error) -> Frag {
            let pc = try emit(inst)
            return Frag(start: pc, out: PatchList(head: pc << 1, tail: pc << 1))
        }
    }

    static func compile(_ ast: RegexAST) throws(RE2Error) -> RegexProgram {
        var b = Builder()
        var frags: [Frag] = []
        var tasks: [Task] = [.visit(ast.root)]
        while let task = tasks.popLast() {
            switch task {
            case .visit(let id):
                switch ast.nodes[id] {
                case .empty:
                    frags.append(try b.leaf(RegexInst(op: .nop)))
                case .literal(let c):
                    frags.append(try b.leaf(RegexInst(op: .rune, arg: c)))
                case .charClass(let k):
                    frags.append(try b.leaf(RegexInst(op: .charClass, arg: UInt32(k))))
                case .anyChar:
                    frags.append(try b.leaf(RegexInst(op: .any)))
                case .anyCharNotNL:
                    frags.append(try b.leaf(RegexInst(op: .anyNotNL)))
                case .assertion(let a):
                    frags.append(try b.leaf(RegexInst(op: .assert, arg: a.rawValue)))
                case .concat(let items), .alternate(let items):
                    if items.isEmpty {
                        frags.append(try b.leaf(RegexInst(op: .nop)))
                    } else {
                        tasks.append(.build(id))
                        for child in items.reversed() { tasks.append(.visit(child)) }
                    }
                case .star(let child, _), .plus(let child, _), .quest(let child, _):
                    tasks.append(.build(id))
                    tasks.append(.visit(child))
                }
            case .build(let id):
                switch ast.nodes[id] {
                case .concat(let items):
                    let k = items.count
                    let parts = Array(frags[(frags.count - k)...])
                    frags.removeLast(k)
                    for j in 0..<(k - 1) { b.patch(parts[j].out, to: parts[j + 1].start) }
                    frags.append(Frag(start: parts[0].start, out: parts[k - 1].out))
                case .alternate(let items):
                    let k = items.count
                    let parts = Array(frags[(frags.count - k)...])
                    frags.removeLast(k)
                    var cur = parts[k - 1]
                    for j in stride(from: k - 2, through: 0, by: -1) {
                        let pc = try b.emit(RegexInst(op: .split, out: parts[j].start, out1: cur.start))
                        cur = Frag(start: pc, out: b.append(parts[j].out, cur.out))
                    }
                    frags.append(cur)
                case .star(_, let greedy):
                    let x = frags.removeLast()
                    let pc = try b.emit(RegexInst(op: .split))
                    let hole: Int32
                    if greedy {
                        b.insts[Int(pc)].out = x.start
                        hole = pc << 1 | 1
                    } else {
                        b.insts[Int(pc)].out1 = x.start
                        hole = pc << 1
                    }
                    b.patch(x.out, to: pc)
                    frags.append(Frag(start: pc, out: PatchList(head: hole, tail: hole)))
                case .plus(_, let greedy):
                    let x = frags.removeLast()
                    let pc = try b.emit(RegexInst(op: .split))
                    let hole: Int32
                    if greedy {
                        b.insts[Int(pc)].out = x.start
                        hole = pc << 1 | 1
                    } else {
                        b.insts[Int(pc)].out1 = x.start
                        hole = pc << 1
                    }
                    b.patch(x.out, to: pc)
                    frags.append(Frag(start: x.start, out: PatchList(head: hole, tail: hole)))
                case .quest(_, let greedy):
                    let x = frags.removeLast()
                    let pc = try b.emit(RegexInst(op: .split))
                    let hole: Int32
                    if greedy {
                        b.insts[Int(pc)].out = x.start
                        hole = pc << 1 | 1
                    } else {
                        b.insts[Int(pc)].out1 = x.start
                        hole = pc << 1
                    }
                    frags.append(Frag(start: pc, out: b.append(x.out, PatchList(head: hole, tail: hole))))
                default:
                    break
                }
            }
        }
        precondition(frags.count == 1, "regex compiler: unbalanced fragments")
        let root = frags[0]
        let matchPC = try b.emit(RegexInst(op: .match))
        b.patch(root.out, to: matchPC)

        var prog = RegexProgram()
        prog.insts = b.insts
        prog.classes = ast.classes
        prog.start = root.start
        prog.anchoredAtStart = ast.anchoredAtStart
        prog.firstBytes = firstBytes(prog)
        return prog
    }

    /// The set of UTF-8 lead bytes a match can start with, or nil if the
    /// pattern can match empty or start with anything.
    private static func firstBytes(_ prog: RegexProgram) -> [Bool]? {
        var table = [Bool](repeating: false, count: 256)
        var seen = [Bool](repeating: false, count: prog.insts.count)
        var stack: [Int32] = [prog.start]
        while let pc = stack.popLast() {
            if seen[Int(pc)] { continue }
            seen[Int(pc)] = true
            let inst = prog.insts[Int(pc)]
            switch inst.op {
            case .match, .any, .anyNotNL:
                return nil
            case .rune:
                table[Int(regexUTF8LeadByte(inst.arg))] = true
            case .charClass:
                prog.classes[Int(inst.arg)].markLeadBytes(&table)
            case .split:
                stack.append(inst.out1)
                stack.append(inst.out)
            case .nop, .assert:
                // Assertions are followed through: an over-approximation.
                stack.append(inst.out)
            }
        }
        let count = table.reduce(0) { $0 + ($1 ? 1 : 0) }
        return count >= 200 ? nil : table
    }
}
