/// `wmdoctor why --format json`: the diagnosis for tools. Findings are written
/// as in `check`'s JSON report (same members, same fingerprints); members keep
/// their order and absent facts are `null`, so the same input gives the same bytes.
public struct WhyJSONRenderer: Sendable {
    /// The format's version; raised only on breaking changes.
    public static let version = 1

    public init() {}

    private var report: JSONReporter { JSONReporter() }

    public func render(_ d: WorkflowDiagnosis) -> String {
        let w = d.workflow
        return JSON.object([
            ("tool", .object([("name", .string(Tool.name)), ("version", .string(Tool.version))])),
            ("why_version", .int(Self.version)),
            ("now", .string(d.now.description)),
            ("workspace", .string(d.workspace)),
            ("workflow", .object([
                ("id", .string(w.id)), ("name", .string(w.name)), ("enabled", .bool(w.enabled)),
                ("environment", .string(w.environment?.rawValue)), ("location", report.location(w.location)),
                ("expect", .array(w.expectations.map { e in
                    .object([("app", .string(e.app)), ("pattern", .string(e.pattern)), ("location", report.location(e.location))])
                })),
            ])),
            ("verdict", verdict(d.verdict)),
            ("checks", .array(d.checks.map(check))),
            ("uses", .array(d.uses.map(use))),
            ("input_errors", .array(d.inputErrors.map(report.error))),
        ]).serialized()
    }

    private func verdict(_ v: Verdict) -> JSON {
        .object([
            ("outcome", .string(v.outcome.rawValue)), ("date", .string(v.date?.description)),
            ("reasons", .array(v.reasons.map(JSON.string))), ("fix", .string(v.fix)), ("fix_rule", .string(v.fixRule?.id)),
            ("risks", .array(v.risks.map(JSON.string))),
        ])
    }

    private func use(_ u: UseDiagnosis) -> JSON {
        .object([
            ("kind", .string(u.kind.rawValue)), ("step", .string(u.id)), ("name", .string(u.name)), ("app", .string(u.app)),
            ("operation", .string(u.operation)), ("location", report.location(u.location)),
            ("verdict", verdict(u.verdict)),
            ("connection_choice", choice(u.choice)),
            ("connection", u.connection.map(connection) ?? .null),
            ("access", u.access.map(access) ?? .null),
            ("expectations", .array(u.expectations.map { e in
                .object([
                    ("source", .string(e.source)), ("pattern", .string(e.pattern)), ("location", report.location(e.location)),
                    ("met", e.connection == nil ? .null : .bool(e.met)),
                    ("matched", e.match.map { m in .object([("field", .string(m.field)), ("value", .string(m.value))]) } ?? .null),
                    ("connection", .string(e.connection)),
                ])
            })),
            ("checks", .array(u.checks.map(check))),
            // Last: keys are only ever added at the end of their object.
            ("others", .array(u.others.map { o in
                .object([("connection", connection(o.connection)), ("access", o.access.map(access) ?? .null)])
            })),
        ])
    }

    private func choice(_ c: ConnectionChoice) -> JSON {
        .object([
            ("rule_number", c.ruleNumber.map(JSON.int) ?? .null), ("rule", .string(c.rule)), ("method", .string(c.method.rawValue)),
            ("failure", .string(c.failure?.rawValue)),
            ("reference", c.reference.map { r in
                .object([("by", .string(r.by)), ("value", .string(r.value)), ("location", report.location(r.location))])
            } ?? .null),
            ("candidates", .array(c.candidates.map { k in
                .object([
                    ("id", .string(k.id)), ("name", .string(k.name)), ("app", .string(k.app)), ("location", report.location(k.location)),
                    ("picked", .bool(k.picked)), ("tied", .bool(k.tied)), ("reason", .string(k.reason)),
                ])
            })),
            ("chosen", .string(c.chosen)), ("determined", .bool(c.undetermined == nil)), ("undetermined", .string(c.undetermined)),
        ])
    }

    private func connection(_ c: ConnectionFacts) -> JSON {
        .object([
            ("id", .string(c.id)), ("name", .string(c.name)), ("app", .string(c.app)), ("location", report.location(c.location)),
            ("default", .bool(c.isDefault)), ("status", .string(c.status.rawValue)), ("usable", .bool(c.usability.isUsable)),
            ("usability", .string(c.usability.key)), ("unusable_from", .string(c.unusableFrom?.description)),
            ("last_error", c.lastError.map { e in
                .object([("code", .string(e.code)), ("message", .string(e.message)), ("at", .string(e.at?.description))])
            } ?? .null),
            ("auth_type", .string(c.authType?.rawValue)), ("token_kind", .string(c.tokenKind?.rawValue)),
            ("expires_at", .string(c.expiresAt?.description)), ("refreshable", .bool(c.refreshable)),
            ("refresh_expires_at", .string(c.refreshExpiresAt?.description)), ("issued_at", .string(c.issuedAt?.description)),
            ("environment", .string(c.environment?.rawValue)),
            ("account", .object(c.account.map { ($0.field, JSON.string($0.value)) })),
            ("mode", .string(c.mode?.rawValue)),
            ("key", c.key.map { k in
                .object([("prefix", .string(k.prefix)), ("mode", .string(k.mode.rawValue)), ("full_access", .bool(k.fullAccess))])
            } ?? .null),
        ])
    }

    private func access(_ a: AccessCheck) -> JSON {
        let grant: JSON
        switch a.grant {
        case .scopes(let s)?: grant = .object([("kind", .string("scopes")), ("scopes", .array(s.map(JSON.string)))])
        case .fullAccess?: grant = .object([("kind", .string("full-access")), ("why", .string(a.grant?.phrase))])
        case .unknown?: grant = .object([("kind", .string("unknown")), ("why", .string(a.grant?.phrase))])
        case nil: grant = .null
        }
        return .object([
            ("kind", .string(a.kind)), ("operation", .string(a.operation)), ("method", .string(a.method)),
            ("catalogued", .bool(a.catalogued)),
            ("needs", .array(a.groups.map { g in
                .object([
                    ("accepted", .array(g.accepted.map(JSON.string))), ("met", g.met.map(JSON.bool) ?? .null),
                    ("met_by", .array(g.metBy.map(JSON.string))),
                ])
            })),
            ("granted", grant),
            ("missing", .array(a.missing.map { .array($0.accepted.map(JSON.string)) })),
            ("token_kind_needed", .string(a.tokenKindNeeded?.rawValue)), ("token_kind", .string(a.tokenKind?.rawValue)),
        ])
    }

    private func check(_ c: CheckResult) -> JSON {
        .object([
            ("rule", .string(c.rule.id)), ("rule_name", .string(c.rule.name)), ("subject", .string(c.subject)),
            ("result", .string(c.passed ? "ok" : c.resultWord)), ("breaks_use", .bool(c.breaksUse)),
            ("findings", .array(c.findings.map { f in .stream { report.finding(f, into: &$0) } })),
        ])
    }
}
