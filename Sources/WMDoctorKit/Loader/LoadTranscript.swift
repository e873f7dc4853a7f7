extension LoadedFile {
    /// Everything a load gives, as lines of text: the error, the findings in
    /// full, the secret spans, the aliases, and each workflow with every value
    /// and where it is written. Two ways of loading the same bytes must give
    /// the same transcript (the tests and the loader's fuzz target compare
    /// the workflows read from their events with composed ones so).
    public var transcript: [String] {
        var out: [String] = []
        if let e = error { out.append("error \(e.location): \(e.message)") }
        for f in findings {
            out.append("finding \(f.rule.id) \(f.location) \(f.message) entity=\(f.entity) related=\(f.related) detail=\(f.detail ?? "-")")
        }
        out += secretSpans.map { "secret \($0.start)-\($0.end)" }
        out += aliasUses.map { "alias \($0)" }
        for doc in documents {
            out.append("document \(doc.workspace) connections=\(doc.connections.map(\.id.value))")
            for w in doc.workflows { out += w.transcript }
        }
        return out
    }
}

extension Workflow {
    fileprivate var transcript: [String] {
        func l<T>(_ v: Located<T>?) -> String { v.map { "\($0.value)@\($0.location)" } ?? "-" }
        func ref(_ r: ConnectionReference?) -> String {
            switch r {
            case .id(let v)?: return "id:" + l(v)
            case .name(let v)?: return "name:" + l(v)
            case .invalid(let at)?: return "invalid@\(at)"
            case nil: return "-"
            }
        }
        func expectation(_ e: StepExpectation?) -> String { e.map { "expect(\(l($0.account))@\($0.location))" } ?? "-" }
        var out = [
            "workflow \(l(id)) \(l(name)) enabled=\(l(enabled)) env=\(l(environment)) owner=\(l(owner)) at \(location)",
            "  expect " + (expect.map { e in e.accounts.map { "\(l($0.app))=\(l($0.pattern))" }.joined(separator: ",") + "@\(e.location)" } ?? "-"),
        ]
        if let t = trigger {
            out.append("  trigger \(l(t.app)) \(l(t.event)) \(ref(t.connection)) \(expectation(t.expect)) at \(t.location)")
        }
        for s in steps {
            out.append(
                "  step \(l(s.id)) \(l(s.name)) \(l(s.app)) \(l(s.action)) \(ref(s.connection)) \(expectation(s.expect)) secrets=\(s.secretParams.map { l($0) }) at \(s.location)")
        }
        return out
    }
}
