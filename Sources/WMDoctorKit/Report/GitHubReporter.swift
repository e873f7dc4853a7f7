/// GitHub Actions workflow commands: one annotation per finding and input
/// error (`::error file=…,line=…,col=…,title=…::message`), then the summary.
/// File names are made relative to the repository (`paths.root`).
public struct GitHubReporter: Reporter {
    public var paths: ReportPaths

    public init(paths: ReportPaths = ReportPaths()) {
        self.paths = paths
    }

    public func render(_ report: Report) -> String {
        var out = ""
        for e in report.errors {
            out += command("error", e.location, title: "wmdoctor: input could not be analysed", message: e.message)
        }
        // Suppressed and baselined findings get no annotation; the summary counts them.
        // A finding is annotated at its cause and at each use it breaks, so a
        // pull request that adds a step on a broken connection is annotated on
        // that step; with a baseline, only what is new: a new cause, new uses.
        for f in report.activeFindings {
            let title = "\(f.rule.id) \(f.rule.name)"
            if f.baseline != .updated {
                var message = f.message
                if let fix = f.remediation { message += "\nhint: \(fix)" }
                for r in f.related { message += "\nnote: \(r.message) at \(r.location)" }
                out += command(level(f.severity), f.location, title: title, message: message, length: f.location.length)
            }
            for u in f.affects where !f.isOwnUse(u) && u.baseline != .unchanged {
                var message = u.message(for: f)
                if f.baseline == .updated { message = "newly affected: " + message }
                message += "\nnote: the cause is at \(f.location)"
                if let fix = f.remediation { message += "\nhint: \(fix)" }
                out += command(level(f.severity), u.location, title: title, message: message)
            }
        }
        if let b = report.baseline, !b.stale.isEmpty {
            out += command("notice", SourceLocation(file: b.file, line: 0, column: 0), title: "wmdoctor: stale baseline entries",
                message: "\(b.stale.count) baseline entries match no finding any more: rewrite the baseline to shrink it\n" + b.stale.map(\.title).joined(separator: "\n"))
        }
        out += TextReporter().summary(report) + "\n"
        return out
    }

    private func command(_ level: String, _ l: SourceLocation, title: String, message: String, length: Int = 0) -> String {
        var properties = ["file=" + GitHubReporter.property(paths.display(l.file))]
        if l.line >= 1 {
            properties.append("line=\(l.line)")
            if l.column >= 1 {
                properties.append("col=\(l.column)")
                if length > 0 { properties.append("endColumn=\(l.column + length)") }
            }
        }
        properties.append("title=" + GitHubReporter.property(title))
        return "::\(level) \(properties.joined(separator: ","))::\(GitHubReporter.data(message))\n"
    }

    private func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    /// A command's message: `%`, CR and LF encoded, as the runner decodes
    /// them; other control characters as U+FFFD.
    public static func data(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c.value {
            case 0x25: out += "%25"
            case 0x0D: out += "%0D"
            case 0x0A: out += "%0A"
            case 0x09: out.unicodeScalars.append(c)
            case 0..<0x20, 0x7F..<0xA0: out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A property value: as `data`, and also `:` and `,`, which end it.
    public static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
