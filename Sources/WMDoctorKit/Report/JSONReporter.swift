/// The JSON report: the stable contract of docs/report-schema.json. Keys are
/// only ever added, at the end of their object.
public struct JSONReporter: Reporter, Sendable {
    /// Write the findings on all cores (the same bytes); false: on one thread, for tests.
    var parallel = true

    public init() {}

    public func render(_ report: Report) -> String {
        let sink = StringSink()
        write(report, to: sink)
        return sink.text
    }

    /// Streams the report: findings are written member by member (no `JSON`
    /// value built for them) and handed over in pieces, so a report of 50,000
    /// findings is never one tree nor one string.
    /// The bytes are those of serializing the whole object (pretty, two spaces).
    public func write(_ report: Report, to sink: any ReportSink) {
        var out = JSONStream(level: 0)
        out.openObject()
        func member(_ name: StaticString, _ value: JSON) {
            out.key(name)
            out.value(value)
        }
        /// Items handed over to the sink piece by piece.
        func array<T>(_ name: StaticString, _ items: [T], _ json: (T) -> JSON) {
            out.key(name)
            out.openArray()
            for item in items {
                out.element()
                out.value(json(item))
                sink.handOver(&out.out)
            }
            out.closeArray()
        }
        member("tool", .object([("name", .string(Tool.name)), ("version", .string(Tool.version))]))
        member("schema_version", .int(Tool.jsonSchemaVersion))
        member("now", .string(report.now.description))
        array("inputs", report.inputs, JSON.string)
        member("summary", summary(report))
        out.key("findings")
        out.openArray()
        // Findings are most of a large report: written on all cores, a window
        // at a time, each thread's part handed over as it is joined.
        let findings = report.findings
        let elements = out.continuation()
        var next = 0
        while next < findings.count {
            let (window, end) = (next, Self.windowEnd(findings, from: next))
            next = end
            let parts = parallelMap(workRanges(end - window, workers: parallel ? processorCount : 1, minimum: 256)) { r in
                var part = elements.after(window + r.lowerBound)
                // Each finding read where it lies: iterating a slice, or taking
                // `findings[i]`, copied each (a reference counted on its every text).
                findings.withUnsafeBufferPointer { all in
                    for i in (window + r.lowerBound)..<(window + r.upperBound) {
                        part.element()
                        finding(all[i], into: &part)
                    }
                }
                return (part.out, r.count)
            }
            for (bytes, n) in parts {
                // Each thread's part goes to the sink as it is, after what
                // `out` holds: copied into `out` first, a window's
                // megabytes were held twice.
                if !out.out.isEmpty {
                    sink.write(utf8: out.out)
                    out.out.removeAll(keepingCapacity: true)
                }
                sink.write(utf8: bytes)
                out.joined(elements: n)
            }
        }
        out.closeArray()
        array("errors", report.errors, error)
        array("rules", report.rules, rule)
        array("stale_baseline", report.baseline?.stale ?? [], Baseline.json)
        if let fixes = report.fixes { array("fixes", fixes, fix) }
        if !report.skipped.isEmpty { array("skipped", report.skipped, skippedFile) }
        out.closeObject()
        out.out.append(0x0A)
        sink.write(utf8: out.out)
    }

    /// One `--rank` fix.
    func fix(_ f: Fix) -> JSON {
        .object([
            ("action", .string(f.action)), ("target", .string(f.target)), ("workspace", .string(f.workspace)),
            ("connection", .string(f.connection)), ("category", .string(f.category.rawValue)),
            ("findings", .int(f.findings)), ("rules", .array(f.rules.map(JSON.string))),
            ("steps", .int(f.steps)), ("workflows", .int(f.workflows)), ("text", .string(f.text)),
        ])
    }

    func summary(_ report: Report) -> JSON {
        .object([
            ("error", .int(report.count(.error))),
            ("warning", .int(report.count(.warning))),
            ("info", .int(report.count(.info))),
            ("findings", .int(report.findings.count)),
            ("errors", .int(report.errors.count)),
            ("files", .int(report.inputs.count)),
            ("skipped_files", .int(report.skipped.count)),
            ("workspaces", .int(report.workspaces.count)),
            ("baselined", .int(report.baselinedCount)),
            ("suppressed", .int(report.suppressedCount)),
            ("stale_baseline", .int(report.baseline?.stale.count ?? 0)),
            ("updated", .int(report.countFindings { at in
                let g = Finding.gate(at: at)
                return !g.suppressed && g.baseline == .updated
            })),
            ("stale_uses", .int(report.baseline?.staleUses ?? 0)),
        ])
    }

    /// A file a folder walk passed over: its path, the reason's key and the reason in words.
    func skippedFile(_ s: SkippedFile) -> JSON {
        .object([("file", .string(s.path)), ("reason", .string(s.key)), ("message", .string(s.why))])
    }

    /// Findings written at a time (on all cores): bounds the text held.
    static let findingsWindow = 1024

    /// What a window may weigh: a finding weighs 4 and each use it affects
    /// 1 (about 1,200 and 300 bytes of JSON), so a window of findings that
    /// affect one use each holds `findingsWindow` of them.
    static let windowWeight = 5 * findingsWindow

    /// Where the window that starts at `start` ends: after `findingsWindow`
    /// findings, or sooner when their affected uses would pass
    /// ``windowWeight`` (a connection's finding may list thousands: at
    /// dense 100 MB the first window, the connections', held 2.6 MiB more
    /// than the others and set the check's peak). Always one finding at least.
    static func windowEnd(_ findings: [Finding], from start: Int) -> Int {
        var end = start, weight = 0
        while end < findings.count, end - start < findingsWindow {
            weight += 4 + findings[end].affects.count
            if weight > windowWeight, end > start { break }
            end += 1
        }
        return end
    }

    /// A location as a `JSON` value (other reports' trees): written by ``location(_:into:)``.
    func location(_ l: SourceLocation) -> JSON { .stream { location(l, into: &$0) } }

    /// An entity as a `JSON` value (baselines' trees): written by ``entity(_:into:)``.
    func entity(_ e: EntityRef) -> JSON { .stream { entity(e, into: &$0) } }

    /// One finding, written member by member (the largest part of a large report).
    func finding(_ f: Finding, into s: inout JSONStream) {
        s.openObject()
        s.member("rule", f.rule.id)
        s.member("rule_name", f.rule.name)
        s.member("category", f.category.rawValue)
        s.member("severity", f.severity.rawValue)
        s.member("message", f.message)
        s.key("location")
        location(f.location, into: &s)
        s.key("entity")
        entity(f.entity, into: &s)
        s.key("related")
        s.openArray()
        for r in f.related {
            s.element()
            s.openObject()
            s.member("message", r.message)
            s.key("location")
            location(r.location, into: &s)
            s.closeObject()
        }
        s.closeArray()
        s.member("remediation", f.remediation)
        s.member("fingerprint", f.fingerprint)
        s.key("impact")
        if let i = f.impact {
            s.openObject()
            s.member("steps", i.steps)
            s.member("triggers", i.triggers)
            s.member("workflows", i.workflows)
            s.closeObject()
        } else {
            s.null()
        }
        s.member("baseline", f.baseline?.rawValue)
        s.key("suppressed")
        if let x = f.suppression {
            s.openObject()
            s.member("reason", x.reason)
            s.member("until", x.until)
            s.closeObject()
        } else {
            s.null()
        }
        s.key("affects")
        s.openArray()
        for u in f.affects {
            s.element()
            use(u, into: &s)
        }
        s.closeArray()
        s.key("stale_uses")
        s.openArray()
        for u in f.staleUses {
            s.element()
            s.value(Baseline.json(u))
        }
        s.closeArray()
        // Only for a finding whose uses are at risk rather than broken, and
        // last: keys are only ever added at the end of their object.
        if f.affectsMeaning == .risks { s.member("affects_mean", f.affectsMeaning.rawValue) }
        s.closeObject()
    }

    func location(_ l: SourceLocation, into s: inout JSONStream) {
        s.openObject()
        s.member("file", l.file)
        s.member("line", l.line)
        s.member("column", l.column)
        s.closeObject()
    }

    /// An entity: kind and workspace, then the ids that apply.
    func entity(_ e: EntityRef, into s: inout JSONStream) {
        s.openObject()
        s.member("kind", e.kind.rawValue)
        s.member("workspace", e.workspace)
        if let v = e.workflow { s.member("workflow", v) }
        if let v = e.step { s.member("step", v) }
        if let v = e.app { s.member("app", v) }
        if let v = e.connection { s.member("connection", v) }
        s.closeObject()
    }

    /// One use a finding breaks.
    func use(_ u: AffectedUse, into s: inout JSONStream) {
        s.openObject()
        s.member("kind", u.kind.rawValue)
        s.member("workspace", u.workspace)
        s.member("workflow", u.workflow)
        s.member("workflow_name", u.workflowName)
        if let step = u.step {
            s.member("step", step)
            s.member("step_name", u.stepName)
        }
        s.member("via", u.method.rawValue)
        s.member("connection", u.connection)
        s.key("enabled")
        s.bool(u.enabled)
        s.key("location")
        location(u.location, into: &s)
        s.member("baseline", u.baseline?.rawValue)
        // Only when true, and last: keys are only ever added at the end of their object.
        if u.undetermined {
            s.key("undetermined")
            s.bool(true)
        }
        s.closeObject()
    }

    /// A rule's metadata: what `explain` and SARIF's rules say.
    func rule(_ r: RuleDescriptor) -> JSON {
        .object([
            ("id", .string(r.id.id)),
            ("name", .string(r.id.name)),
            ("category", .string(r.category.rawValue)),
            ("default_severity", .string(r.defaultSeverity.rawValue)),
            ("summary", .string(r.summary)),
            ("description", .string(r.description)),
            ("remediation", .string(r.remediation)),
            ("tags", .array(r.tags.map(JSON.string))),
        ])
    }

    func error(_ e: InputError) -> JSON {
        .object([
            ("file", .string(e.location.file)), ("line", .int(e.location.line)), ("column", .int(e.location.column)),
            ("message", .string(e.message)),
        ])
    }
}
