// Pike VM: simulates the Thompson NFA over the text in one pass, keeping at
// most one thread per instruction. Time O(text × program), memory O(program),
// no backtracking and no recursion. Threads are kept in priority order, which
// yields leftmost-first (Perl/RE2) match semantics.

struct RegexPikeVM {
    private struct ThreadList {
        var sparse: [Int32]
        var pcs: [Int32]
        var starts: [Int]
        var count = 0

        init(size: Int) {
            sparse = [Int32](repeating: 0, count: size)
            pcs = [Int32](repeating: 0, count: size)
            starts = [Int](repeating: 0, count: size)
        }

        @inline(__always)
        func contains(_ pc: Int32) -> Bool {
            let k = Int(sparse[Int(pc)])
            return k < count && pcs[k] == pc
        }

        @inline(__always)
        mutating func insert(_ pc: Int32, _ start: Int) {
            sparse[Int(pc)] = Int32(count)
            pcs[count] = pc
            starts[count] = start
            count += 1
        }
    }

    @inline(__always)
    private static func check(_ a: RegexAssertion, prev: Int32, next: Int32) -> Bool {
        switch a {
        case .beginText: return prev < 0
        case .endText: return next < 0
        case .beginLine: return prev < 0 || prev == 0x0A
        case .endLine: return next < 0 || next == 0x0A
        case .wordBoundary: return RegexASCIIClasses.isWordChar(prev) != RegexASCIIClasses.isWordChar(next)
        case .nonWordBoundary: return RegexASCIIClasses.isWordChar(prev) == RegexASCIIClasses.isWordChar(next)
        }
    }

    /// Adds the epsilon closure of `pc0` to `list`, in priority order.
    /// Returns true if it reached `match`.
    @inline(__always)
    private static func addThread(_ insts: UnsafeBufferPointer<RegexInst>, _ list: inout ThreadList,
                                  _ stack: inout [Int32], _ pc0: Int32,
                                  start: Int, prev: Int32, next: Int32) -> Bool {
        var reachedMatch = false
        stack.append(pc0)
        while let pc = stack.popLast() {
            if list.contains(pc) { continue }
            list.insert(pc, start)
            let inst = insts[Int(pc)]
            switch inst.op {
            case .split:
                stack.append(inst.out1)
                stack.append(inst.out)
            case .nop:
                stack.append(inst.out)
            case .assert:
                if check(RegexAssertion(rawValue: inst.arg)!, prev: prev, next: next) {
                    stack.append(inst.out)
                }
            case .match:
                reachedMatch = true
            default:
                break
            }
        }
        return reachedMatch
    }

    @inline(__always)
    private static func decode(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int32, Int) {
        let b0 = UInt32(buf[i])
        if b0 < 0x80 { return (Int32(b0), 1) }
        if b0 < 0xE0 {
            return (Int32((b0 & 0x1F) << 6 | UInt32(buf[i + 1] & 0x3F)), 2)
        }
        if b0 < 0xF0 {
            let b1: UInt32 = UInt32(buf[i + 1] & 0x3F) << 6
            let b2: UInt32 = UInt32(buf[i + 2] & 0x3F)
            return (Int32((b0 & 0x0F) << 12 | b1 | b2), 3)
        }
        let b1: UInt32 = UInt32(buf[i + 1] & 0x3F) << 12
        let b2: UInt32 = UInt32(buf[i + 2] & 0x3F) << 6
        let b3: UInt32 = UInt32(buf[i + 3] & 0x3F)
        let v: UInt32 = (b0 & 0x07) << 18 | b1 | b2 | b3
        return (Int32(v), 4)
    }

    /// The scalar ending just before byte offset `i` (i > 0).
    private static func decodeBefore(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int32 {
        var j = i - 1
        while j > 0 && buf[j] & 0xC0 == 0x80 { j -= 1 }
        return decode(buf, j).0
    }

    /// Searches `text`. With `wantRange == false` returns as soon as any match
    /// is known (the range is then meaningless but non-nil).
    static func search(_ prog: RegexProgram, _ text: String, wantRange: Bool) -> Range<Int>? {
        var s = text
        return s.withUTF8 { buf in
            prog.insts.withUnsafeBufferPointer { insts in
                prog.classes.withUnsafeBufferPointer { classes in
                    run(prog, insts, classes, buf, wantRange: wantRange)
                }
            }
        }
    }

    private static func run(_ prog: RegexProgram, _ insts: UnsafeBufferPointer<RegexInst>,
                            _ classes: UnsafeBufferPointer<RegexCharClass>,
                            _ buf: UnsafeBufferPointer<UInt8>, wantRange: Bool) -> Range<Int>? {
        let n = buf.count
        var clist = ThreadList(size: insts.count)
        var nlist = ThreadList(size: insts.count)
        var stack: [Int32] = []
        stack.reserveCapacity(insts.count)
        var i = 0          // byte offset of `cur`
        var pos = 0        // scalar offset of `cur`
        var prev: Int32 = -1
        var (cur, width) = n > 0 ? decode(buf, 0) : (-1, 0)
        var matchStart = -1
        var matchEnd = -1

        while true {
            if matchEnd < 0 {
                if clist.count == 0 {
                    if prog.anchoredAtStart && pos > 0 { break }
                    if let first = prog.firstBytes, i < n, !first[Int(buf[i])] {
                        // Skip ahead to the next byte that can start a match.
                        var j = i
                        while j < n && !first[Int(buf[j])] {
                            if buf[j] & 0xC0 != 0x80 { pos += 1 }
                            j += 1
                        }
                        if j == n { break }  // cannot match empty: nothing left to find
                        i = j
                        prev = decodeBefore(buf, i)
                        (cur, width) = decode(buf, i)
                    }
                }
                if !(prog.anchoredAtStart && pos > 0) {
                    if addThread(insts, &clist, &stack, prog.start, start: pos, prev: prev, next: cur) && !wantRange {
                        return pos..<pos
                    }
                }
            } else if clist.count == 0 {
                break
            }

            let next: Int32 = (cur >= 0 && i + width < n) ? decode(buf, i + width).0 : -1
            var k = 0
            while k < clist.count {
                let pc = clist.pcs[k]
                let start = clist.starts[k]
                k += 1
                let inst = insts[Int(pc)]
                let ok: Bool
                switch inst.op {
                case .rune: ok = cur >= 0 && UInt32(cur) == inst.arg
                case .charClass: ok = cur >= 0 && classes[Int(inst.arg)].matches(UInt32(cur))
                case .any: ok = cur >= 0
                case .anyNotNL: ok = cur >= 0 && cur != 0x0A
                case .match:
                    // Lower-priority threads are cut off: leftmost-first.
                    matchStart = start
                    matchEnd = pos
                    k = clist.count
                    continue
                default: continue
                }
                if ok && addThread(insts, &nlist, &stack, inst.out, start: start, prev: cur, next: next) && !wantRange {
                    return start..<(pos + 1)
                }
            }
            if cur < 0 { break }
            swap(&clist, &nlist)
            nlist.count = 0
            prev = cur
            i += width
            pos += 1
            if i < n {
                (cur, width) = decode(buf, i)
            } else {
                (cur, width) = (-1, 0)
            }
        }
        return matchEnd >= 0 ? matchStart..<matchEnd : nil
    }
}
