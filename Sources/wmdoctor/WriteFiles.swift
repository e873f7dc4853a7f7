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
/// target is one of the files the run read (the inputs found, `report.inputs`,
/// the paths named and the session's own files: configuration, baseline) or
/// may never be written (a block device).
func refuseTargets(as targets: [String], report: Report, named: [String]) throws {
    var refused = InputGuard.check(targets: targets, inputs: report.inputs + named)
    for target in targets where refused == nil {
        do {
            _ = try WriteTarget.resolve(target)
        } catch where error.usage {
            refused = error
        } catch {
            continue  // an error of the write itself (a folder, permissions): reported when it is written
        }
    }
    if let refused {
        Console.error("wmdoctor: \(refused)\n")
        throw ExitCode(ExitStatus.usage)
    }
}
