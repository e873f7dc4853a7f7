/// JUnit XML (the Ant schema that CI servers read): one `testsuite` per input
/// file, one `testcase` per (rule, entity) evaluated, passes included.
/// Findings at or above `failOn` fail their test case; others are noted in the
/// suite's `system-out` (the schema has no per-case output). Inputs that could
/// not be analysed are test cases with an `error`. No clock, no host: the
/// timestamp is the report's `now` and the host name is fixed.
public struct JUnitReporter: Reporter {
    public var failOn: Severity?

    public init(failOn: Severity? = .error) {
        self.failOn = failOn
    }

    public func render(_ report: Report) -> String {
        let sink = StringSink()
        write(report, to: sink)
        return sink.text
    }

    /// Streams the document a test case at a time (one per evaluation: millions
    /// for a large export), with the bytes of serializing the whole tree.
    public func write(_ report: Report, to sink: any ReportSink) {
        var cases: [String: [Case]] = [:]
        var byKey: [EvaluationKey: [Finding]] = [:]
        for f in report.findings { byKey[EvaluationKey(rule: f.rule.id, entity: f.entity), default: []].append(f) }
        for e in report.effectiveEvaluations {
            let findings = byKey[EvaluationKey(rule: e.rule.id, entity: e.entity)] ?? []
            cases[e.location.file, default: []].append(Case(evaluation: e, findings: findings))
        }
        var files = Set(report.inputs).union(cases.keys)
        for e in report.errors { files.insert(e.location.file) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        guard !files.isEmpty else {
            XMLNode("testsuites").write(to: &out, indent: 0)
            return sink.write(out)
        }
        out += "<testsuites>\n"
        for (n, file) in files.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            suite(file, id: n, cases: cases.removeValue(forKey: file) ?? [], errors: report.errors.filter { $0.location.file == file }, report, &out, sink)
        }
        out += "</testsuites>\n"
        sink.write(out)
    }

    private struct Case {
        var evaluation: Evaluation
        var findings: [Finding]
    }

    /// Writes one `testsuite`: its counts first (they are attributes), then its test cases as they are made.
    private func suite(_ file: String, id: Int, cases: [Case], errors: [InputError], _ report: Report, _ out: inout String, _ sink: any ReportSink) {
        // Each case's name is made once (not in every comparison of the sort).
        let sorted = cases.map { (c: $0, name: name($0)) }.sorted {
            $0.c.evaluation.location != $1.c.evaluation.location ? $0.c.evaluation.location < $1.c.evaluation.location : $0.name < $1.name
        }
        // First pass: what the suite's attributes and system-out say.
        var failures = 0
        var skipped = 0
        var notes: [String] = []
        for (c, _) in sorted {
            // Baselined findings never fail (they are noted); suppressed ones skip
            // their test case unless another finding fails it.
            notes += c.findings.filter { $0.suppression == nil && !(fails($0) && Report.isActive($0)) }
                .map { "\($0.severity.rawValue): \($0.location): \($0.message) [\($0.rule.id) \($0.rule.name)]\($0.baseline == .unchanged ? " (baselined)" : "")" }
            if c.findings.contains(where: { fails($0) && Report.isActive($0) }) {
                failures += 1
            } else if c.findings.contains(where: { $0.suppression != nil }) {
                skipped += 1
            }
        }
        let attributes = [
            ("name", collapse(file.isEmpty ? "(no file)" : file)), ("package", "wmdoctor"), ("id", String(id)),
            ("timestamp", String(report.now.description.prefix(19))), ("hostname", "localhost"),
            ("tests", String(errors.count + sorted.count)), ("failures", String(failures)), ("errors", String(errors.count)),
            ("skipped", String(skipped)), ("time", "0"),
        ]
        out += "  <testsuite"
        for (key, value) in attributes { out += " \(key)=\"\(XML.attribute(value))\"" }
        out += ">\n"
        XMLNode("properties", children: [
            XMLNode("property", [("name", "wmdoctor.version"), ("value", Tool.version)]),
            XMLNode("property", [("name", "wmdoctor.now"), ("value", report.now.description)]),
            XMLNode("property", [("name", "wmdoctor.fail-on"), ("value", failOn?.rawValue ?? "never")]),
        ]).write(to: &out, indent: 2)
        // Second pass: the test cases, written as they are made.
        var names: Set<String> = []
        for e in errors {
            let name = unique(collapse("input-error: \(file)"), &names)
            let error = XMLNode("error", [("type", "input-error"), ("message", e.message)], text: "\(e.message)\nlocation: \(e.location)")
            testcase(name, classname: "wmdoctor.input", e.location, children: [error]).write(to: &out, indent: 2)
        }
        for (c, caseName) in sorted {
            let failing = c.findings.filter { fails($0) && Report.isActive($0) }
            let suppressed = c.findings.filter { $0.suppression != nil }
            var children: [XMLNode] = []
            if let first = failing.first {
                let message = failing.count == 1 ? first.message : "\(first.message) (and \(failing.count - 1) more)"
                let body = failing.map(describe).joined(separator: "\n\n")
                children.append(XMLNode("failure", [("type", first.rule.id), ("message", message)], text: body))
            } else if let s = suppressed.first?.suppression {
                let until = s.until.map { " (until \($0))" } ?? ""
                children.append(XMLNode("skipped", [("message", "suppressed: \(s.reason)\(until)")]))
            }
            let location = c.findings.first?.location ?? c.evaluation.location
            testcase(unique(caseName, &names), classname: "wmdoctor.\(c.evaluation.rule.name)", location, children: children).write(to: &out, indent: 2)
            sink.handOver(&out)
        }
        XMLNode("system-out", text: notes.isEmpty ? "" : notes.joined(separator: "\n") + "\n").write(to: &out, indent: 2)
        XMLNode("system-err").write(to: &out, indent: 2)
        out += "  </testsuite>\n"
    }

    private func testcase(_ name: String, classname: String, _ l: SourceLocation, children: [XMLNode]) -> XMLNode {
        var attributes = [("name", name), ("classname", collapse(classname)), ("time", "0"), ("file", l.file)]
        if l.line >= 1 { attributes.append(("line", String(l.line))) }
        return XMLNode("testcase", attributes, children: children)
    }

    private func fails(_ f: Finding) -> Bool { failOn.map { f.severity >= $0 } ?? false }

    /// `WM009 duplicate-id: acme / connection conn_a`.
    private func name(_ c: Case) -> String {
        collapse("\(c.evaluation.rule.id) \(c.evaluation.rule.name): \(c.evaluation.entity.qualifiedDisplayPath)")
    }

    /// The failure body: the message, then the facts a CI reader needs.
    private func describe(_ f: Finding) -> String {
        var lines = [f.message, "severity: \(f.severity.rawValue)", "location: \(f.location)", "entity: \(f.entity.qualifiedDisplayPath)"]
        if let r = f.remediation { lines.append("remediation: \(r)") }
        for r in f.related { lines.append("related: \(r.message) at \(r.location)") }
        lines.append("fingerprint: \(f.fingerprint)")
        return lines.joined(separator: "\n")
    }

    /// `name` as an `xs:token` keeps it: single spaces, none at the ends.
    private func collapse(_ s: String) -> String {
        // Usually nothing to do: no tab or line break, no double, leading or trailing space.
        let u = s.utf8
        if u.first != UInt8(ascii: " ") && u.last != UInt8(ascii: " ")
            && !zip(u, u.dropFirst()).contains(where: { $0 == UInt8(ascii: " ") && $1 == UInt8(ascii: " ") })
            && !u.contains(where: { $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
        {
            return s
        }
        return s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).joined(separator: " ")
    }

    /// GitLab drops test cases with the same name: number repeats.
    private func unique(_ name: String, _ names: inout Set<String>) -> String {
        var candidate = name
        var n = 2
        while !names.insert(candidate).inserted {
            candidate = "\(name) (\(n))"
            n += 1
        }
        return candidate
    }
}
