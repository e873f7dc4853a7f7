import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--report FORMAT=FILE`: one more report written in the same run.
public struct ReportDestination: Sendable, Hashable {
    public var format: ReportFormat
    public var path: String

    public init(format: ReportFormat, path: String) {
        self.format = format
        self.path = path
    }

    /// Reads `junit=out/junit.xml`; the error names the allowed formats.
    public static func parse(_ text: String) throws -> ReportDestination {
        let formats = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        guard let eq = text.firstIndex(of: "=") else {
            throw ReportFileError("--report expects FORMAT=FILE (e.g. junit=out/junit.xml), got \"\(text)\"; formats: \(formats)")
        }
        let name = String(text[..<eq])
        let path = String(text[text.index(after: eq)...])
        guard let format = ReportFormat(rawValue: name.lowercased()) else {
            throw ReportFileError("unknown report format \"\(name)\" in --report \(text); formats: \(formats)")
        }
        guard !path.isEmpty else { throw ReportFileError("--report \(text) needs a file name after \"=\"") }
        return ReportDestination(format: format, path: path)
    }
}

public struct ReportFileError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Writes a report atomically: a temporary file in the target's folder, then
/// a rename over the target, so readers never see half a report. Missing
/// folders are created.
public enum ReportFile {
    /// Streams a report into `path` (through a temporary file, renamed once
    /// complete). Errors are `ReportFileError`s with a readable reason.
    public static func write(to path: String, _ body: (any ReportSink) -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ReportFileError(String(cString: strerror(errno))) }
            let sink = FileSink(fd: fd)
            body(sink)
            let failure = sink.finish()
            close(fd)
            if let failure { throw ReportFileError(failure) }
            guard rename(temp.path, url.path) == 0 else { throw ReportFileError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error as? ReportFileError ?? ReportFileError(error.localizedDescription)
        }
    }

    /// Writes `text` the same way. Errors are `ReportFileError`s with a readable reason.
    public static func write(_ text: String, to path: String) throws {
        try write(to: path) { $0.write(text) }
    }
}

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

extension ReportFile {
    /// Appends text to a file (`GITHUB_STEP_SUMMARY`), never truncating what
    /// is there: a regular file only (never a device or a FIFO); `make` gets
    /// the file's size and returns the text. When a write fails, the file is
    /// cut back to its old size, so it is as it was. Errors are `ReportFileError`s.
    public static func append(to path: String, _ make: (_ existingBytes: Int) -> String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o644)
        guard fd >= 0 else { throw ReportFileError(String(cString: strerror(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw ReportFileError(String(cString: strerror(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw ReportFileError("not a regular file: nothing appended") }
        let size = st.st_size
        let sink = FileSink(fd: fd)
        sink.write(make(Int(size)))
        if let failure = sink.finish() {
            _ = ftruncate(fd, size)
            throw ReportFileError(failure)
        }
    }
}
