/// The JSON report: the stable contract of docs/report-schema.json. Keys are
/// only ever added, at the end of their object.
public struct JSONReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        JSON.object([
            ("tool", .object([("name", .string(Tool.name)), ("version", .string(Tool.version))])),
            ("schema_version", .int(Tool.jsonSchemaVersion)),
            ("now", .string(report.now.description)),
            ("inputs", .array(report.inputs.map(JSON.string))),
            ("summary", summary(report)),
            ("findings", .array(report.findings.map(finding))),
            ("errors", .array(report.errors.map(error))),
            ("rules", .array(report.rules.map(rule))),
        ]).serialized()
    }

    private func summary(_ report: Report) -> JSON {
        .object([
            ("error", .int(report.count(.error))),
            ("warning", .int(report.count(.warning))),
            ("info", .int(report.count(.info))),
            ("findings", .int(report.findings.count)),
            ("errors", .int(report.errors.count)),
            ("files", .int(report.inputs.count)),
            ("skipped_files", .int(report.skipped.count)),
            ("workspaces", .int(report.workspaces.count)),
        ])
    }

    func location(_ l: SourceLocation) -> JSON {
        .object([("file", .string(l.file)), ("line", .int(l.line)), ("column", .int(l.column))])
    }

    func finding(_ f: Finding) -> JSON {
        var entity: [(String, JSON)] = [("kind", .string(f.entity.kind.rawValue)), ("workspace", .string(f.entity.workspace))]
        if let v = f.entity.workflow { entity.append(("workflow", .string(v))) }
        if let v = f.entity.step { entity.append(("step", .string(v))) }
        if let v = f.entity.app { entity.append(("app", .string(v))) }
        if let v = f.entity.connection { entity.append(("connection", .string(v))) }
        return .object([
            ("rule", .string(f.rule.id)),
            ("rule_name", .string(f.rule.name)),
            ("category", .string(f.category.rawValue)),
            ("severity", .string(f.severity.rawValue)),
            ("message", .string(f.message)),
            ("location", location(f.location)),
            ("entity", .object(entity)),
            ("related", .array(f.related.map { .object([("message", .string($0.message)), ("location", location($0.location))]) })),
            ("remediation", .string(f.remediation)),
            ("fingerprint", .string(f.fingerprint)),
        ])
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
