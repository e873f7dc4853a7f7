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

    /// Opens `path` for reading after checking it is a regular file within
    /// `maxBytes`; the caller owns (and closes) the descriptor. Also gives the size.
    static func open(_ path: String, maxBytes: Int = defaultMaxBytes) throws(InputError) -> (fd: Int32, size: Int) {
        let at = SourceLocation(file: path, line: 1, column: 1)
        let fd = systemOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InputError("cannot read \(path): \(errorText())", at: at) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let message = errorText()
            close(fd)
            throw InputError("cannot read \(path): \(message)", at: at)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw InputError("\(path) is not a regular file (a directory, FIFO or device); skipped", at: at)
        }
        let size = Int(st.st_size)
        guard size <= maxBytes else {
            close(fd)
            throw InputError("\(path) is \(size) bytes, more than the limit of \(maxBytes) bytes (--max-file-size); not read", at: at)
        }
        return (fd, size)
    }

    static func read(_ path: String, maxBytes: Int = defaultMaxBytes) throws(InputError) -> (UnsafeMutableBufferPointer<UInt8>, Int) {
        let (fd, size) = try open(path, maxBytes: maxBytes)
        defer { close(fd) }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(size, 1))
        var filled = 0
        while filled < size {
            let n = systemRead(fd, buffer.baseAddress.map { $0 + filled }, size - filled)
            if n < 0 {
                if errno == EINTR { continue }
                let message = errorText()
                buffer.deallocate()
                throw InputError("cannot read \(path): \(message)", at: SourceLocation(file: path, line: 1, column: 1))
            }
            if n == 0 { break }
            filled += n
        }
        return (buffer, filled)
    }

    private static func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
        #if canImport(Glibc)
            return Glibc.open(path, flags)
        #else
            return Darwin.open(path, flags)
        #endif
    }

    static func systemRead(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>?, _ n: Int) -> Int {
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

/// A file that libyaml reads in small pieces (its read handler), never past
/// `maxBytes`. Remembers why a read failed, for the error message.
final class FileSource {
    private let fd: Int32
    private var remaining: Int
    private(set) var failure: String?
    /// Sees every byte read, for the reader's positions.
    let lineBreaks = LineBreaks()

    init(fd: Int32, maxBytes: Int) {
        self.fd = fd
        remaining = maxBytes
    }

    /// libyaml's read handler: 1 on success (0 bytes read at the end), 0 on failure.
    func read(into buffer: UnsafeMutablePointer<UInt8>, size: Int, sizeRead: UnsafeMutablePointer<Int>) -> Int32 {
        while true {
            let n = InputFile.systemRead(fd, buffer, min(size, remaining + 1))
            if n < 0 {
                if errno == EINTR { continue }
                failure = "the file could not be read: \(InputFile.errorText())"
                return 0
            }
            if n > remaining {
                failure = "the file grew past the size limit while it was read; not read further"
                return 0
            }
            remaining -= n
            lineBreaks.feed(UnsafeBufferPointer(start: buffer, count: n))
            sizeRead.pointee = n
            return 1
        }
    }

    /// The first `count` bytes (or fewer at the end of the file), read again.
    func prefix(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(count, 0))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBufferPointer { b in pread(fd, b.baseAddress.map { $0 + filled }, b.count - filled, off_t(filled)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
        }
        return Array(bytes.prefix(filled))
    }

    func close() {
        _ = systemClose(fd)
    }

    private func systemClose(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
            return Glibc.close(fd)
        #else
            return Darwin.close(fd)
        #endif
    }
}
