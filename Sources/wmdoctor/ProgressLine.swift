import Foundation
import WMDoctorKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress line on standard error for long runs: only when standard error
/// is a terminal and the input is large (over 20 MB or 200 files); silent
/// otherwise, and never part of a report.
enum ProgressLine {
    static let minBytes = 20 << 20
    static let minFiles = 200

    static func observer() -> (@Sendable (AnalysisProgress) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { p in
            guard p.bytesTotal >= minBytes || p.filesTotal >= minFiles else { return }
            let line: String
            switch p.phase {
            case .reading:
                line = "wmdoctor: reading \(p.filesDone)/\(p.filesTotal) files, \(p.bytesDone >> 20)/\(p.bytesTotal >> 20) MB"
            case .checking:
                line = "wmdoctor: checking \(p.filesTotal) files (\(p.bytesTotal >> 20) MB)"
            case .done:
                line = ""
            }
            // \r and erase-line: the line rewrites itself, and is gone at the end.
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
        }
    }
}
