/// Runs the examples of rules: each triggering example must produce findings
/// of its rule exactly on its `# <-` lines, each non-triggering example none.
/// `swift test` and `wmdoctor rules test` both run them.
public enum RuleExamples {
    public struct Failure: Sendable, CustomStringConvertible {
        public var rule: RuleID
        public var example: String
        public var location: SourceLocation
        public var message: String

        public var description: String { "\(location): \(rule.id) \(rule.name), \(example): \(message)" }
    }

    public struct Result: Sendable {
        public var examples = 0
        public var failures: [Failure] = []
    }

    /// Fixed clock for examples, so that they read the same on any day: 2026-11-24T00:00:00Z.
    public static let now = Timestamp(seconds: 1_795_478_400)

    /// Runs every example of `rules`. A session (`rules test`) gives the
    /// limits its exports are read within, the engine's threads and `--now`
    /// (else the fixed clock above).
    public static func run(_ rules: [Rule], catalog: AppCatalog, session: AnalysisSession? = nil) -> Result {
        var result = Result()
        for rule in rules {
            for example in rule.examples {
                result.examples += 1
                result.failures += check(rule, example, catalog: catalog, session: session)
            }
        }
        return result
    }

    static func check(_ rule: Rule, _ example: RuleExample, catalog: AppCatalog, session: AnalysisSession? = nil) -> [Failure] {
        let path = "\(rule.file)#\(example.name)"
        let now = session?.now ?? now
        let limits = session?.limits ?? .default
        let file = FileLoader(limits: limits).load(bytes: Array(example.export.utf8), path: path)
        func failure(_ message: String, line: Int? = nil) -> Failure {
            let at = SourceLocation(file: rule.file, line: example.location.line + (line ?? 1) - 1, column: 1)
            return Failure(rule: rule.id, example: example.name, location: at, message: message)
        }
        if let error = file.error {
            return [failure("the example export does not parse: \(error.message)", line: error.location.line)]
        }
        if let invalid = file.findings.first {
            return [failure("the example export is invalid: \(invalid.message)", line: invalid.location.line)]
        }
        let report = Analyzer(options: AnalysisOptions(now: now, limits: limits, snippets: false)).analyze(files: [file])
        var engine = RuleEngine(rules: [rule], catalog: catalog)
        engine.workers = session?.workers ?? 1
        var settings = RuleSettings()
        settings.params[rule.id.id] = example.params
        engine.settings = settings
        let output = engine.run(report.workspaces, now: now)
        var failures = output.errors.map { failure("evaluation failed: \($0.message)") }
        let lines = Set(output.findings.map(\.location.line))
        for line in example.expectedLines where !lines.contains(line) {
            failures.append(failure("expected a finding on this line, got none", line: line))
        }
        for f in output.findings where !example.expectedLines.contains(f.location.line) {
            failures.append(failure("unexpected finding: \(f.message)", line: f.location.line))
        }
        return failures
    }
}
