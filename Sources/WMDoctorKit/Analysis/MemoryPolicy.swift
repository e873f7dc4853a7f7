#if os(Linux)
    import CMalloc
#endif

/// How the process's allocator hands memory back: set once, when a session
/// is set up.
///
/// glibc serves a large block (from 128 KiB) by mapping pages of its own, and
/// gives them back when the block is freed; but each such block freed raises
/// that threshold to its size (up to 32 MiB). An analysis frees large arrays
/// (node trees, the findings of each rule thread, 14 MB at 46,000 findings)
/// and then makes others of the same size: past the raised threshold they
/// came from the heap, whose freed room is kept, and the resident size grew
/// with every phase. A fixed threshold keeps large blocks mapped and given
/// back: peak memory of `check --format json` at 100 MB, 260 → 232 MB
/// (dense) and 196 → 179 MB (wide), time unchanged (BENCHMARKS.md, session 10).
public enum MemoryPolicy {
    /// Blocks from this size are mapped apart and given back when freed (glibc's default start).
    static let mappedFrom: Int32 = 128 * 1024

    private static let applied: Bool = {
        #if os(Linux)
            // Setting the threshold also turns glibc's raising of it off.
            return mallopt(M_MMAP_THRESHOLD, mappedFrom) == 1
        #else
            return false
        #endif
    }()

    /// Applies the policy (once per process; later calls do nothing). Whether it took effect.
    @discardableResult
    public static func apply() -> Bool { applied }
}
