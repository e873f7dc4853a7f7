/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: every rule of
/// the run (help as Markdown, `security-severity` on secret-exposure rules),
/// results with repository-relative locations (`%SRCROOT%`), regions with end
/// line and column, entity logical locations, related locations linked from
/// the message, and a stable partial fingerprint. One result per finding at
/// its cause and one per use it breaks, most severe and most uses broken
/// first, one line each; at most `maxResults` and `maxBytes` (GitHub rejects a
/// run over 25,000 results or 10 MB gzipped): the run says how many were left
/// out, in a tool execution notification and in its properties.
public struct SARIFReporter: Reporter {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The key of `partialFingerprints`; a new version only if fingerprints change meaning.
    public static let fingerprintKey = "wmdoctor/v2"
    /// GitHub code scanning rejects a run with more results.
    public static let maxResults = 25_000
    /// GitHub code scanning rejects a file over 10 MB gzipped. The file is kept
    /// under this many bytes before compression, which gzip never grows by
    /// more than 0.1 %: under 10 MB gzipped whatever the text.
    public static let maxBytes = 9_900_000

    public var paths: ReportPaths
    /// Where the full list is when results are left out (nil: "the JSON report").
    public var fullReport: String?
    /// The limits (tests lower them).
    public var maxResults = SARIFReporter.maxResults
    public var maxBytes = SARIFReporter.maxBytes

    public init(paths: ReportPaths = ReportPaths(), fullReport: String? = nil) {
        self.paths = paths
        self.fullReport = fullReport
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
        let head: [(String, JSON)] = [("tool", .object([("driver", driver)]))]
        let tail: [(String, JSON)] = [
            ("originalUriBaseIds", .object([("%SRCROOT%", .object([("uri", .string(paths.rootURI))]))])),
            ("columnKind", .string("unicodeCodePoints")),
        ]
        // Most severe and most uses broken first (those that count before
        // suppressed and baselined ones), a cause before the uses it breaks;
        // taken while the run stays within GitHub's limits.
        var total = 0
        for f in report.findings { total += 1 + f.affects.lazy.filter { !f.isOwnUse($0) }.count }
        // What is not a result, pretty-printed: at most twice its compact size (the indentation).
        var fixed = 4_096  // the note on what was left out, the run's properties
        for (key, value) in head + tail + [("invocations", .array([invocation(report, leftOut: 0, total: total)]))] {
            fixed += key.utf8.count + 2 * value.serialized(pretty: false).utf8.count
        }
        var budget = maxBytes - fixed
        var kept: [String] = []
        taking: for f in report.allByImportance {
            for r in results(f, ruleIndex: index[f.rule.id]) {
                // One line per result: a third of the pretty size, so more results fit.
                var text = ""
                r.write(to: &text, indent: -1)
                let size = text.utf8.count + 10
                guard kept.count < maxResults, size <= budget else { break taking }
                budget -= size
                kept.append(text)
            }
        }
        let leftOut = total - kept.count
        var out = "{\n  \"$schema\": \"\(SARIFReporter.schemaURI)\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {"
        func member(_ key: String, _ value: JSON, first: Bool = false) {
            out += first ? "\n      " : ",\n      "
            JSON.escape(key, into: &out)
            out += ": "
            value.write(to: &out, indent: 3)
        }
        member("tool", .object([("driver", driver)]), first: true)
        member("invocations", .array([invocation(report, leftOut: leftOut, total: total)]))
        for (key, value) in tail { member(key, value) }
        out += ",\n      \"results\": ["
        out += kept.isEmpty ? "]" : kept.map { "\n        " + $0 }.joined(separator: ",") + "\n      ]"
        if leftOut > 0 {
            member("properties", .object([
                ("wmdoctor/resultsLeftOut", .int(leftOut)), ("wmdoctor/resultsTotal", .int(total)),
                ("wmdoctor/fullReport", .string(fullReport ?? "the JSON report (wmdoctor check --report json=FILE)")),
            ]))
        }
        out += "\n    }\n  ]\n}\n"
        return out
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
        var properties: [(String, JSON)] = [("category", .string(r.category.rawValue))]
        if r.category == .secretExposure {
            // GitHub reads a security severity (0.1-10) on rules tagged `security`.
            if !tags.contains("security") { tags.append("security") }
            properties.append(("security-severity", .string(securitySeverity(r.defaultSeverity))))
        }
        properties.append(("tags", .array(tags.map(JSON.string))))
        return .object([
            ("id", .string(r.id.id)),
            ("name", .string(r.id.name)),
            ("shortDescription", .object([("text", .string(r.summary))])),
            ("fullDescription", .object([("text", .string(r.description))])),
            ("help", .object([("text", .string(text)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level(r.defaultSeverity)))])),
            ("properties", .object(properties)),
        ])
    }

    /// A leaked credential is high (7-8.9) when it is an error, medium or low otherwise.
    private func securitySeverity(_ s: Severity) -> String {
        switch s {
        case .error: return "8.0"
        case .warning: return "5.5"
        case .info: return "3.0"
        }
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
        // When the export does not determine the use's connection, the one shown is not named.
        let through = u.undetermined ? " (\(u.via))" : (u.connection.map { " through connection \(quoted($0)) (\(u.via))" } ?? "")
        members += [
            ("level", .string(level(f.severity))),
            ("message", .object([("text", .string(SARIFReporter.text("\(what)\(through) \(f.verb(for: u)) ") + "[its cause](1): " + SARIFReporter.text(AffectedUse.cause(f))))])),
            ("locations", .array([.object(location)])),
            ("relatedLocations", .array([.object([("id", .int(1))] + physical(f.location) + [("message", .object([("text", .string("the cause: \(f.entity.displayPath)"))]))])])),
            ("partialFingerprints", .object([(SARIFReporter.fingerprintKey, .string(Fingerprint.hash(f.fingerprint + "\u{1F}" + u.key.path)))])),
        ]
        if let state = u.baseline { members.append(("baselineState", .string(state.rawValue))) }
        if let s = f.suppression { members.append(("suppressions", suppressions(s))) }
        let properties: [(String, JSON)] = [
            ("category", .string(f.category.rawValue)), ("entity", .string(entity.qualifiedDisplayPath)),
            ("cause", .string(f.entity.qualifiedDisplayPath)), ("causeFingerprint", .string(f.fingerprint)),
        ]
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
            ("message", .object([("text", .string(message(f)))])),
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

    /// A cause's message, linking each related location (`[first definition](1)`).
    private func message(_ f: Finding) -> String {
        guard !f.related.isEmpty else { return SARIFReporter.text(f.message) }
        let links = f.related.enumerated().map { n, r in "[\(SARIFReporter.text(r.message))](\(n + 1))" }
        return SARIFReporter.text(f.message) + " (see " + links.joined(separator: ", ") + ")"
    }

    /// Plain text in a SARIF message that has embedded links: `\\`, `[` and `]` escaped.
    static func text(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "\\") }) else { return s }
        var out = ""
        for c in s.unicodeScalars {
            if c == "[" || c == "]" || c == "\\" { out += "\\" }
            out.unicodeScalars.append(c)
        }
        return out
    }

    private func invocation(_ report: Report, leftOut: Int, total: Int) -> JSON {
        var notes: [JSON] = report.errors.map { e in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string(e.message))])),
                ("locations", .array([.object(physical(e.location))])),
                ("descriptor", .object([("id", .string("input-error"))])),
            ])
        }
        if leftOut > 0 {
            let full = fullReport.map { "the JSON report \($0)" } ?? "the JSON report (wmdoctor check --report json=FILE)"
            notes.append(.object([
                ("level", .string("warning")),
                ("message", .object([("text", .string(
                    "\(leftOut) of \(total) results are left out: GitHub code scanning accepts at most \(maxResults) results per run and 10 MB gzipped. The most severe, breaking the most uses, are kept; \(full) lists every finding."))])),
                ("descriptor", .object([("id", .string("results-left-out"))])),
            ]))
        }
        return .object([
            ("executionSuccessful", .bool(report.errors.isEmpty)),
            ("toolExecutionNotifications", .array(notes)),
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
            var region: [(String, JSON)] = [("startLine", .int(l.line)), ("startColumn", .int(column)), ("endLine", .int(l.line))]
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
