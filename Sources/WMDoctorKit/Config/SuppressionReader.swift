/// Reads `suppressions:` of `.wmdoctor.yaml`: a list of mappings with `rule`,
/// a required `reason`, an optional `until` date and entity patterns. Rule
/// names are checked later, against the loaded rules
/// (``WMDoctorConfig/checkSuppressions(against:)``).
extension ConfigReader {
    static let suppressionKeys = ["rule", "reason", "until"] + Suppression.entityKeys

    static func readSuppressions(_ f: Fields, errors: inout [InputError]) -> [Suppression] {
        guard let node = f.node("suppressions") else { return [] }
        let ctx = f.ctx
        guard let items = node.items else {
            errors.append(InputError("\"suppressions\" should be a list of mappings with rule and reason, got \(phrase(of: node, key: "suppressions"))", at: ctx.location(of: node)))
            return []
        }
        var out: [Suppression] = []
        for item in items {
            guard let sf = Fields(item, section: "a suppression", allowed: suppressionKeys, required: ["rule", "reason"], ctx: ctx),
                let rule = sf.string("rule"), let reason = sf.string("reason")
            else { continue }
            if reason.value.allSatisfy(\.isWhitespace) {
                errors.append(InputError("the \"reason\" of a suppression should say why (e.g. a ticket), got an empty string", at: reason.location))
                continue
            }
            var s = Suppression(rule: rule, reason: reason, location: sf.location)
            for key in Suppression.entityKeys {
                if let p = sf.string(key) { s.patterns.append((key, p)) }
            }
            if let until = sf.string("until") {
                guard let t = Timestamp.parse(until.value) else {
                    errors.append(InputError("\"until\" of a suppression should be a date like 2026-12-31 (or an RFC 3339 timestamp), got \(quoted(until.value))", at: until.location))
                    continue
                }
                s.until = until
                // A bare date holds through that whole day (UTC).
                let isDate = !until.value.contains("T") && !until.value.contains("t")
                s.expiresAt = isDate ? Timestamp(seconds: t.seconds + 86_400) : t
            }
            out.append(s)
        }
        return out
    }
}

extension WMDoctorConfig {
    /// Errors for suppressions whose `rule` names no rule (with "did you mean");
    /// `*` patterns are accepted as written. `known`: the ids and names of
    /// every rule that can make findings.
    public func checkSuppressions(against known: [String]) -> [InputError] {
        let set = Set(known)
        return suppressions.compactMap { s in
            let rule = s.rule.value
            if rule.contains("*") || set.contains(rule) { return nil }
            return InputError("unknown rule \(quoted(rule)) in a suppression\(DidYouMean.hint(rule, from: known))", at: s.rule.location)
        }
    }
}
