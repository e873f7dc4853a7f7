/// Makes report file names relative to a source root (the repository), by
/// text alone: `.` and `..` are folded, symbolic links are not followed.
public struct ReportPaths: Sendable, Hashable {
    /// Absolute folder that relative file names start from.
    public var currentDirectory: String
    /// Absolute folder paths are made relative to (SARIF's `%SRCROOT%`).
    public var root: String

    /// `root` may be relative to `currentDirectory`; both default to `/`.
    public init(currentDirectory: String = "/", root: String? = nil) {
        let cwd = ReportPaths.normalize(currentDirectory, from: "/")
        self.currentDirectory = cwd
        self.root = ReportPaths.normalize(root ?? cwd, from: cwd)
    }

    /// The absolute, folded form of `path`.
    public func absolute(_ path: String) -> String { ReportPaths.normalize(path, from: currentDirectory) }

    /// `path` relative to `root`, or nil when it lies outside it.
    public func relative(_ path: String) -> String? {
        let abs = absolute(path)
        if root == "/" { return String(abs.dropFirst()) }
        guard abs.hasPrefix(root + "/") else { return nil }
        return String(abs.dropFirst(root.count + 1))
    }

    /// Relative to `root` when inside it, otherwise absolute.
    public func display(_ path: String) -> String { relative(path) ?? absolute(path) }

    /// `root` as a `file://` URI ending in `/`.
    public var rootURI: String { "file://" + ReportPaths.percentEncode(root == "/" ? "/" : root + "/") }

    static func normalize(_ path: String, from base: String) -> String {
        let full = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// RFC 3986 percent-encoding of a path: everything but unreserved characters and `/`.
    public static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
