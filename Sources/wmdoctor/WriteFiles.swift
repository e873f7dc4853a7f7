import ArgumentParser
import WMDoctorKit

/// Writes a file the tool produces under the one write policy
/// (`ReportFile`); a failure is printed naming the file and the system's
/// error, and ends the command: status 2, or 64 for a target that may not be written.
func writeFile(_ path: String, _ body: (any ReportSink) -> Void) throws {
    do {
        try ReportFile.write(to: path, body)
    } catch {
        Console.error("wmdoctor: \(error)\n")
        throw ExitCode(error.usage ? ExitStatus.usage : ExitStatus.inputError)
    }
}

/// Ends the command with status 64, before anything is written, when a
/// target is one of the files the run read: the inputs found (`report.inputs`),
/// the paths named and the session's own files (configuration, baseline).
func refuseInputs(as targets: [String], report: Report, named: [String], also: [String] = []) throws {
    if let error = InputGuard.check(targets: targets, inputs: report.inputs + named + also) {
        Console.error("wmdoctor: \(error)\n")
        throw ExitCode(ExitStatus.usage)
    }
}
