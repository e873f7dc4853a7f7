/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: every rule of
/// the run, results with repository-relative locations (`%SRCROOT%`), entity
/// logical locations, related locations and a stable partial fingerprint.
public struct SARIFReporter: Reporter {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The key of `partialFingerprints`; a new version only if fingerprints change meaning.
    public static let fingerprintKey = "wmdoctor/v2"

    public var paths: ReportPaths

    public init(paths: ReportPaths = ReportPaths()) {
        self.paths = paths
    }

    public func render(_ report: Report) -> String {
        let rules = driverRules(report)
        let index = Dictionary(rules.enumerated().map { ($1.id.id, $0) }, uniquingKeysWith: { a, _ in a })
        let driver: JSON = .object([
            ("name", .string(Tool.name)),
            ("version", .string(Tool.version)),
            ("semanticVersion", .string(Tool.version)),
            ("informationUri", .string(Tool.informationURI)),
            ("rules", .array(rules.map(rule))),
        ])
        let run: JSON = .object([
            ("tool", .object([("driver", driver)])),
            ("invocations", .array([invocation(report)])),
            ("originalUriBaseIds", .object([("%SRCROOT%", .object([("uri", .string(paths.rootURI))]))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(report.findings.flatMap { results($0, ruleIndex: index[$0.rule.id]) })),
        ])
        return JSON.object([
            ("$schema", .string(SARIFReporter.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]).serialized()
    }

    /// `report.rules`, plus any rule a finding names that is not among them.
    private func driverRules(_ report: Report) -> [RuleDescriptor] {
        var rules = report.rules
        for f in report.findings where !rules.contains(where: { $0.id.id == f.rule.id }) {
            rules.append(RuleDescriptor(
                id: f.rule, category: f.category, defaultSeverity: f.severity, summary: f.rule.name,
                description: f.rule.name, remediation: nil, tags: []))
        }
        return rules
    }

    private func rule(_ r: RuleDescriptor) -> JSON {
        var text = r.description
        var markdown = "**\(r.summary)**\n\n\(r.description)"
        if let fix = r.remediation {
            text += "\n\nRemediation: \(fix)"
            markdown += "\n\n**Remediation:** \(fix)"
        }
        var tags = [r.category.rawValue]
        for t in r.tags where !tags.contains(t) { tags.append(t) }
        return .object([
            ("id", .string(r.id.id)),
            ("name", .string(r.id.name)),
            ("shortDescription", .object([("text", .string(r.summary))])),
            ("fullDescription", .object([("text", .string(r.description))])),
            ("help", .object([("text", .string(text)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(r.defaultSeverity)))])),
            ("properties", .object([("category", .string(r.category.rawValue)), ("tags", .array(tags.map(JSON.string)))])),
        ])
    }

    /// A finding's results: one at its cause, and one at each use it breaks
    /// (unless the cause is that use), so a pull request that adds a step
    /// using a broken connection is annotated on the new step's line.
    private func results(_ f: Finding, ruleIndex: Int?) -> [JSON] {
        var out = [result(f, ruleIndex: ruleIndex)]
        for u in f.affects where !f.isOwnUse(u) { out.append(result(u, of: f, ruleIndex: ruleIndex)) }
        return out
    }

    /// The result at one use: the cause is its related location, linked from the message.
    private func result(_ u: AffectedUse, of f: Finding, ruleIndex: Int?) -> JSON {
        var members: [(String, JSON)] = [("ruleId", .string(f.rule.id))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        var location = physical(u.location)
        let entity = EntityRef(kind: u.kind, workspace: u.workspace, workflow: u.workflow, step: u.step, connection: u.connection)
        if !entity.qualifiedName.isEmpty {
            location.append(("logicalLocations", .array([.object([
                ("name", .string(entity.shortName)), ("fullyQualifiedName", .string(entity.qualifiedName)),
                ("kind", .string(u.kind.rawValue)),
            ])])))
        }
        let what = u.step.map { "step \(quoted($0)) of workflow \(quoted(u.workflow))" } ?? "the trigger of workflow \(quoted(u.workflow))"
        let through = u.connection.map { " through connection \(quoted($0)) (\(u.via))" } ?? ""
        members += [
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string("\(what)\(through) is broken by [its cause](1): \(f.message)"))])),
            ("locations", .array([.object(location)])),
            ("relatedLocations", .array([.object([("id", .int(1))] + physical(f.location) + [("message", .object([("text", .string("the cause: \(f.entity.displayPath)"))]))])])),
            ("partialFingerprints", .object([(SARIFReporter.fingerprintKey, .string(Fingerprint.hash(f.fingerprint + "\u{1F}" + u.key.path)))])),
        ]
        if let state = u.baseline { members.append(("baselineState", .string(state.rawValue))) }
        if let s = f.suppression { members.append(("suppressions", suppressions(s))) }
        var properties: [(String, JSON)] = [
            ("category", .string(f.category.rawValue)), ("entity", .string(entity.qualifiedDisplayPath)),
            ("cause", .string(f.entity.qualifiedDisplayPath)), ("causeFingerprint", .string(f.fingerprint)),
        ]
        if let fix = f.remediation { properties.append(("remediation", .string(fix))) }
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    private func suppressions(_ s: AppliedSuppression) -> JSON {
        let justification = s.until.map { "\(s.reason) (until \($0))" } ?? s.reason
        return .array([.object([
            ("kind", .string("external")), ("status", .string("accepted")), ("justification", .string(justification)),
            ("locations", .array([.object(physical(s.location))])),
        ])])
    }

    private func result(_ f: Finding, ruleIndex: Int?) -> JSON {
        var members: [(String, JSON)] = [("ruleId", .string(f.rule.id))]
        if let ruleIndex { members.append(("ruleIndex", .int(ruleIndex))) }
        var location = physical(f.location)
        let name = f.entity.qualifiedName
        if !name.isEmpty {
            location.append(("logicalLocations", .array([.object([
                ("name", .string(f.entity.shortName)), ("fullyQualifiedName", .string(name)),
                ("kind", .string(f.entity.kind.rawValue)),
            ])])))
        }
        members += [
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string(f.message))])),
            ("locations", .array([.object(location)])),
        ]
        if !f.related.isEmpty {
            members.append(("relatedLocations", .array(f.related.enumerated().map { n, r in
                .object([("id", .int(n + 1))] + physical(r.location) + [("message", .object([("text", .string(r.message))]))])
            })))
        }
        members.append(("partialFingerprints", .object([(SARIFReporter.fingerprintKey, .string(f.fingerprint))])))
        if let state = f.baseline { members.append(("baselineState", .string(state.rawValue))) }
        if let s = f.suppression { members.append(("suppressions", suppressions(s))) }
        var properties: [(String, JSON)] = [("category", .string(f.category.rawValue)), ("entity", .string(f.entity.qualifiedDisplayPath))]
        if let fix = f.remediation { properties.append(("remediation", .string(fix))) }
        if let i = f.impact {
            properties.append(("impact", .object([("steps", .int(i.steps)), ("triggers", .int(i.triggers)), ("workflows", .int(i.workflows))])))
        }
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    private func invocation(_ report: Report) -> JSON {
        .object([
            ("executionSuccessful", .bool(report.errors.isEmpty)),
            ("toolExecutionNotifications", .array(report.errors.map { e in
                .object([
                    ("level", .string("error")),
                    ("message", .object([("text", .string(e.message))])),
                    ("locations", .array([.object(physical(e.location))])),
                    ("descriptor", .object([("id", .string("input-error"))])),
                ])
            })),
        ])
    }

    /// `physicalLocation` member: the file relative to `%SRCROOT%` (absolute
    /// `file://` outside it) and a region when the line is known.
    private func physical(_ l: SourceLocation) -> [(String, JSON)] {
        let artifact: JSON
        if let relative = paths.relative(l.file) {
            artifact = .object([("uri", .string(ReportPaths.percentEncode(relative))), ("uriBaseId", .string("%SRCROOT%"))])
        } else {
            artifact = .object([("uri", .string("file://" + ReportPaths.percentEncode(paths.absolute(l.file))))])
        }
        var members: [(String, JSON)] = [("artifactLocation", artifact)]
        if l.line >= 1 {
            let column = max(1, l.column)
            var region: [(String, JSON)] = [("startLine", .int(l.line)), ("startColumn", .int(column))]
            if l.length > 0 { region.append(("endColumn", .int(column + l.length))) }
            members.append(("region", .object(region)))
        }
        return [("physicalLocation", .object(members))]
    }

    private func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }
}
