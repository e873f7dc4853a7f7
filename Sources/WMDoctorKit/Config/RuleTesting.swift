/// `wmdoctor rules test`: load rule files, run every example, count.
public struct RuleTestRun: Sendable {
    /// Rule or catalog files that did not load.
    public var loadErrors: [InputError] = []
    /// Each failure of an example (an example may fail on several lines).
    public var failures: [RuleExamples.Failure] = []
    public var passed = 0
    public var failed = 0

    /// 2 when a file did not load, 1 when an example failed, else 0.
    public var exitStatus: Int32 { !loadErrors.isEmpty ? 2 : failed > 0 ? 1 : 0 }

    /// Runs the examples of `rules`, one at a time so that each is counted once.
    public init(rules: [Rule], catalog: AppCatalog, loadErrors: [InputError], session: AnalysisSession? = nil) {
        self.loadErrors = loadErrors.sorted { $0.location < $1.location }
        for rule in rules {
            for example in rule.examples {
                var single = rule
                single.examples = [example]
                let result = RuleExamples.run([single], catalog: catalog, session: session)
                if result.failures.isEmpty { passed += 1 } else { failed += 1 }
                failures += result.failures
            }
        }
    }

    /// The rule files under `paths` (files or folders), validated against the
    /// built-in catalog plus the catalogs among them. Built-in rules are not included.
    public static func load(paths: [String], builtin: RuleSet.Source = RuleSet.builtinFiles, session: AnalysisSession? = nil) -> RuleTestRun {
        var sources = builtin.filter { $0.path.contains("/catalog/") }
        var errors: [InputError] = []
        for path in paths {
            let (files, e) = RuleSet.files(inFolder: path)
            sources += files
            errors += e
        }
        let (set, loadErrors) = RuleSet.load(sources)
        return RuleTestRun(rules: set.rules, catalog: set.catalog, loadErrors: errors + loadErrors, session: session)
    }

    /// Load errors (`file:line:col: error: message`), failures (`file:line:col: message`), then `N passed, N failed`.
    public var text: String {
        var out = ""
        for e in loadErrors { out += "\(e.location): error: \(e.message)\n" }
        for f in failures { out += f.description + "\n" }
        out += "\(passed) passed, \(failed) failed\n"
        return out
    }
}
