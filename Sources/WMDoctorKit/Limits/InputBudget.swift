#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The total-size limit of one run (`--max-total-size`): inputs are admitted
/// in their (byte) order until the next one would bring the total over the
/// limit; that one and every later one is refused with an error naming it.
/// Sizes are taken without reading (a file that is not regular counts 0:
/// the loader refuses it anyway).
public enum InputBudget {
    public static func admit(_ inputs: [InputPath], maxTotalBytes: Int) -> (admitted: [InputPath], errors: [InputError]) {
        var admitted: [InputPath] = []
        var errors: [InputError] = []
        var total = 0
        var full = false
        for input in inputs {
            let size = sizeOf(input.path)
            let next = total.addingReportingOverflow(size)
            if full || next.overflow || next.partialValue > maxTotalBytes {
                full = true
                errors.append(InputError(
                    "not read: \(input.path) (\(size) bytes) would bring the input to more than the limit of \(maxTotalBytes) bytes for one run (--max-total-size); \(total) bytes read before it",
                    at: SourceLocation(file: input.path, line: 1, column: 1)))
                continue
            }
            total = next.partialValue
            admitted.append(input)
        }
        return (admitted, errors)
    }

    /// The size of a regular file (following links), 0 for anything else.
    static func sizeOf(_ path: String) -> Int {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return 0 }
        return Int(st.st_size)
    }
}
