/// JUnit XML (the Ant schema that CI servers read) with one test case per
/// thing a user fixes: every workflow and every connection of the export,
/// and each app, workspace or document a finding is about. A test case holds
/// every finding about it (a workflow's: those about its steps and trigger
/// too): findings at or above `failOn` that count are its `failure`; the
/// others (below it, baselined, suppressed) are its `system-out`, which GitLab
/// shows per test case. A test case whose only findings are suppressed is
/// skipped. Inputs that could not be analysed are test cases with an `error`.
/// One `testsuite` per input file. Names are unique (GitLab keeps one test
/// case per name).
///
/// Within GitLab's limits (30 MB a file, 500,000 test cases): each test case
/// details at most `findingsDetailed` findings; when the file would still be
/// over `maxBytes`, the test cases without findings are counted in one test
/// case instead of listed. No clock, no host: the timestamp is the report's
/// `now` and the host name is fixed.
public struct JUnitReporter: Reporter {
    public var failOn: Severity?
    /// GitLab refuses a JUnit file over 30 MB; this leaves room.
    public static let maxBytes = 29_000_000
    /// GitLab parses at most 500,000 test cases.
    public static let maxCases = 500_000
    /// Findings written out in full in one test case; the rest are counted.
    static let findingsDetailed = 20
    /// Uses listed under one finding.
    static let usesListed = 5
    public var maxBytes = JUnitReporter.maxBytes
    public var maxCases = JUnitReporter.maxCases

    public init(failOn: Severity? = .error) {
        self.failOn = failOn
    }

    public func render(_ report: Report) -> String {
        let sink = StringSink()
        write(report, to: sink)
        return sink.text
    }

    /// What a test case is about: a workflow, a connection, an app, a workspace.
    private struct Subject: Hashable {
        var kind: EntityKind
        var workspace: String
        var id: String
    }

    private final class Case {
        var subject: Subject
        var name: String
        var location: SourceLocation
        var findings: [Finding] = []
        var rendered = ""
        init(subject: Subject, name: String, location: SourceLocation) {
            self.subject = subject
            self.name = name
            self.location = location
        }
    }

    private func subject(_ e: EntityRef) -> Subject {
        switch e.kind {
        case .workflow, .step, .trigger: return Subject(kind: .workflow, workspace: e.workspace, id: e.workflow ?? "")
        case .connection: return Subject(kind: .connection, workspace: e.workspace, id: e.connection ?? "")
        case .app: return Subject(kind: .app, workspace: e.workspace, id: e.app ?? "")
        case .workspace: return Subject(kind: .workspace, workspace: e.workspace, id: "")
        }
    }

    private func title(_ s: Subject) -> String {
        let ref: EntityRef
        switch s.kind {
        case .workflow: ref = EntityRef(kind: .workflow, workspace: s.workspace, workflow: s.id)
        case .connection: ref = EntityRef(kind: .connection, workspace: s.workspace, connection: s.id)
        case .app: ref = EntityRef(kind: .app, workspace: s.workspace, app: s.id)
        default: ref = EntityRef(kind: .workspace, workspace: s.workspace)
        }
        return ref.qualifiedDisplayPath
    }

    /// Streams the document a suite at a time.
    public func write(_ report: Report, to sink: any ReportSink) {
        // Every workflow and connection, then whatever else a finding is about.
        var cases: [Subject: Case] = [:]
        var order: [Case] = []
        func add(_ s: Subject, _ l: SourceLocation) -> Case {
            if let c = cases[s] { return c }
            let c = Case(subject: s, name: title(s), location: l)
            cases[s] = c
            order.append(c)
            return c
        }
        for ws in report.workspaces {
            let slug = ws.workspace.slug
            for w in ws.workspace.workflows { _ = add(Subject(kind: .workflow, workspace: slug, id: w.id.value), w.location) }
            for c in ws.workspace.connections { _ = add(Subject(kind: .connection, workspace: slug, id: c.id.value), c.location) }
        }
        for f in report.findings { add(subject(f.entity), f.location).findings.append(f) }
        // Within `maxBytes`: every test case in full; else those without findings
        // counted in one; else each finding in one line; else the least
        // important test cases with findings counted too.
        let withFindings = order.filter { !$0.findings.isEmpty }
        let passing = order.count - withFindings.count
        let overhead = 4_096 + 1_024 * Set(order.map(\.location.file)).count + 512 * report.errors.count
        func total(_ cases: [Case]) -> Int { cases.reduce(overhead) { $0 + $1.rendered.utf8.count + 64 + $1.name.utf8.count } }
        for c in withFindings { c.rendered = testcase(c, brief: false) }
        var size = total(withFindings)
        let listPasses = size + passing * 320 <= maxBytes && order.count + report.errors.count <= maxCases
        if !listPasses && size > maxBytes {
            for c in withFindings { c.rendered = testcase(c, brief: true) }
            size = total(withFindings)
        }
        var kept = Set(withFindings.map { ObjectIdentifier($0) })
        var cut = 0
        if size > maxBytes || withFindings.count + report.errors.count >= maxCases {
            kept = []
            var budget = overhead
            let ranked = withFindings.sorted { a, b in
                let (x, y) = (a.findings.min(by: Finding.moreImportant), b.findings.min(by: Finding.moreImportant))
                guard let x, let y else { return false }
                return Finding.moreImportant(x, y)
            }
            for c in ranked {
                let needed = c.rendered.utf8.count + 64 + c.name.utf8.count
                if budget + needed > maxBytes || kept.count + report.errors.count + 2 >= maxCases { break }
                budget += needed
                kept.insert(ObjectIdentifier(c))
            }
            cut = withFindings.count - kept.count
        }
        var suites: [String: [Case]] = [:]
        for c in order where c.findings.isEmpty ? listPasses : kept.contains(ObjectIdentifier(c)) {
            if c.findings.isEmpty { c.rendered = testcase(c, brief: false) }
            suites[c.location.file, default: []].append(c)
        }
        var files = Set(report.inputs).union(suites.keys)
        for e in report.errors { files.insert(e.location.file) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        guard !files.isEmpty else {
            XMLNode("testsuites").write(to: &out, indent: 0)
            return sink.write(out)
        }
        out += "<testsuites>\n"
        var names: Set<String> = []
        for (n, file) in files.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            let unlisted = (passes: !listPasses && n == 0 ? passing : 0, findings: n == 0 ? cut : 0)
            suite(file, id: n, cases: suites.removeValue(forKey: file) ?? [], errors: report.errors.filter { $0.location.file == file },
                unlisted: unlisted, report, &names, &out, sink)
        }
        out += "</testsuites>\n"
        sink.write(out)
    }

    /// Writes one `testsuite`: its counts first (they are attributes), then its test cases.
    private func suite(
        _ file: String, id: Int, cases: [Case], errors: [InputError], unlisted: (passes: Int, findings: Int), _ report: Report,
        _ names: inout Set<String>, _ out: inout String, _ sink: any ReportSink
    ) {
        let sorted = cases.sorted { $0.location != $1.location ? $0.location < $1.location : $0.name < $1.name }
        let failures = sorted.lazy.filter { $0.findings.contains(where: fails) }.count
        let skipped = sorted.lazy.filter { c in !c.findings.contains(where: fails) && !c.findings.isEmpty && c.findings.allSatisfy { $0.suppression != nil } }.count
        let attributes = [
            ("name", collapse(file.isEmpty ? "(no file)" : file)), ("package", "wmdoctor"), ("id", String(id)),
            ("timestamp", String(report.now.description.prefix(19))), ("hostname", "localhost"),
            ("tests", String(errors.count + sorted.count + (unlisted.passes > 0 ? 1 : 0) + (unlisted.findings > 0 ? 1 : 0))),
            ("failures", String(failures + (unlisted.findings > 0 ? 1 : 0))),
            ("errors", String(errors.count)), ("skipped", String(skipped)), ("time", "0"),
        ]
        out += "  <testsuite"
        for (key, value) in attributes { out += " \(key)=\"\(XML.attribute(value))\"" }
        out += ">\n"
        XMLNode("properties", children: [
            XMLNode("property", [("name", "wmdoctor.version"), ("value", Tool.version)]),
            XMLNode("property", [("name", "wmdoctor.now"), ("value", report.now.description)]),
            XMLNode("property", [("name", "wmdoctor.fail-on"), ("value", failOn?.rawValue ?? "never")]),
        ]).write(to: &out, indent: 2)
        for e in errors {
            let name = unique(collapse("input-error: \(file)"), &names)
            let error = XMLNode("error", [("type", "input-error"), ("message", e.message)], lines: [e.message, "location: \(e.location)"])
            node(name, classname: "wmdoctor.input", e.location, children: [error]).write(to: &out, indent: 2)
        }
        for c in sorted {
            // The case was rendered without its name, which is made unique here, in document order.
            out += "    <testcase name=\"\(XML.attribute(unique(collapse(c.name), &names)))\"" + c.rendered.dropFirst("    <testcase".utf8.count)
            sink.handOver(&out)
        }
        if unlisted.findings > 0 {
            let text = "\(unlisted.findings) more test cases with findings are left out so the file stays within GitLab's limits (30 MB, 500,000 test cases); the JSON report (--report json=FILE) lists every finding."
            node(unique("wmdoctor: \(unlisted.findings) more test cases with findings", &names), classname: "wmdoctor", SourceLocation(file: file, line: 0, column: 0), children: [
                XMLNode("failure", [("type", "left-out"), ("message", text)], lines: [text]),
            ]).write(to: &out, indent: 2)
        }
        if unlisted.passes > 0 {
            let text = "\(unlisted.passes) workflows and connections have no finding; they are counted here instead of listed one by one, so the file stays within GitLab's limits (30 MB, 500,000 test cases)."
            node(unique("wmdoctor: \(unlisted.passes) workflows and connections without findings", &names), classname: "wmdoctor", SourceLocation(file: file, line: 0, column: 0), children: [
                XMLNode("system-out", lines: [text]),
            ]).write(to: &out, indent: 2)
        }
        XMLNode("system-out").write(to: &out, indent: 2)
        XMLNode("system-err").write(to: &out, indent: 2)
        out += "  </testsuite>\n"
    }

    /// A test case's XML without its name (made unique when written).
    private func testcase(_ c: Case, brief: Bool) -> String {
        let failing = c.findings.filter(fails)
        let others = c.findings.filter { !fails($0) }
        var children: [XMLNode] = []
        if let first = failing.first {
            let message = failing.count == 1 ? first.message : "\(first.message) (and \(failing.count - 1) more)"
            children.append(XMLNode("failure", [("type", first.rule.id), ("message", message)], lines: describe(failing, brief: brief)))
        } else if !others.isEmpty, others.allSatisfy({ $0.suppression != nil }), let s = others.first?.suppression {
            let until = s.until.map { " (until \($0))" } ?? ""
            children.append(XMLNode("skipped", [("message", "suppressed: \(s.reason)\(until)")]))
        }
        if !others.isEmpty { children.append(XMLNode("system-out", lines: describe(others, brief: brief))) }
        var text = ""
        node(nil, classname: "wmdoctor.\(c.subject.kind.rawValue)", c.location, children: children).write(to: &text, indent: 2)
        return text
    }

    /// A finding fails its test case when it counts and is at or above `failOn`.
    private func fails(_ f: Finding) -> Bool { failOn.map { f.severity >= $0 } ?? false && Report.isActive(f) }

    private func node(_ name: String?, classname: String, _ l: SourceLocation, children: [XMLNode]) -> XMLNode {
        var attributes = (name.map { [("name", $0)] } ?? []) + [("classname", collapse(classname)), ("time", "0"), ("file", l.file)]
        if l.line >= 1 { attributes.append(("line", String(l.line))) }
        return XMLNode("testcase", attributes, children: children)
    }

    /// The lines a CI reader needs per finding: the first `findingsDetailed`,
    /// then how many more (brief: one line per finding).
    private func describe(_ findings: [Finding], brief: Bool) -> [String] {
        var lines: [String] = []
        for (n, f) in findings.prefix(Self.findingsDetailed).enumerated() {
            var state = ""
            if f.baseline == .unchanged { state = " (baselined)" }
            if let s = f.suppression { state = " (suppressed: \(s.reason))" }
            let line = "\(f.severity.rawValue): \(f.location): \(f.message) [\(f.rule.id) \(f.rule.name)]\(state)"
            if brief { lines.append(line); continue }
            if n > 0 { lines.append("") }
            lines.append(line)
            if f.entity.kind != .workflow && f.entity.kind != .connection { lines.append("  entity: \(f.entity.qualifiedDisplayPath)") }
            if f.listsUses {
                let (shown, more) = f.shownUses(limit: Self.usesListed)
                for u in shown { lines.append("  \(f.label(for: u)): \(u.described)") }
                if more > 0 { lines.append("  \(f.moreLabel): and \(more) more (the JSON report lists every one)") }
            }
            for r in f.related { lines.append("  related: \(r.message) at \(r.location)") }
            if let r = f.remediation { lines.append("  remediation: \(Prose.oneLine(r))") }
            lines.append("  fingerprint: \(f.fingerprint)")
        }
        if findings.count > Self.findingsDetailed {
            lines += ["", "and \(findings.count - Self.findingsDetailed) more findings (the JSON report lists every one)"]
        }
        return lines
    }

    /// `name` as an `xs:token` keeps it: single spaces, none at the ends.
    private func collapse(_ s: String) -> String {
        let visible = ExportText.visible(s)
        let u = visible.utf8
        if u.first != UInt8(ascii: " ") && u.last != UInt8(ascii: " ")
            && !zip(u, u.dropFirst()).contains(where: { $0 == UInt8(ascii: " ") && $1 == UInt8(ascii: " ") })
        {
            return visible
        }
        return visible.split(separator: " ").joined(separator: " ")
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
