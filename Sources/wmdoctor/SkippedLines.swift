import WMDoctorKit

/// One line on standard error per file or link a folder walk could not
/// follow or read (files that are simply not exports are only counted).
func announceSkipped(_ report: Report) {
    let lines = report.skipped.filter(\.isProblem).map { "wmdoctor: \($0)\n" }
    if !lines.isEmpty { Console.error(lines.joined()) }
}
