import CEL

/// Reads `.wmdoctor.yaml` text with the positioned YAML layer: unknown keys
/// (with "did you mean"), wrong types and unknown values are errors with
/// file:line:column. Rule ids and params are checked later, against the
/// loaded rules (``WMDoctorConfig/settings(for:)``).
public enum ConfigReader {
    static let keys = ["rules", "rule_folders", "accounts", "fail_on", "suppressions"]
    static let ruleKeys = ["enabled", "severity", "params"]

    public static func read(text: String, path: String) -> Result<WMDoctorConfig, InputErrors> {
        let document = SingleDocument.read(text: text, path: path, what: "a configuration file")
        let ctx = document.ctx
        var config = WMDoctorConfig(file: path)
        var errors = document.problems
        // An empty file, or one of comments, changes nothing.
        guard let root = document.root else { return errors.isEmpty ? .success(config) : .failure(InputErrors(sorting: errors)) }
        if let f = Fields(root, section: "the configuration", allowed: keys, ctx: ctx) {
            config.rules = readRules(f, errors: &errors)
            config.ruleFolders = readFolders(f, configPath: path)
            (config.accounts, config.accountsLocation) = readAccounts(f, errors: &errors)
            config.failOn = f.string("fail_on").flatMap { v in
                if let level = WMDoctorConfig.FailOn(rawValue: v.value) { return Located(level, at: v.location) }
                let allowed = WMDoctorConfig.FailOn.allCases.map(\.rawValue)
                errors.append(InputError("\"fail_on\" should be one of \(allowed.joined(separator: ", ")), got \(quoted(v.value))\(DidYouMean.hint(v.value, from: allowed))", at: v.location))
                return nil
            }
            config.suppressions = readSuppressions(f, errors: &errors)
        }
        errors += ctx.findings.map { InputError($0.message, at: $0.location) }
        return errors.isEmpty ? .success(config) : .failure(InputErrors(sorting: errors))
    }

    private static func readRules(_ f: Fields, errors: inout [InputError]) -> [WMDoctorConfig.RuleEntry] {
        guard let node = f.node("rules") else { return [] }
        let ctx = f.ctx
        guard let pairs = node.pairs else {
            errors.append(InputError("\"rules\" should be a mapping from rule ids or names to settings, got \(phrase(of: node, key: "rules"))", at: ctx.location(of: node)))
            return []
        }
        var entries: [WMDoctorConfig.RuleEntry] = []
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                errors.append(InputError("keys in \"rules\" should be rule ids or names, got \(phrase(of: pair.key, key: ""))", at: ctx.location(of: pair.key)))
                continue
            }
            var entry = WMDoctorConfig.RuleEntry(key: Located(key, at: ctx.location(of: pair.key)))
            let value = pair.value
            if value.pairs == nil {
                guard let on = onOff(value) else {
                    var message = "rule \(quoted(key)) should be on, off, or a mapping with enabled, severity, params; got \(phrase(of: value, key: key))"
                    if let s = value.scalar?.text, Severity(rawValue: s) != nil { message += "; write {severity: \(s)}" }
                    errors.append(InputError(message, at: ctx.location(of: value)))
                    continue
                }
                entry.enabled = Located(on, at: ctx.location(of: value))
                entries.append(entry)
                continue
            }
            guard let rf = Fields(value, section: "rule \(quoted(key))", allowed: ruleKeys, ctx: ctx) else { continue }
            if let v = rf.node("enabled") {
                if let on = onOff(v) {
                    entry.enabled = Located(on, at: ctx.location(of: v))
                } else {
                    errors.append(InputError("\"enabled\" in rule \(quoted(key)) should be true or false (or on, off), got \(phrase(of: v, key: "enabled"))", at: ctx.location(of: v)))
                }
            }
            if let s = rf.string("severity") {
                if let severity = Severity(rawValue: s.value) {
                    entry.severity = Located(severity, at: s.location)
                } else {
                    let allowed = ["error", "warning", "info"]
                    errors.append(InputError("unknown severity \(quoted(s.value)) for rule \(quoted(key))\(DidYouMean.hint(s.value, from: allowed)) (allowed: \(allowed.joined(separator: ", ")))", at: s.location))
                }
            }
            if let p = rf.node("params") {
                if let ps = p.pairs {
                    for param in ps {
                        guard let name = param.key.scalar?.text else { continue }
                        entry.params.append(WMDoctorConfig.ParamEntry(
                            name: Located(name, at: ctx.location(of: param.key)), value: CELValueFromYAML.convert(param.value),
                            valueLocation: ctx.location(of: param.value)))
                    }
                } else {
                    errors.append(InputError("\"params\" in rule \(quoted(key)) should be a mapping of param names to values, got \(phrase(of: p, key: "params"))", at: ctx.location(of: p)))
                }
            }
            entries.append(entry)
        }
        return entries
    }

    /// `true`/`false`/`on`/`off` (plain scalars only: `"off"` quoted is a string).
    private static func onOff(_ node: YAMLNode) -> Bool? {
        guard let s = node.scalar else { return nil }
        if case .bool(let b) = ResolvedScalar(s) { return b }
        guard !s.style.isQuoted else { return nil }
        switch s.text {
        case "on", "On", "ON": return true
        case "off", "Off", "OFF": return false
        default: return nil
        }
    }

    private static func readFolders(_ f: Fields, configPath: String) -> [WMDoctorConfig.RuleFolder] {
        guard let list = f.stringList("rule_folders") else { return [] }
        let base = ConfigPaths.directory(of: configPath)
        return list.value.map { WMDoctorConfig.RuleFolder(written: $0, path: ConfigPaths.join(base, $0.value)) }
    }

    private static func readAccounts(_ f: Fields, errors: inout [InputError]) -> ([WMDoctorConfig.AccountPolicy], SourceLocation?) {
        guard let node = f.node("accounts") else { return ([], nil) }
        let ctx = f.ctx
        guard let pairs = node.pairs else {
            errors.append(InputError("\"accounts\" should be a mapping from app keys to account patterns (e.g. gmail: \"*@acme.com\"), got \(phrase(of: node, key: "accounts"))", at: ctx.location(of: node)))
            return ([], f.keyLocation("accounts"))
        }
        var out: [WMDoctorConfig.AccountPolicy] = []
        for pair in pairs {
            guard let app = pair.key.scalar?.text,
                let pattern = Fields.string(pair.value, key: app, section: "accounts", ctx: ctx)
            else { continue }
            out.append(WMDoctorConfig.AccountPolicy(app: Located(app, at: ctx.location(of: pair.key)), pattern: pattern))
        }
        return (out, f.keyLocation("accounts"))
    }
}
