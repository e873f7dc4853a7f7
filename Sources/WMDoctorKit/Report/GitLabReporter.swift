/// GitLab Code Quality (a subset of the Code Climate format) for merge-request
/// widgets: one issue per finding and per input error, with a fingerprint
/// unique in the report and stable across runs.
public struct GitLabReporter: Reporter {
    public var paths: ReportPaths

    public init(paths: ReportPaths = ReportPaths()) {
        self.paths = paths
    }

    public func render(_ report: Report) -> String {
        let sink = StringSink()
        write(report, to: sink)
        return sink.text
    }

    /// Streams the issues: each written as it is made (one per finding and
    /// per use it breaks: hundreds of thousands in a large report), never one tree.
    public func write(_ report: Report, to sink: any ReportSink) {
        var seen: Set<String> = []
        var out = JSONStream(level: 0)
        out.openArray()
        func issue(_ description: String, check: String, fingerprint: String, severity: String, _ l: SourceLocation) {
            // Two issues with one fingerprint would hide each other: number repeats.
            var fp = fingerprint
            var n = 2
            while !seen.insert(fp).inserted {
                fp = Fingerprint.hash("\(fingerprint)#\(n)")
                n += 1
            }
            out.element()
            out.openObject()
            out.member("type", "issue")
            out.member("description", description)
            out.member("check_name", check)
            out.member("fingerprint", fp)
            out.member("severity", severity)
            out.key("location")
            out.openObject()
            out.member("path", paths.display(l.file))
            out.key("lines")
            out.openObject()
            out.member("begin", max(1, l.line))
            out.closeObject()
            out.closeObject()
            out.closeObject()
            sink.handOver(&out.out)
        }
        for e in report.errors {
            issue(
                "Could not be analysed: \(e.message)", check: "input-error",
                fingerprint: Fingerprint.hash("input-error\u{1F}\(paths.display(e.location.file))\u{1F}\(e.message)"),
                severity: "blocker", e.location)
        }
        // Suppressed and baselined findings are not issues of this run.
        // At the cause and at each use it breaks (the merge-request widget shows
        // changed lines); with a baseline, only a new cause and new uses.
        for f in report.activeFindings {
            let check = "\(f.rule.id) \(f.rule.name)"
            if f.baseline != .updated {
                issue(f.message, check: check, fingerprint: f.fingerprint, severity: severity(f.severity), f.location)
            }
            for u in f.affects where !f.isOwnUse(u) && u.baseline != .unchanged {
                issue(
                    u.message(for: f), check: check, fingerprint: Fingerprint.hash(f.fingerprint + "\u{1F}" + u.key.path),
                    severity: severity(f.severity), u.location)
            }
        }
        out.closeArray()
        out.out.append(0x0A)
        sink.write(utf8: out.out)
    }

    private func severity(_ s: Severity) -> String {
        switch s {
        case .error: return "critical"
        case .warning: return "major"
        case .info: return "info"
        }
    }
}
