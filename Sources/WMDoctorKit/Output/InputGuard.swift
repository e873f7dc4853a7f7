#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Refuses report targets that are files the run reads: an export, the
/// configuration, a baseline. Files are compared by device and inode, so a
/// symbolic link or another spelling of the path is the same file.
public enum InputGuard {
    /// The first target (other than `-`) that is one of `inputs`, as a usage
    /// error naming both; nil when every target is safe to write.
    public static func check(targets: [String], inputs: [String]) -> WriteError? {
        var read: [FileID: String] = [:]
        for input in inputs {
            if let id = FileID(input), read[id] == nil { read[id] = input }
        }
        for target in targets where target != "-" {
            guard let id = FileID(target), let input = read[id] else { continue }
            let same = input == target ? "" : " (the same file as \(input))"
            return WriteError(target, "it is a file this run reads\(same); a report never replaces an input", usage: true)
        }
        return nil
    }

    /// A regular file's identity; nil for anything else (devices and FIFOs
    /// are never inputs) or a path that does not exist.
    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64

        init?(_ path: String) {
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }
}
