/// A workflow's steps: a run of steps in a chunk that a loader shares among
/// the workflows it reads (``StepArena``), not an array of their own.
///
/// An array per workflow cost its header and its heap block's overhead,
/// about 48 bytes (8 MB at 172,343 workflows), and the allocator's time to
/// make and free each. 16 bytes: the chunk, and where the run starts and
/// how long it is. Read like an array (`for step in wf.steps`, `steps[i]`,
/// `count`, `indices`); never changed once made.
public struct WorkflowSteps: RandomAccessCollection, Sendable {
    private let chunk: StepChunk
    private let start: UInt32
    private let length: UInt32

    fileprivate init(chunk: StepChunk, start: UInt32, length: UInt32) {
        self.chunk = chunk
        self.start = start
        self.length = length
    }

    /// `steps` in a chunk of their own (no arena at hand).
    public init(_ steps: [Step]) {
        guard !steps.isEmpty else {
            self = .empty
            return
        }
        let chunk = StepChunk(capacity: steps.count)
        self.init(chunk: chunk, start: chunk.append(steps), length: UInt32(steps.count))
    }

    static let empty = WorkflowSteps(chunk: StepChunk(capacity: 0), start: 0, length: 0)

    /// The chunk the steps are in (tests check which runs share one).
    var chunkForTests: AnyObject { chunk }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(length) }

    public subscript(position: Int) -> Step {
        precondition(position >= 0 && position < Int(length), "step index out of range")
        return chunk.base[Int(start) + position]
    }
}

/// Steps written once each and never changed. A chunk's steps are written by
/// its arena's thread before the workflows that refer to them are handed to
/// another thread (through the loader's queue, which orders the reads after
/// the writes); later writes go to other slots. Freed with the last
/// workflow that refers to it.
final class StepChunk: FillingChunk, @unchecked Sendable {
    fileprivate let base: UnsafeMutablePointer<Step>
    let capacity: Int
    private(set) var used = 0

    init(capacity: Int) {
        base = .allocate(capacity: max(1, capacity))
        self.capacity = capacity
    }

    /// Copies `steps` into the free slots (the caller made sure they fit); where they start.
    fileprivate func append(_ steps: [Step]) -> UInt32 {
        let at = used
        steps.withUnsafeBufferPointer { from in
            if let source = from.baseAddress { (base + at).initialize(from: source, count: from.count) }
        }
        used += steps.count
        return UInt32(at)
    }

    deinit {
        base.deinitialize(count: used)
        base.deallocate()
    }
}

/// Where one loader keeps its workflows' steps: chunks of 4,096 steps
/// (224 KiB at 56 bytes a step) filled in turn; a workflow of more than a
/// quarter of that gets a chunk of its own. Used by one thread at a time.
final class StepArena {
    private static let chunkSteps = 4096
    private var current: StepChunk?

    func store(_ steps: [Step]) -> WorkflowSteps {
        let n = steps.count
        guard n > 0 else { return .empty }
        guard n <= Self.chunkSteps / 4 else { return WorkflowSteps(steps) }
        let chunk = StepChunk.room(for: n, in: &current, chunkSize: Self.chunkSteps)
        return WorkflowSteps(chunk: chunk, start: chunk.append(steps), length: UInt32(n))
    }
}
