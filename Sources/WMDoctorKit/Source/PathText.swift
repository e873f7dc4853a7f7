/// The parts of a file path, split on `/` as POSIX does, in plain Swift.
///
/// Foundation's `NSString` path methods do the same job, but the one this
/// toolchain ships stops the program on a one-character name
/// (`("x" as NSString).deletingLastPathComponent` traps), and a user's path
/// can be any name: `wmdoctor check x`, `--output x`. These never trap.
public enum PathText {
    /// The folder part: `a/b` → `a`, `/a` → `/`, `a` → `` (none), `a/b/` → `a`.
    public static func parent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard trimmed != "/" else { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let head = trimmingTrailingSlashes(String(trimmed[..<slash]))
        return head.isEmpty ? "/" : head
    }

    /// The last name: `a/b` → `b`, `a/b/` → `b`, `/` → `/`, `` → ``.
    public static func lastComponent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard trimmed != "/" else { return "/" }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// What follows the last `.` of the last name, if that dot neither starts
    /// nor ends it: `a.yaml` → `yaml`, `.yaml` → ``, `a` → ``.
    public static func fileExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// `name` inside `folder`: `a` + `b` → `a/b`, `a/` + `b` → `a/b`, `` + `b` → `b`.
    public static func join(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// `a//` → `a`; a path of slashes alone stays `/`.
    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var end = path.endIndex
        while end > path.startIndex, path[path.index(before: end)] == "/" { end = path.index(before: end) }
        if end == path.startIndex { return path.isEmpty ? "" : "/" }
        return String(path[..<end])
    }
}
