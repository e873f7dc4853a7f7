import Foundation

/// Options of one analysis.
public struct AnalysisOptions: Sendable {
    public var now: Timestamp
    public var limits: YAMLLimits
    /// The rules to run after loading; nil runs only the export checks.
    public var rules: RuleSet?
    public var settings: RuleSettings
    /// Problems with rule files or configuration, reported with the input errors.
    public var ruleErrors: [InputError]
    /// Attach the redacted source line of every finding (the text report's snippets).
    public var snippets: Bool
    /// Record every (rule, entity) evaluated (`Report.evaluations`).
    public var recordEvaluations: Bool
    /// Threads that evaluate rules over one workspace's entities (1: one pass, in order).
    public var workers = processorCount
    /// Told how far the analysis is (from any thread); nil: nobody listens.
    public var progress: (@Sendable (AnalysisProgress) -> Void)?

    public init(
        now: Timestamp, limits: YAMLLimits = .default, rules: RuleSet? = nil, settings: RuleSettings = RuleSettings(),
        ruleErrors: [InputError] = [], snippets: Bool = true, recordEvaluations: Bool = false
    ) {
        self.now = now
        self.limits = limits
        self.rules = rules
        self.settings = settings
        self.ruleErrors = ruleErrors
        self.snippets = snippets
        self.recordEvaluations = recordEvaluations
    }
}

/// Runs the pipeline: files → YAML events → model → bindings → findings.
public struct Analyzer: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions) {
        self.options = options
    }

    public func analyze(paths: [String]) -> Report {
        let (found, discoveryErrors, walkSkipped) = InputDiscovery.discover(paths)
        // Over the total-size limit: the later files are refused (and named), the rest still run.
        let (inputs, budgetErrors) = InputBudget.admit(found, maxTotalBytes: options.limits.maxTotalBytes)
        let loader = FileLoader(limits: options.limits)
        let counter = options.progress.map {
            ProgressCounter(filesTotal: inputs.count, bytesTotal: inputs.reduce(0) { $0 + InputBudget.sizeOf($1.path) }, observer: $0)
        }
        var loaded = parallelMap(inputs) { input in
            let file = loader.load(path: input.path)
            counter?.fileRead(bytes: InputBudget.sizeOf(input.path))
            return (input, file)
        }
        counter?.phase(.checking)
        defer { counter?.phase(.done) }
        var files: [LoadedFile] = []
        var skipped: [SkippedFile] = []
        var emptiness: [InputError] = []
        for (input, file) in loaded {
            // A YAML or JSON file met while walking a folder that is not an export
            // (a CI config, a rule file) is skipped, unless it failed to parse.
            if !input.explicit && !file.looksLikeExport && file.error == nil {
                skipped.append(SkippedFile(file.path, .notAnExport))
            } else if input.explicit && file.error == nil && file.documents.isEmpty && file.findings.isEmpty {
                // A named file with no document at all: an export job that wrote nothing.
                emptiness.append(InputError(
                    "\(file.path) holds no YAML document (it is empty or only comments): there is no Workflow Machine export to check",
                    at: SourceLocation(file: file.path, line: 1, column: 1)))
            } else {
                files.append(file)
            }
        }
        if files.isEmpty && emptiness.isEmpty && discoveryErrors.isEmpty && budgetErrors.isEmpty {
            // Nothing to check in the folders given: a wrong path, not a clean workspace.
            for path in paths {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { continue }
                let note = Self.nothingFound(notExports: skipped.count, problems: walkSkipped.count)
                emptiness.append(InputError(
                    "no Workflow Machine export found in \(path) (\(note))", at: SourceLocation(file: path, line: 1, column: 1)))
            }
        }
        // The files are now in `files` alone: what `analyze(files:)` lets go of is freed.
        loaded = []
        skipped += walkSkipped
        skipped.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return analyze(files: consume files, skipped: skipped, extraErrors: discoveryErrors + budgetErrors + emptiness)
    }

    /// What a folder without exports held: "no .yaml, .yml or .json file", or the counts of what was skipped.
    static func nothingFound(notExports: Int, problems: Int) -> String {
        var parts: [String] = []
        if notExports > 0 {
            parts.append("\(notExports) YAML or JSON \(notExports == 1 ? "file" : "files") that \(notExports == 1 ? "is" : "are") not an export")
        }
        if problems > 0 {
            parts.append("\(problems) \(problems == 1 ? "file or link" : "files or links") skipped, listed on standard error")
        }
        return parts.isEmpty ? "no .yaml, .yml or .json file" : parts.joined(separator: "; ")
    }

    /// `files` is consumed: each file's findings are let go once copied (at
    /// their exact size: a file's own array grew by doubling, 3.2 MB of room
    /// for 1.7 MB of findings at dense 100 MB, held to the end before).
    public func analyze(files: consuming [LoadedFile], skipped: [SkippedFile] = [], extraErrors: [InputError] = []) -> Report {
        PhaseTimer.mark("load")
        let (workspaces, mergeFindings) = WorkspaceMerger.merge(files)
        PhaseTimer.mark("merge")
        let resolved = workspaces.map { BindingResolver.resolve($0, now: options.now, catalog: options.rules?.catalog) }
        PhaseTimer.mark("bindings")
        var findings: [Finding] = []
        findings.reserveCapacity(files.reduce(mergeFindings.count) { $0 + $1.findings.count })
        for i in files.indices {
            findings += files[i].findings
            files[i].findings = []
        }
        findings += mergeFindings
        var errors = extraErrors + files.compactMap(\.error) + options.ruleErrors
        var evaluations: [Evaluation] = []
        var descriptors = ExportRule.descriptors
        if let rules = options.rules {
            var engine = RuleEngine(rules: rules.rules, catalog: rules.catalog, settings: options.settings)
            engine.recordEvaluations = options.recordEvaluations
            engine.workers = options.workers
            // The loader's findings first, joined in the engine's one copy of its own.
            var output = engine.run(resolved, now: options.now, leading: consume findings)
            findings = []
            PhaseTimer.mark("rules")
            PhaseTimer.note("rules: \(output.evaluated) evaluations, \(output.remembered.values.reduce(0, +)) answered by the memo (\(output.answeredWhole) entities every rule at once); \(output.recalled) late lets of findings recalled")
            PhaseTimer.note("rules evaluated most: " + output.evaluatedByRule.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            swap(&findings, &output.findings)
            errors += output.errors
            evaluations = output.evaluations
            descriptors += engine.activeRules.map(\.descriptor)
        }
        AnchorNotes.add(to: &findings, from: files)
        findings.sortInReportOrder()
        errors.sort { $0.location < $1.location }
        var redactions: [String: [SecretSpan]] = [:]
        for i in files.indices where !files[i].secretSpans.isEmpty { redactions[files[i].path] = files[i].secretSpans }
        var report = Report(
            now: options.now, inputs: files.map(\.path), skipped: skipped, findings: findings, errors: errors,
            workspaces: resolved, redactions: redactions, rules: descriptors)
        report.evaluations = evaluations
        if options.snippets { report.attachSnippets() }
        PhaseTimer.mark("snippets")
        return report
    }
}
