#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ReportFile {
    /// Appends text to a file (`GITHUB_STEP_SUMMARY`), never truncating what
    /// is there: a regular file only (never a device or a FIFO); `make` gets
    /// the file's size and returns the text. When a write fails, the file is
    /// cut back to its old size, so it is as it was (SIGXFSZ is ignored, as
    /// for every write, so a size limit is an error). Errors are `ReportFileError`s.
    public static func append(to path: String, _ make: (_ existingBytes: Int) -> String) throws {
        _ = TemporaryFiles.prepared
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
