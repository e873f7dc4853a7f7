/// Options of one analysis.
public struct AnalysisOptions: Sendable {
    public var now: Timestamp
    public var limits: YAMLLimits

    public init(now: Timestamp, limits: YAMLLimits = .default) {
        self.now = now
        self.limits = limits
    }
}

/// Runs the pipeline: files → YAML events → model → bindings → findings.
public struct Analyzer: Sendable {
    public var options: AnalysisOptions

    public init(options: AnalysisOptions) {
        self.options = options
    }

    public func analyze(paths: [String]) -> Report {
        let (inputs, discoveryErrors) = InputDiscovery.discover(paths)
        let loader = FileLoader(limits: options.limits)
        let loaded = parallelMap(inputs) { input in (input, loader.load(path: input.path)) }
        var files: [LoadedFile] = []
        var skipped: [String] = []
        for (input, file) in loaded {
            // A YAML or JSON file met while walking a folder that is not an export
            // (a CI config, a rule file) is skipped, unless it failed to parse.
            if !input.explicit && !file.looksLikeExport && file.error == nil {
                skipped.append(file.path)
            } else {
                files.append(file)
            }
        }
        return analyze(files: files, skipped: skipped, extraErrors: discoveryErrors)
    }

    public func analyze(files: [LoadedFile], skipped: [String] = [], extraErrors: [InputError] = []) -> Report {
        let (workspaces, mergeFindings) = WorkspaceMerger.merge(files)
        let resolved = workspaces.map(BindingResolver.resolve)
        var findings = files.flatMap(\.findings) + mergeFindings
        findings.sort(by: Finding.reportOrder)
        var errors = extraErrors + files.compactMap(\.error)
        errors.sort { $0.location < $1.location }
        var redactions: [String: [SecretSpan]] = [:]
        for f in files where !f.secretSpans.isEmpty { redactions[f.path] = f.secretSpans }
        return Report(
            now: options.now, inputs: files.map(\.path), skipped: skipped, findings: findings, errors: errors,
            workspaces: resolved, redactions: redactions)
    }
}
