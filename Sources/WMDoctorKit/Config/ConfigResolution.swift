import CEL

/// What a configuration does to the loaded rules.
public struct ConfigEffect: Sendable {
    /// Disabled rules, severities and params, keyed by rule id.
    public var settings = RuleSettings()
    /// Ids of rules the configuration turns on (even if their file says `enabled: false`).
    public var enabled: Set<String> = []

    /// The rules with `enabled` applied (the engine's settings can only turn rules off).
    public func apply(to rules: [Rule]) -> [Rule] {
        rules.map { rule in
            var r = rule
            if enabled.contains(rule.id.id) { r.enabled = true }
            return r
        }
    }
}

extension WMDoctorConfig {
    /// The id and name of the rule that `accounts:` configures, and its param.
    public static let accountRule = (id: "WM405", name: "account-policy", param: "accounts")

    /// Checks rule references and params against `rules` (with "did you mean")
    /// and turns the configuration into settings keyed by rule id.
    public func effect(for rules: [Rule]) -> Result<ConfigEffect, InputErrors> {
        var effect = ConfigEffect()
        var errors: [InputError] = []
        var byKey: [String: Rule] = [:]
        for rule in rules {
            byKey[rule.id.id] = rule
            byKey[rule.id.name] = rule
        }
        let candidates = rules.flatMap { [$0.id.id, $0.id.name] }
        var configured: [String: Located<String>] = [:]
        for entry in self.rules {
            guard let rule = byKey[entry.key.value] else {
                errors.append(InputError("unknown rule \(quoted(entry.key.value))\(DidYouMean.hint(entry.key.value, from: candidates))", at: entry.key.location))
                continue
            }
            let id = rule.id.id
            if let first = configured[id] {
                errors.append(InputError("rule \(id) \(rule.id.name) is configured twice: as \(quoted(first.value)) at \(first.location.shortDescription) and as \(quoted(entry.key.value))", at: entry.key.location))
                continue
            }
            configured[id] = entry.key
            if let on = entry.enabled?.value {
                if on { effect.enabled.insert(id) } else { effect.settings.disabled.insert(id) }
            }
            if let severity = entry.severity?.value { effect.settings.severities[id] = severity }
            var params: [String: CELValue] = [:]
            for p in entry.params {
                switch check(p, of: rule) {
                case .success(let value): params[p.name.value] = value
                case .failure(let error): errors.append(error)
                }
            }
            if !params.isEmpty { effect.settings.params[id] = params }
        }
        if let at = accountsLocation {
            applyAccounts(rules: byKey, at: at, to: &effect, errors: &errors)
        }
        return errors.isEmpty ? .success(effect) : .failure(InputErrors(sorting: errors))
    }

    /// `accounts: {app: pattern}` sets param `accounts` of rule account-policy.
    private func applyAccounts(rules byKey: [String: Rule], at: SourceLocation, to effect: inout ConfigEffect, errors: inout [InputError]) {
        let target = Self.accountRule
        guard let rule = byKey[target.name] ?? byKey[target.id], rule.params.contains(where: { $0.name == target.param }) else {
            errors.append(InputError("\"accounts\" sets the param \(quoted(target.param)) of rule \(target.id) \(target.name), which is not loaded", at: at))
            return
        }
        if effect.settings.params[rule.id.id]?[target.param] != nil {
            errors.append(InputError("\"accounts\" and rules.\(rule.id.id).params.\(target.param) both set the account policy: keep one", at: at))
            return
        }
        let entries = accounts.map { (CELValue.string($0.app.value), CELValue.string($0.pattern.value)) }
        if case .success(let map) = CELMap.make(entries) {
            effect.settings.params[rule.id.id, default: [:]][target.param] = .map(map)
        }
    }

    /// The configured value as a value of the param's type; an unknown param
    /// (with "did you mean") or a value of another type is an error.
    private func check(_ p: ParamEntry, of rule: Rule) -> Result<CELValue, InputError> {
        let names = rule.params.map(\.name)
        guard let declared = rule.params.first(where: { $0.name == p.name.value }) else {
            let known = names.isEmpty ? " (it has no params)" : " (params: \(names.joined(separator: ", ")))"
            return .failure(InputError("unknown param \(quoted(p.name.value)) of rule \(rule.id.id) \(rule.id.name)\(DidYouMean.hint(p.name.value, from: names))\(known)", at: p.name.location))
        }
        guard let value = ParamType.convert(p.value, to: declared.type) else {
            return .failure(InputError("param \(quoted(p.name.value)) of rule \(rule.id.id) \(rule.id.name) should be \(ParamType.article(declared.type)), got \(ParamType.describe(p.value))", at: p.valueLocation))
        }
        return .success(value)
    }
}
