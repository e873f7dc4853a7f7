import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file the tool could not write, or may not write: the path as the user
/// gave it and the reason (the system's error text). `usage` marks a target
/// the user should not have named (an input, a disk): status 64, not 2.
public struct WriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var usage: Bool

    public init(_ path: String, _ reason: String, usage: Bool = false) {
        self.path = path
        self.reason = reason
        self.usage = usage
    }

    /// The error of the last failed system call.
    static func system(_ path: String, _ code: Int32 = errno) -> WriteError {
        WriteError(path, String(cString: strerror(code)))
    }

    public var description: String {
        let what = path == "-" ? "the report to standard output" : path
        return usage ? "cannot write \(what): \(reason); nothing was written" : "cannot write \(what): \(reason)"
    }
}

/// What a path named as a report (`--output`, `--report`, `baseline write`,
/// `inventory --output`) is, and so how it is written (SECURITY.md, "Writing
/// reports"): the one policy for every file the tool writes.
public enum WriteTarget: Equatable, Sendable {
    /// `-`: standard output.
    case standardOutput
    /// A regular file, or none yet: written to a temporary file in the same
    /// folder, flushed and renamed over it. `path` is where symbolic links
    /// lead (the links stay); `keep` the mode and owner of the file replaced.
    case replace(path: String, keep: Ownership?)
    /// A character device or a FIFO: opened and written where it is, never renamed.
    case direct(path: String)
    /// A Unix socket: connected to and written.
    case socket(path: String)

    /// The mode and owner of a file that a report replaces.
    public struct Ownership: Equatable, Sendable {
        public var mode: mode_t
        public var uid: uid_t
        public var gid: gid_t
    }

    /// Links are followed at most this many times (the kernel's own limit).
    static let maxLinks = 40

    /// Classifies `path`. A directory, a block device or a link loop is an
    /// error; a path that does not exist yet is a new regular file.
    public static func resolve(_ path: String) throws(WriteError) -> WriteTarget {
        if path == "-" { return .standardOutput }
        let resolved = try followLinks(path)
        var st = stat()
        guard stat(resolved, &st) == 0 else {
            if errno == ENOENT { return .replace(path: resolved, keep: nil) }
            throw WriteError.system(path)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            guard access(resolved, W_OK) == 0 else { throw WriteError.system(path) }
            return .replace(path: resolved, keep: Ownership(mode: st.st_mode & 0o7777, uid: st.st_uid, gid: st.st_gid))
        case S_IFCHR, S_IFIFO:
            return .direct(path: resolved)
        case S_IFSOCK:
            return .socket(path: resolved)
        case S_IFDIR:
            throw WriteError.system(path, EISDIR)
        default:
            throw WriteError(path, "it is a block device; reports are not written to disks", usage: true)
        }
    }

    /// Where the chain of symbolic links starting at `path` ends (a path that
    /// may not exist yet: a dangling link's target is created).
    static func followLinks(_ path: String) throws(WriteError) -> String {
        var current = path
        for _ in 0..<maxLinks {
            var st = stat()
            guard lstat(current, &st) == 0 else {
                if errno == ENOENT { return current }
                throw WriteError.system(path)
            }
            guard st.st_mode & S_IFMT == S_IFLNK else { return current }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
                throw WriteError.system(path)
            }
            current = target.hasPrefix("/") ? target : PathText.join(PathText.parent(current), target)
        }
        throw WriteError.system(path, ELOOP)
    }
}
