/// The JSON report: the stable contract of docs/report-schema.json. Keys are
/// only ever added, at the end of their object.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        let sink = StringSink()
        write(report, to: sink)
        return sink.text
    }

    /// Streams the report: each finding is built as a small JSON value and
    /// written at once, so a report of 50,000 findings is never one tree.
    /// The bytes are those of serializing the whole object (pretty, two spaces).
    public func write(_ report: Report, to sink: any ReportSink) {
        var out = "{"
        var members = 0
        func key(_ name: String) {
            out += members == 0 ? "\n  " : ",\n  "
            members += 1
            JSON.escape(name, into: &out)
            out += ": "
        }
        func member(_ name: String, _ value: JSON) {
            key(name)
            value.write(to: &out, indent: 1)
        }
        func array<T>(_ name: String, _ items: [T], _ json: (T) -> JSON) {
            key(name)
            guard !items.isEmpty else { return out += "[]" }
            out += "["
            for (n, item) in items.enumerated() {
                out += n == 0 ? "\n    " : ",\n    "
                json(item).write(to: &out, indent: 2)
                sink.handOver(&out)
            }
            out += "\n  ]"
        }
        member("tool", .object([("name", .string(Tool.name)), ("version", .string(Tool.version))]))
        member("schema_version", .int(Tool.jsonSchemaVersion))
        member("now", .string(report.now.description))
        array("inputs", report.inputs, JSON.string)
        member("summary", summary(report))
        array("findings", report.findings, finding)
        array("errors", report.errors, error)
        array("rules", report.rules, rule)
        array("stale_baseline", report.baseline?.stale ?? [], Baseline.json)
        if let fixes = report.fixes { array("fixes", fixes, fix) }
        if !report.skipped.isEmpty { array("skipped", report.skipped, skippedFile) }
        out += "\n}\n"
        sink.write(out)
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
            ("updated", .int(report.findings.lazy.filter { $0.baseline == .updated && $0.suppression == nil }.count)),
            ("stale_uses", .int(report.baseline?.staleUses ?? 0)),
        ])
    }

    /// A file a folder walk passed over: its path, the reason's key and the reason in words.
    func skippedFile(_ s: SkippedFile) -> JSON {
        .object([("file", .string(s.path)), ("reason", .string(s.key)), ("message", .string(s.why))])
    }

    func location(_ l: SourceLocation) -> JSON {
        .object([("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
    }

    /// An entity: kind and workspace, then the ids that apply.
    func entity(_ e: EntityRef) -> JSON {
        var entity: [(String, JSON)] = [("kind", .string(e.kind.rawValue)), ("workspace", .string(e.workspace))]
        if let v = e.workflow { entity.append(("workflow", .string(v))) }
        if let v = e.step { entity.append(("step", .string(v))) }
        if let v = e.app { entity.append(("app", .string(v))) }
        if let v = e.connection { entity.append(("connection", .string(v))) }
        return .object(entity)
    }

    func finding(_ f: Finding) -> JSON {
        .object([
            ("rule", .string(f.rule.id)),
            ("rule_name", .string(f.rule.name)),
            ("category", .string(f.category.rawValue)),
            ("severity", .string(f.severity.rawValue)),
            ("message", .string(f.message)),
            ("location", location(f.location)),
            ("entity", entity(f.entity)),
            ("related", .array(f.related.map { .object([("message", .string($0.message)), ("location", location($0.location))]) })),
            ("remediation", .string(f.remediation)),
            ("fingerprint", .string(f.fingerprint)),
            ("impact", f.impact.map { i in .object([("steps", .int(i.steps)), ("triggers", .int(i.triggers)), ("workflows", .int(i.workflows))]) } ?? .null),
            ("baseline", .string(f.baseline?.rawValue)),
            ("suppressed", f.suppression.map { s in .object([("reason", .string(s.reason)), ("until", .string(s.until))]) } ?? .null),
            ("affects", .array(f.affects.map(use))),
            ("stale_uses", .array(f.staleUses.map(Baseline.json))),
        ])
    }

    /// One use a finding breaks.
    func use(_ u: AffectedUse) -> JSON {
        var members: [(String, JSON)] = [
            ("kind", .string(u.kind.rawValue)), ("workspace", .string(u.workspace)), ("workflow", .string(u.workflow)),
            ("workflow_name", .string(u.workflowName)),
        ]
        if let step = u.step { members += [("step", .string(step)), ("step_name", .string(u.stepName))] }
        members += [
            ("via", .string(u.method.rawValue)), ("connection", .string(u.connection)), ("enabled", .bool(u.enabled)),
            ("location", location(u.location)), ("baseline", .string(u.baseline?.rawValue)),
        ]
        return .object(members)
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
