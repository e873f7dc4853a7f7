#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole regular file into a buffer the caller then owns. Refuses
/// directories, FIFOs and devices, so nothing is read forever, and files over
/// the size limit, before reading any of them.
enum InputFile {
    static let defaultMaxBytes = YAMLLimits.default.maxFileBytes

    static func read(_ path: String, maxBytes: Int = defaultMaxBytes) throws(InputError) -> (UnsafeMutableBufferPointer<UInt8>, Int) {
        let at = SourceLocation(file: path, line: 1, column: 1)
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputError("cannot read \(path): \(errorText())", at: at) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw InputError("cannot read \(path): \(errorText())", at: at) }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw InputError("\(path) is not a regular file (a directory, FIFO or device); skipped", at: at)
        }
        let size = Int(st.st_size)
        guard size <= maxBytes else {
            throw InputError("\(path) is \(size) bytes, more than the limit of \(maxBytes) bytes (--max-file-size); not read", at: at)
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(size, 1))
        var filled = 0
        while filled < size {
            let n = systemRead(fd, buffer.baseAddress.map { $0 + filled }, size - filled)
            if n < 0 {
                if errno == EINTR { continue }
                let message = errorText()
                buffer.deallocate()
                throw InputError("cannot read \(path): \(message)", at: at)
            }
            if n == 0 { break }
            filled += n
        }
        return (buffer, filled)
    }

    private static func systemRead(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>?, _ n: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.read(fd, p, n)
        #else
            return Darwin.read(fd, p, n)
        #endif
    }

    /// The file as text (invalid UTF-8 repaired), through the same bounded,
    /// regular-file-only read as exports.
    static func text(_ path: String, maxBytes: Int = defaultMaxBytes) throws(InputError) -> String {
        let (buffer, count) = try read(path, maxBytes: maxBytes)
        defer { buffer.deallocate() }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
