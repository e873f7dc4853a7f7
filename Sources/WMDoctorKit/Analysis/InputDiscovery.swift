import Foundation

/// One file to read, and whether the user named it (named files are always
/// analysed; files found by walking a directory only if they are exports).
public struct InputPath: Sendable, Hashable {
    public var path: String
    public var explicit: Bool
}

/// Finds the files to analyse: named files as they are, directories walked
/// recursively for `.yaml`, `.yml` and `.json`, in byte order of their paths.
/// Hidden files and folders (`.git`, `.wmdoctor.yaml`) and symbolic links to
/// folders are not walked, so a link loop cannot trap the walk.
public enum InputDiscovery {
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    public static func discover(_ paths: [String]) -> (inputs: [InputPath], errors: [InputError]) {
        var inputs: [InputPath] = []
        var errors: [InputError] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                if let reason = brokenLink(path) {
                    errors.append(InputError("cannot follow the symbolic link \(path): \(reason)", at: SourceLocation(file: path, line: 1, column: 1)))
                    continue
                }
                let hint = closeSibling(of: path).map { "; did you mean \(quoted($0))?" } ?? ""
                errors.append(InputError("no such file or directory: \(path)\(hint)", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            if isDir.boolValue {
                walk(path, into: &inputs, errors: &errors)
            } else {
                inputs.append(InputPath(path: path, explicit: true))
            }
        }
        var seen = Set<String>()
        inputs = inputs.filter { seen.insert($0.path).inserted }
        inputs.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return (inputs, errors)
    }

    private static func walk(_ dir: String, into inputs: inout [InputPath], errors: inout [InputError]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            errors.append(InputError("cannot read directory \(dir)", at: SourceLocation(file: dir, line: 1, column: 1)))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = dir == "." ? name : (dir.hasSuffix("/") ? dir + name : dir + "/" + name)
            guard let attrs = try? fm.attributesOfItem(atPath: path), let type = attrs[.type] as? FileAttributeType else {
                continue
            }
            switch type {
            case .typeDirectory:
                walk(path, into: &inputs, errors: &errors)
            case .typeRegular:
                if extensions.contains((name as NSString).pathExtension.lowercased()) {
                    inputs.append(InputPath(path: path, explicit: false))
                }
            case .typeSymbolicLink:
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                    extensions.contains((name as NSString).pathExtension.lowercased())
                {
                    inputs.append(InputPath(path: path, explicit: false))
                }
            default:
                continue  // FIFOs, sockets, devices: never read
            }
        }
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
        let ns = path as NSString
        let dir = ns.deletingLastPathComponent.isEmpty ? "." : ns.deletingLastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return nil }
        guard let best = DidYouMean.suggest(ns.lastPathComponent, from: names) else { return nil }
        return dir == "." && !path.hasPrefix("./") ? best : (dir as NSString).appendingPathComponent(best)
    }
}
