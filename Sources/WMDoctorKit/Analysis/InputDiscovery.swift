import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One file to read, and whether the user named it (named files are always
/// analysed; files found by walking a directory only if they are exports).
public struct InputPath: Sendable, Hashable {
    public var path: String
    public var explicit: Bool
}

/// Finds the files to analyse: named files as they are, directories walked
/// recursively for `.yaml`, `.yml` and `.json`, in byte order of their paths.
/// Hidden files and folders (`.git`, `.wmdoctor.yaml`) and symbolic links to
/// folders are not walked, so a link loop cannot trap the walk. What the walk
/// passes over for a reason (a link loop, a dangling link, a link to a
/// folder, an export it cannot open) is in `skipped`.
public enum InputDiscovery {
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    public static func discover(_ paths: [String]) -> (inputs: [InputPath], errors: [InputError], skipped: [SkippedFile]) {
        var inputs: [InputPath] = []
        var errors: [InputError] = []
        var skipped: [SkippedFile] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                if let reason = brokenLink(path) {
                    errors.append(InputError("cannot follow the symbolic link \(path): \(reason)", at: SourceLocation(file: path, line: 1, column: 1)))
                    continue
                }
                if path == "-" {
                    errors.append(InputError("no such file or directory: -; wmdoctor does not read an export from standard input: save it to a file and name that file", at: SourceLocation(file: path, line: 1, column: 1)))
                    continue
                }
                let hint = closeSibling(of: path).map { "; did you mean \(quoted($0))?" } ?? ""
                errors.append(InputError("no such file or directory: \(path)\(hint)", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            if isDir.boolValue {
                walk(path, into: &inputs, errors: &errors, skipped: &skipped)
            } else {
                inputs.append(InputPath(path: path, explicit: true))
            }
        }
        var seen = Set<String>()
        inputs = inputs.filter { seen.insert($0.path).inserted }
        inputs.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        skipped.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return (inputs, errors, skipped)
    }

    private static func walk(_ dir: String, into inputs: inout [InputPath], errors: inout [InputError], skipped: inout [SkippedFile]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            errors.append(InputError("cannot read directory \(dir)", at: SourceLocation(file: dir, line: 1, column: 1)))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = dir == "." ? name : (dir.hasSuffix("/") ? dir + name : dir + "/" + name)
            let isExportName = extensions.contains(PathText.fileExtension(name).lowercased())
            var st = stat()
            guard lstat(path, &st) == 0 else {
                skipped.append(SkippedFile(path, .unreadable(String(cString: strerror(errno)))))
                continue
            }
            var type = st.st_mode & S_IFMT
            if type == S_IFLNK {
                guard stat(path, &st) == 0 else {
                    skipped.append(SkippedFile(path, errno == ELOOP ? .linkLoop : .danglingLink))
                    continue
                }
                type = st.st_mode & S_IFMT
                if type == S_IFDIR {
                    skipped.append(SkippedFile(path, .linkToFolder))
                    continue
                }
            }
            switch type {
            case S_IFDIR:
                walk(path, into: &inputs, errors: &errors, skipped: &skipped)
            case S_IFREG where isExportName:
                if let reason = cannotOpen(path) {
                    skipped.append(SkippedFile(path, .unreadable(reason)))
                } else {
                    inputs.append(InputPath(path: path, explicit: false))
                }
            default:
                continue  // other names; FIFOs, sockets, devices: never opened
            }
        }
    }

    /// Why a regular file cannot be opened for reading; nil when it can.
    private static func cannotOpen(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        close(fd)
        return nil
    }

    /// Why a path that does not resolve is a symbolic link that cannot be
    /// followed (a loop, or a missing target); nil when it is no link at all.
    static func brokenLink(_ path: String) -> String? {
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: path),
            attrs[.type] as? FileAttributeType == .typeSymbolicLink
        else { return nil }
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " (\(quoted($0)))" } ?? ""
        return access(path, F_OK) != 0 && errno == ELOOP
            ? "it is part of a loop of symbolic links\(target)"
            : "its target\(target) does not exist"
    }

    /// A file next to a missing path with a close name ("Sample" → "Samples").
    private static func closeSibling(of path: String) -> String? {
        let parent = PathText.parent(path)
        let dir = parent.isEmpty ? "." : parent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        guard let best = DidYouMean.suggest(PathText.lastComponent(path), from: names) else { return nil }
        return dir == "." && !path.hasPrefix("./") ? best : PathText.join(dir, best)
    }
}
