import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes every file the tool writes, by what its path names (`WriteTarget`):
/// a regular file through a temporary file in its folder, flushed and renamed
/// (readers see the old report or the new one, never half; the old file's
/// mode and owner are kept; a failure leaves the old file and no temporary
/// file); a link's target that way, the link kept; a device, FIFO or socket
/// written where it is; `-` standard output. Missing folders are created.
public enum ReportFile {
    /// Streams a report into `path`. Errors are `WriteError`s naming the
    /// path and the system's reason.
    public static func write(to path: String, _ body: (any ReportSink) -> Void) throws(WriteError) {
        switch try WriteTarget.resolve(path) {
        case .standardOutput:
            fflush(nil)  // anything print()ed before comes first
            try stream(to: STDOUT_FILENO, path: path, body)
        case .replace(let resolved, let keep):
            try replace(resolved, keep: keep, named: path, body)
        case .direct(let resolved):
            let fd = open(resolved, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else { throw WriteError.system(path) }
            defer { close(fd) }
            try stream(to: fd, path: path, body)
        case .socket(let resolved):
            let fd = try UnixSocket.connect(resolved, named: path)
            defer { close(fd) }
            try stream(to: fd, path: path, body)
        }
    }

    /// Writes `text` the same way.
    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(to: path) { $0.write(text) }
    }

    private static func stream(to fd: Int32, path: String, _ body: (any ReportSink) -> Void) throws(WriteError) {
        let sink = FileSink(fd: fd)
        body(sink)
        if let failure = sink.finish() { throw WriteError(path, failure) }
    }

    /// The temporary file, then the rename; on any failure the temporary file is removed.
    private static func replace(_ target: String, keep: WriteTarget.Ownership?, named path: String, _ body: (any ReportSink) -> Void) throws(WriteError) {
        let parent = PathText.parent(target)
        let folder = parent.isEmpty ? "." : parent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path, "cannot create the folder \(folder): \((error as NSError).localizedFailureReason ?? "\(error)")")
        }
        let temp = PathText.join(folder, ".\(PathText.lastComponent(target)).\(UUID().uuidString).tmp")
        let slot = TemporaryFiles.register(temp)
        defer { TemporaryFiles.forget(slot) }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw WriteError.system(path) }
        var failure: WriteError?
        if let keep {
            // The owner first: changing it clears set-id bits that the mode then restores.
            _ = fchown(fd, keep.uid, keep.gid)  // not permitted for other users' files: the mode is still kept
            if fchmod(fd, keep.mode) != 0 { failure = WriteError.system(path) }
        }
        if failure == nil {
            let sink = FileSink(fd: fd)
            body(sink)
            if let reason = sink.finish() {
                failure = WriteError(path, reason)
            } else if fsync(fd) != 0 {
                failure = WriteError.system(path)
            }
        }
        if close(fd) != 0 && failure == nil { failure = WriteError.system(path) }
        if failure == nil, let name = ProcessInfo.processInfo.environment["WMDOCTOR_TEST_SIGNAL_BEFORE_RENAME"] {
            // A test hook: a signal that arrives while the temporary file exists.
            raise(name == "INT" ? SIGINT : SIGTERM)
        }
        if failure == nil && rename(temp, target) != 0 { failure = WriteError.system(path) }
        if let failure {
            unlink(temp)
            throw failure
        }
    }
}
