import Foundation

/// Paths of configuration files: discovery from a folder upward, and folders
/// named in a configuration, resolved relative to it.
public enum ConfigPaths {
    public static let names = [".wmdoctor.yaml", ".wmdoctor.yml"]

    /// The first `.wmdoctor.yaml` (or `.wmdoctor.yml`) in `directory` or a
    /// folder above it, up to the filesystem root; in each folder
    /// `.wmdoctor.yaml` comes first. The path is `directory` joined with
    /// `../` as often as needed (`.wmdoctor.yaml`, `../../.wmdoctor.yaml` from
    /// `.`), so it reads relative to where `directory` does.
    public static func discover(from directory: String) -> String? {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: directory).standardizedFileURL
        var up = 0
        while true {
            for name in names {
                var isDir: ObjCBool = false
                let candidate = dir.appendingPathComponent(name).path
                if fm.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue {
                    return join(directory, String(repeating: "../", count: up) + name)
                }
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
            up += 1
        }
    }

    /// The folder of a file path: "." for a bare name.
    public static func directory(of path: String) -> String {
        let parent = PathText.parent(path)
        return parent.isEmpty ? "." : parent
    }

    /// `path` relative to `base` (unless absolute), with `.` and `a/..` removed.
    public static func join(_ base: String, _ path: String) -> String {
        normalize(path.hasPrefix("/") || base == "." ? path : base + "/" + path)
    }

    /// Removes `.` components and `name/..` pairs; keeps leading `..` of relative paths.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute, parts.isEmpty {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
