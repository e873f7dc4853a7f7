import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--report FORMAT=FILE`: one more report written in the same run.
public struct ReportDestination: Sendable, Hashable {
    public var format: ReportFormat
    public var path: String

    public init(format: ReportFormat, path: String) {
        self.format = format
        self.path = path
    }

    /// Reads `junit=out/junit.xml`; the error names the allowed formats.
    public static func parse(_ text: String) throws -> ReportDestination {
        let formats = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        guard let eq = text.firstIndex(of: "=") else {
            throw ReportFileError("--report expects FORMAT=FILE (e.g. junit=out/junit.xml), got \"\(text)\"; formats: \(formats)")
        }
        let name = String(text[..<eq])
        let path = String(text[text.index(after: eq)...])
        guard let format = ReportFormat(rawValue: name.lowercased()) else {
            throw ReportFileError("unknown report format \"\(name)\" in --report \(text); formats: \(formats)")
        }
        guard !path.isEmpty else { throw ReportFileError("--report \(text) needs a file name after \"=\"") }
        return ReportDestination(format: format, path: path)
    }
}

public struct ReportFileError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Writes a report atomically: a temporary file in the target's folder, then
/// a rename over the target, so readers never see half a report. Missing
/// folders are created.
public enum ReportFile {
    /// Errors are `ReportFileError`s with a readable reason.
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temp, options: .withoutOverwriting)
            guard rename(temp.path, url.path) == 0 else { throw ReportFileError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error as? ReportFileError ?? ReportFileError(error.localizedDescription)
        }
    }
}
