/// Uses in workflow order (``UsageIndex/byConnection``), each held in 4
/// bytes when the workspace's shape allows it (``UsePacking``), else as a
/// ``UseRef`` of 8. At dense 100 MB the lists of a million uses were 8.3 MB
/// of the check's peak; packed, they are half that.
public struct UseList: RandomAccessCollection, Sendable, Equatable {
    private enum Storage: Sendable, Equatable {
        case packed([UInt32], UsePacking)
        case wide([UseRef])
    }

    private let storage: Storage

    /// The `count` uses of `uses`, packed by `packing` when there is one.
    init<S: Sequence<UseRef>>(_ uses: S, count: Int, packing: UsePacking?) {
        if let packing {
            var numbers: [UInt32] = []
            numbers.reserveCapacity(count)
            for u in uses { numbers.append(packing.pack(u)) }
            storage = .packed(numbers, packing)
        } else {
            var all: [UseRef] = []
            all.reserveCapacity(count)
            all.append(contentsOf: uses)
            storage = .wide(all)
        }
    }

    /// `uses` as they are (8 bytes each).
    public init(_ uses: [UseRef] = []) { storage = .wide(uses) }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .packed(let numbers, _): return numbers.count
        case .wide(let uses): return uses.count
        }
    }

    public subscript(i: Int) -> UseRef {
        switch storage {
        case .packed(let numbers, let packing): return packing.unpack(numbers[i])
        case .wide(let uses): return uses[i]
        }
    }

    /// Equal when they list the same uses in the same order, however held.
    public static func == (a: UseList, b: UseList) -> Bool { a.elementsEqual(b) }
}

/// How every use of one workspace fits in 32 bits: its workflow's index in
/// the high bits, its step's index plus one in the low `stepBits` (0: the
/// trigger). Nil when the workspace has too many workflows or too long a
/// workflow for both to fit (its uses are then held as ``UseRef``s).
struct UsePacking: Sendable, Equatable {
    private let stepBits: UInt32

    init?(workflows: Int, longest: Int) {
        let stepBits = Self.bits(longest + 1)
        guard stepBits + Self.bits(max(workflows - 1, 0)) <= 32 else { return nil }
        self.stepBits = UInt32(stepBits)
    }

    /// The shape of `workspace`'s workflows.
    init?(_ workspace: Workspace) {
        var longest = 0
        for w in workspace.workflows { longest = max(longest, w.steps.count) }
        self.init(workflows: workspace.workflows.count, longest: longest)
    }

    /// Bits to write every number up to `n`.
    private static func bits(_ n: Int) -> Int { Int.bitWidth - n.leadingZeroBitCount }

    func pack(_ u: UseRef) -> UInt32 {
        UInt32(truncatingIfNeeded: u.workflow) << stepBits | UInt32(truncatingIfNeeded: u.step &+ 1)
    }

    func unpack(_ n: UInt32) -> UseRef {
        let step = Int(n & ((1 << stepBits) &- 1)) - 1
        return UseRef(workflow: Int(n >> stepBits), step: step < 0 ? nil : step)
    }
}
