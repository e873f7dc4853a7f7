#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a report to an open file descriptor in pieces of about 1 MiB;
/// remembers the first failure (a full disk, a closed pipe) for `finish`.
public final class FileSink: ReportSink {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var failure: String?

    /// Does not take ownership of `fd`.
    public init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(Self.pieceSize)
    }

    public func write(_ text: String) {
        guard text.utf8.count < Self.pieceSize else {
            // A large piece (a whole report of a reporter that does not stream) goes out as it is, not copied.
            flush()
            var t = text
            t.withUTF8 { bytes in writeAll(UnsafeRawBufferPointer(bytes)) }
            return
        }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.pieceSize { flush() }
    }

    /// UTF-8 a reporter wrote itself (valid: made from Swift strings), written as it is.
    public func write(utf8 bytes: [UInt8]) {
        flush()
        bytes.withUnsafeBytes { writeAll($0) }
    }

    /// Writes what is buffered; the first failure, if any.
    public func finish() -> String? {
        flush()
        return failure
    }

    private func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        buffer.withUnsafeBytes { writeAll($0) }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress.map { $0 + done }, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
                return
            }
            done += n
        }
    }

    private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.write(fd, p, n)
        #else
            return Darwin.write(fd, p, n)
        #endif
    }
}
