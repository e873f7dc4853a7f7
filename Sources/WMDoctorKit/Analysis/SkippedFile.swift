/// A file a folder walk passed over, and why. Named files are never skipped:
/// what cannot be read among them is an input error.
public struct SkippedFile: Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// A YAML or JSON file that is not a Workflow Machine export (a CI config, a rule file).
        case notAnExport
        /// A symbolic link that is part of a loop.
        case linkLoop
        /// A symbolic link whose target does not exist.
        case danglingLink
        /// A symbolic link to a folder: not followed, so that no link can trap the walk.
        case linkToFolder
        /// A file that cannot be opened or examined: the system's reason.
        case unreadable(String)
    }

    public var path: String
    public var reason: Reason

    public init(_ path: String, _ reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// Whether the walk met a problem (a link or a file it could not follow
    /// or read), as opposed to a file that simply is not an export.
    public var isProblem: Bool { reason != .notAnExport }

    /// Why, in words: "it is part of a loop of symbolic links".
    public var why: String {
        switch reason {
        case .notAnExport: return "it is not a Workflow Machine export"
        case .linkLoop: return "it is part of a loop of symbolic links"
        case .danglingLink: return "it is a symbolic link whose target does not exist"
        case .linkToFolder: return "it is a symbolic link to a folder (links to folders are not followed)"
        case .unreadable(let reason): return "cannot read it: \(reason)"
        }
    }

    /// The reason's key in the JSON report.
    public var key: String {
        switch reason {
        case .notAnExport: return "not_an_export"
        case .linkLoop: return "link_loop"
        case .danglingLink: return "dangling_link"
        case .linkToFolder: return "link_to_folder"
        case .unreadable: return "unreadable"
        }
    }

    /// `skipped PATH: why` (a line on standard error).
    public var description: String { "skipped \(path): \(why)" }
}
