import Foundation

/// Everything a command needs from the configuration: the rules (built-in and
/// from the configured folders) with the configuration applied, the settings
/// for the engine, and the `fail_on` default.
public struct Configuration: Sendable {
    /// The configuration file used, if any.
    public var file: String?
    public var config: WMDoctorConfig?
    /// Built-in rules and catalog plus those of the configured folders; `enabled` applied.
    public var ruleSet: RuleSet
    /// Rule or catalog files that did not load (reported as input errors; the rest still run).
    public var ruleErrors: [InputError]
    public var settings: RuleSettings
    public var failOn: WMDoctorConfig.FailOn?
    /// `suppressions:` of the configuration file.
    public var suppressions: [Suppression] { config?.suppressions ?? [] }

    /// Which configuration file to use.
    public enum Choice: Sendable {
        /// `--config FILE`: it must exist.
        case file(String)
        /// The first `.wmdoctor.yaml`/`.wmdoctor.yml` from this folder upward, if any.
        case discover(from: String)
        /// `--no-config`.
        case none
    }

    /// Finds and reads the configuration, loads the rules it names, and checks
    /// it against them. Any configuration problem is a failure; broken rule
    /// files are not (they are in `ruleErrors`).
    public static func load(_ choice: Choice, builtin: RuleSet.Source = RuleSet.builtinFiles) -> Result<Configuration, InputErrors> {
        let path: String?
        switch choice {
        case .none: path = nil
        case .discover(let dir): path = ConfigPaths.discover(from: dir)
        case .file(let p): path = p
        }
        guard let path else {
            let (set, errors) = RuleSet.load(builtin)
            return .success(Configuration(file: nil, config: nil, ruleSet: set, ruleErrors: errors, settings: RuleSettings(), failOn: nil))
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            let what = isDir.boolValue ? "is a folder, not a configuration file" : "no such configuration file"
            return .failure(InputErrors(sorting: [InputError("\(what): \(path)", at: SourceLocation(file: path, line: 0, column: 0))]))
        }
        // The same bounded, regular-file-only read as exports (a FIFO is refused, not read forever).
        let text: String
        do {
            text = try InputFile.text(path)
        } catch {
            return .failure(InputErrors(sorting: [error]))
        }
        let config: WMDoctorConfig
        switch ConfigReader.read(text: text, path: path) {
        case .success(let c): config = c
        case .failure(let e): return .failure(e)
        }
        var sources = builtin
        var ruleErrors: [InputError] = []
        var folderErrors: [InputError] = []
        for folder in config.ruleFolders {
            guard FileManager.default.fileExists(atPath: folder.path) else {
                folderErrors.append(InputError("rule folder \(quoted(folder.written.value)) does not exist (\(folder.path))", at: folder.written.location))
                continue
            }
            let (files, errors) = RuleSet.files(inFolder: folder.path)
            sources += files
            ruleErrors += errors
        }
        if !folderErrors.isEmpty { return .failure(InputErrors(sorting: folderErrors)) }
        let (set, loadErrors) = RuleSet.load(sources)
        switch config.effect(for: set.rules) {
        case .failure(let e): return .failure(e)
        case .success(let effect):
            let known = (ExportRule.descriptors.map(\.id) + set.rules.map(\.id)).flatMap { [$0.id, $0.name] }
            let suppressionErrors = config.checkSuppressions(against: known)
            if !suppressionErrors.isEmpty { return .failure(InputErrors(sorting: suppressionErrors)) }
            var applied = set
            applied.rules = effect.apply(to: set.rules)
            return .success(Configuration(
                file: path, config: config, ruleSet: applied, ruleErrors: ruleErrors + loadErrors, settings: effect.settings,
                failOn: config.failOn?.value))
        }
    }

    /// The effective severity of a rule under this configuration.
    public func severity(of rule: Rule) -> Severity {
        settings.severities[rule.id.id] ?? settings.severities[rule.id.name] ?? rule.descriptor.defaultSeverity
    }

    /// Whether a rule runs under this configuration.
    public func isEnabled(_ rule: Rule) -> Bool {
        rule.enabled && !settings.disabled.contains(rule.id.id) && !settings.disabled.contains(rule.id.name)
    }
}
