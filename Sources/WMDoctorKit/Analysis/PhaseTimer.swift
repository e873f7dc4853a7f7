import Foundation
#if os(Linux)
    import CMalloc
#endif

/// Wall time of each phase of an analysis, printed to standard error when the
/// environment sets `WMDOCTOR_TIMINGS=1` (for benchmarks; see BENCHMARKS.md).
/// Reports never carry timings: they stay byte-for-byte reproducible.
public enum PhaseTimer {
    public static let enabled = ProcessInfo.processInfo.environment["WMDOCTOR_TIMINGS"] == "1"
    private static let start = DispatchTime.now().uptimeNanoseconds

    /// Prints `phase` and the seconds since the first mark.
    public static func mark(_ phase: String) {
        guard enabled else { return }
        let origin = start
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9
        var memory = residentMegabytes().map { String(format: ", %.0f MiB resident", $0) } ?? ""
        if let peak = peakResidentMegabytes() { memory += String(format: " (peak so far %.1f)", peak) }
        #if os(Linux)
            let m = mallinfo2()
            memory += String(format: " heap in use %.1f mapped %.1f arenas %.1f", Double(m.uordblks) / 1_048_576, Double(m.hblkhd) / 1_048_576, Double(m.arena) / 1_048_576)
            // CPU time of every thread so far: against the wall time, how busy the cores were in each phase.
            var usage = rusage()
            if getrusage(RUSAGE_SELF.rawValue, &usage) == 0 {
                let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
                memory += String(format: ", CPU so far %.3f s", cpu)
            }
        #endif
        FileHandle.standardError.write(Data("wmdoctor timing: \(phase) done at \(String(format: "%.3f", seconds)) s\(memory)\n".utf8))
    }

    /// Prints a count worth knowing beside the phases (`rules: ...`).
    public static func note(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("wmdoctor timing: \(text())\n".utf8))
    }

    /// The largest resident set size so far (Linux: `VmHWM` of /proc/self/status), nil where unknown.
    private static func peakResidentMegabytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kb / 1024
    }

    /// The resident set size now (Linux: /proc/self/statm), nil where unknown.
    private static func residentMegabytes() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return nil }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
