import Foundation

/// The one way every command sets up an analysis (`check`, `why`, `baseline write`,
/// `inventory`, `rules test`, `expr`): the configuration with its rules, the
/// input limits, the threads and the clock.
public struct AnalysisSession: Sendable {
    public var configuration: Configuration
    public var limits: YAMLLimits
    /// Threads that evaluate rules; output does not depend on it.
    public var workers: Int
    /// `--now`; nil: the real clock (`clock`), or the examples' fixed clock for `rules test`.
    public var now: Timestamp?
    /// `now`, else the real time when the session was set up (one instant for the whole run).
    public var clock: Timestamp

    public init(configuration: Configuration, limits: YAMLLimits = .default, workers: Int? = nil, now: Timestamp? = nil) {
        self.configuration = configuration
        self.limits = limits
        self.workers = workers ?? processorCount
        self.now = now
        clock = now ?? Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        MemoryPolicy.apply()
    }

    /// The options of an analysis that runs the configured rules; `rules: false`
    /// runs only the export checks (the inventory). `snippets`: attach the
    /// source line of every finding (only reports that show them ask).
    public func options(rules: Bool = true, snippets: Bool = false, recordEvaluations: Bool = false) -> AnalysisOptions {
        var options = AnalysisOptions(
            now: clock, limits: limits, rules: rules ? configuration.ruleSet : nil, settings: configuration.settings,
            ruleErrors: rules ? configuration.ruleErrors : [], snippets: snippets, recordEvaluations: recordEvaluations)
        options.workers = workers
        return options
    }

    /// Analyses `paths` with the configured rules, then applies the
    /// configuration's suppressions and computes impacts (no baseline, no ranking).
    public func analyzeAndGate(paths: [String], snippets: Bool = false) -> Report {
        Gating.apply(GatingOptions(suppressions: configuration.suppressions), to: Analyzer(options: options(snippets: snippets)).analyze(paths: paths))
    }

    /// Files the session itself reads (the configuration file), which no report may replace.
    public var readFiles: [String] { configuration.file.map { [$0] } ?? [] }
}
