/// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`).
/// A step shows at most 10 annotations per level, so the most important are
/// written first and at most `perLevel` of each level: input errors, then
/// each finding's cause, most severe and most uses broken first, then the
/// uses they break; one notice says how many more there are and where. Then
/// the summary. File names are relative to the repository (`paths.root`);
/// export text is escaped (`ExportText`), so it cannot start a command.
public struct GitHubReporter: Reporter {
    public var paths: ReportPaths
    /// Where the full list is when annotations are left out (nil: "the JSON report").
    public var fullReport: String?
    /// Annotations GitHub shows per level (error, warning, notice) in a step.
    public static let perLevel = 10

    public init(paths: ReportPaths = ReportPaths(), fullReport: String? = nil) {
        self.paths = paths
        self.fullReport = fullReport
    }

    private struct Annotation {
        var level: String
        var location: SourceLocation
        var title: String
        var lines: [String]
        var length = 0
    }

    /// An annotation to write if its level has room: built only then (a
    /// finding breaking 20,000 uses is 20,000 candidates, and ten are shown).
    private struct Candidate {
        enum Source {
            case ready(Annotation)
            /// A finding's cause (index in the findings by importance).
            case cause(Int)
            /// A use a finding breaks (finding index, use index).
            case use(Int, Int)
        }
        var level: String
        var source: Source

        /// An annotation already built: its level is the candidate's (one place says it).
        static func ready(_ a: Annotation) -> Candidate { Candidate(level: a.level, source: .ready(a)) }
    }

    public func render(_ report: Report) -> String {
        var candidates: [Candidate] = report.errors.map {
            Candidate.ready(Annotation(level: "error", location: $0.location, title: "wmdoctor: input could not be analysed", lines: [$0.message]))
        }
        // Suppressed and baselined findings get no annotation; the summary counts them.
        // Each cause first (with a baseline, only new ones), then the uses they
        // break (so a pull request that adds a step on a broken connection is
        // annotated on that step; with a baseline, only new uses).
        let findings = report.activeByImportance
        for (i, f) in findings.enumerated() where f.baseline != .updated {
            candidates.append(Candidate(level: level(f.severity), source: .cause(i)))
        }
        for (i, f) in findings.enumerated() {
            for (j, u) in f.affects.enumerated() where !f.isOwnUse(u) && u.baseline != .unchanged {
                candidates.append(Candidate(level: level(f.severity), source: .use(i, j)))
            }
        }
        func annotation(_ c: Candidate) -> Annotation {
            switch c.source {
            case .ready(let a): return a
            case .cause(let i):
                let f = findings[i]
                var lines = [f.message]
                if let fix = f.remediation { lines.append("hint: " + Prose.oneLine(fix)) }
                for r in f.related { lines.append("note: \(r.message) at \(r.location)") }
                return Annotation(level: c.level, location: f.location, title: "\(f.rule.id) \(f.rule.name)", lines: lines, length: f.location.length)
            case .use(let i, let j):
                let f = findings[i]
                let u = f.affects[j]
                var lines = [(f.baseline == .updated ? "newly affected: " : "") + u.message(for: f), "note: the cause is at \(f.location)"]
                if let fix = f.remediation { lines.append("hint: " + Prose.oneLine(fix)) }
                return Annotation(level: c.level, location: u.location, title: "\(f.rule.id) \(f.rule.name)", lines: lines)
            }
        }
        if let b = report.baseline, b.isStale {
            var lines: [String] = []
            if !b.stale.isEmpty { lines.append("\(b.stale.count) baseline entries match no finding any more") }
            if b.staleUses > 0 { lines.append("\(b.staleUses) recorded uses are no longer affected by their findings") }
            lines.append("rewrite the baseline to shrink it" + (b.strict ? " (--strict-baseline: this fails the check)" : ""))
            lines += b.stale.map(\.title)
            for f in report.findings where !f.staleUses.isEmpty {
                lines.append("stale uses of \(f.rule.id) on \(f.entity.qualifiedDisplayPath): " + f.staleUses.map(\.path).joined(separator: ", "))
            }
            // Under --strict-baseline it fails the check: an error, shown before the findings' annotations.
            let level = b.strict ? "error" : "notice"
            let stale = Candidate.ready(
                Annotation(level: level, location: SourceLocation(file: b.file, line: 0, column: 0), title: "wmdoctor: stale baseline", lines: lines))
            if b.strict { candidates.insert(stale, at: report.errors.count) } else { candidates.append(stale) }
        }
        // At most `perLevel` per level; one notice slot is kept for "N more" when some are left out.
        let total = Dictionary(grouping: candidates, by: \.level).mapValues(\.count)
        let overflow = ["error", "warning", "notice"].contains { (total[$0] ?? 0) > Self.perLevel }
        var shown: [String: Int] = [:]
        var left: [String: Int] = [:]
        var out = ""
        for a in candidates {
            let limit = a.level == "notice" && overflow ? Self.perLevel - 1 : Self.perLevel
            if shown[a.level, default: 0] < limit {
                shown[a.level, default: 0] += 1
                out += command(annotation(a))
            } else {
                left[a.level, default: 0] += 1
            }
        }
        if !left.isEmpty {
            let n = left.values.reduce(0, +)
            let parts = [("error", "errors"), ("warning", "warnings"), ("notice", "notices")].compactMap { level, word in
                left[level].map { "\($0) \($0 == 1 ? level : word)" }
            }
            out += command(Annotation(
                level: "notice", location: SourceLocation(file: "", line: 0, column: 0), title: "wmdoctor: \(n) more annotations",
                lines: ["GitHub shows \(Self.perLevel) annotations per level; \(n) more (\(parts.joined(separator: ", "))) are not annotated. The job summary and \(fullReport.map { "the JSON report \($0)" } ?? "the JSON report (--report json=FILE)") list every finding."]))
        }
        out += terminalSafe(report.summary.sentence) + "\n"
        return out
    }

    private func command(_ a: Annotation) -> String {
        var properties: [String] = []
        if !a.location.file.isEmpty { properties.append("file=" + GitHubReporter.property(paths.display(a.location.file))) }
        let l = a.location
        if l.line >= 1 {
            properties.append("line=\(l.line)")
            if l.column >= 1 {
                properties.append("col=\(l.column)")
                if a.length > 0 { properties.append("endColumn=\(l.column + a.length)") }
            }
        }
        properties.append("title=" + GitHubReporter.property(a.title))
        // Each line escaped (no export text keeps a line break), then joined by the line breaks the runner decodes.
        return "::\(a.level) \(properties.joined(separator: ","))::\(GitHubReporter.data(a.lines.map(ExportText.visible).joined(separator: "\n")))\n"
    }

    private func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    /// A command's message: `%`, CR and LF encoded, as the runner decodes
    /// them; other control and bidi characters escaped visibly (`\u{1B}`).
    public static func data(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c.value {
            case 0x25: out += "%25"
            case 0x0D: out += "%0D"
            case 0x0A: out += "%0A"
            default: ExportText.append(c, to: &out)
            }
        }
        return out
    }

    /// A property value: export text escaped visibly, then `%`, `:` and `,` encoded (they end it).
    public static func property(_ s: String) -> String {
        data(ExportText.visible(s)).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
