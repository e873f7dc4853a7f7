import Foundation

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
