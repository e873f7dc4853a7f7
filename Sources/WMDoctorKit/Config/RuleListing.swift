import CEL
import Foundation

/// What `wmdoctor rules list` and `rules show` print: deterministic text and JSON.
public enum RuleListing {
    /// The checks built into the loader and the gating (WM0xx, WM9xx): always on,
    /// not rule files, but findings name them and `explain` describes them.
    public static let builtinChecks: [RuleDescriptor] = ExportRule.descriptors + GatingRule.allCases.map(\.descriptor)

    /// A built-in check by id or name (ids also case-insensitively).
    public static func builtinCheck(_ key: String) -> RuleDescriptor? {
        builtinChecks.first { $0.id.id == key || $0.id.name == key || $0.id.id.lowercased() == key.lowercased() }
    }

    /// What `explain` prints for a built-in check.
    public static func show(_ d: RuleDescriptor) -> String {
        var out = "\(d.id.id) \(d.id.name)\n"
        for (k, v) in [("category", d.category.rawValue), ("severity", d.defaultSeverity.rawValue), ("enabled", "always (built in)")] {
            out += "  \(k):" + String(repeating: " ", count: 10 - k.count) + v + "\n"
        }
        out += "\n\(d.summary)\n"
        if d.description != d.summary { out += "\nDescription:\n" + indent(d.description, 2) }
        if let r = d.remediation { out += "\nRemediation:\n" + indent(r, 2) }
        return out
    }

    /// Rules sorted by id (byte order).
    static func sorted(_ rules: [Rule]) -> [Rule] {
        rules.sorted { $0.id.id.utf8.lexicographicallyPrecedes($1.id.id.utf8) }
    }

    /// An aligned table: id, name, category, default and effective severity, enabled, summary.
    public static func table(_ configuration: Configuration) -> String {
        var rows = [["ID", "NAME", "CATEGORY", "DEFAULT", "SEVERITY", "ENABLED", "SUMMARY"]]
        for d in builtinChecks {
            rows.append([d.id.id, d.id.name, d.category.rawValue, d.defaultSeverity.rawValue, d.defaultSeverity.rawValue, "always", d.summary])
        }
        for rule in sorted(configuration.ruleSet.rules) {
            rows.append([
                rule.id.id, rule.id.name, rule.descriptor.category.rawValue, rule.descriptor.defaultSeverity.rawValue,
                configuration.severity(of: rule).rawValue, configuration.isEnabled(rule) ? "yes" : "no", rule.descriptor.summary,
            ])
        }
        rows[1...].sort { $0[0].utf8.lexicographicallyPrecedes($1[0].utf8) }
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// `{"rules": [...]}` with the same facts as the table, plus the rule's file and params.
    public static func json(_ configuration: Configuration) -> String {
        let rules = sorted(configuration.ruleSet.rules).map { rule -> JSON in
            let configured = configuration.settings.params[rule.id.id] ?? [:]
            return .object([
                ("id", .string(rule.id.id)), ("name", .string(rule.id.name)),
                ("category", .string(rule.descriptor.category.rawValue)),
                ("default_severity", .string(rule.descriptor.defaultSeverity.rawValue)),
                ("severity", .string(configuration.severity(of: rule).rawValue)),
                ("enabled", .bool(configuration.isEnabled(rule))), ("summary", .string(rule.descriptor.summary)),
                ("file", .string(rule.file)),
                ("params", .object(rule.params.map { p in
                    (p.name, .object([("default", .string(p.defaultValue.literal)), ("value", .string((configured[p.name] ?? p.defaultValue).literal))]))
                })),
                // Last: keys are only ever added at the end. Null for a rule whose findings list no use.
                ("affects_mean", listsUses(rule) ? .string(rule.affectsMeaning.rawValue) : .null),
            ])
        }
        return JSON.object([("rules", .array(rules))]).serialized()
    }

    /// The rule whose id or name is `key` (ids also case-insensitively), or an error with "did you mean".
    public static func find(_ key: String, in rules: [Rule]) -> Result<Rule, InputErrors> {
        if let rule = rules.first(where: { $0.id.id == key || $0.id.name == key || $0.id.id.lowercased() == key.lowercased() }) {
            return .success(rule)
        }
        let candidates = sorted(rules).flatMap { [$0.id.id, $0.id.name] } + builtinChecks.flatMap { [$0.id.id, $0.id.name] }
        let hint = DidYouMean.hint(key, from: candidates)
        let message = "unknown rule \(quoted(key))" + (hint.isEmpty ? " (`wmdoctor rules list` lists the rules)" : hint)
        return .failure(InputErrors(sorting: [InputError(message, at: SourceLocation(file: "wmdoctor", line: 0, column: 0))]))
    }

    /// What a finding of `rule` does to the uses it lists (its `affects` and `affects_mean`).
    static func affectsFact(_ rule: Rule) -> String {
        guard listsUses(rule) else { return "no use" }
        if rule.affects == nil { return rule.affectsMeaning == .risks ? "its own step or trigger, at risk (it runs)" : "its own step or trigger" }
        return rule.affectsMeaning == .risks
            ? "the uses it puts at risk (they run)" : "the uses it breaks"
    }

    /// Whether `rule`'s findings list uses: its `affects`, or its own step or trigger.
    static func listsUses(_ rule: Rule) -> Bool {
        rule.affects != nil || RuleScope.visitUses(rule.scopes)
    }

    /// Everything about one rule: summary, description, remediation, scopes, params, examples.
    public static func show(_ rule: Rule, _ configuration: Configuration) -> String {
        let d = rule.descriptor
        var out = "\(rule.id.id) \(rule.id.name)\n"
        let severity = configuration.severity(of: rule)
        var facts = [
            ("category", d.category.rawValue),
            ("severity", d.defaultSeverity.rawValue + (severity == d.defaultSeverity ? "" : " (configured: \(severity.rawValue))")),
            ("enabled", configuration.isEnabled(rule) ? "yes" : "no"),
            ("for", rule.scopes.map(\.rawValue).joined(separator: ", ")),
            ("affects", affectsFact(rule)),
            ("file", rule.file),
        ]
        if !d.tags.isEmpty { facts.append(("tags", d.tags.joined(separator: ", "))) }
        for (k, v) in facts { out += "  \(k):" + String(repeating: " ", count: 10 - k.count) + v + "\n" }
        out += "\n\(d.summary)\n"
        if d.description != d.summary { out += "\nDescription:\n" + indent(d.description, 2) }
        if let r = d.remediation { out += "\nRemediation:\n" + indent(r, 2) }
        if !rule.params.isEmpty {
            out += "\nParams:\n"
            let configured = configuration.settings.params[rule.id.id] ?? [:]
            for p in rule.params {
                out += "  \(p.name): \(p.defaultValue.literal)"
                if let v = configured[p.name] { out += " (configured: \(v.literal))" }
                out += "\n"
                if let text = p.description { out += indent(text, 6) }
            }
        }
        if !rule.examples.isEmpty {
            out += "\nExamples:\n"
            for (n, e) in rule.examples.enumerated() {
                out += "  \(n + 1). \(e.name) (triggers: \(e.triggers ? "yes" : "no"))\n"
                if !e.params.isEmpty, case .success(let m) = CELMap.make(e.params.sorted { $0.key < $1.key }.map { (CELValue.string($0.key), $0.value) }) {
                    out += "     params: \(CELValue.map(m).literal)\n"
                }
                out += indent(e.export, 7)
            }
        }
        return out
    }

    /// Each line of `text` indented; trailing blank lines dropped; ends with a newline.
    static func indent(_ text: String, _ n: Int) -> String {
        let pad = String(repeating: " ", count: n)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n") + "\n"
    }
}
