import CEL

/// What a rule iterates over; each scope binds its own variables.
public enum RuleScope: String, Sendable, CaseIterable {
    case connections, workflows, steps, triggers, apps, workspaces

    /// The variables a rule of this scope sees, besides `workspace`, `now`, `params` and its `let` names.
    var variables: [String] {
        switch self {
        case .connections: return ["connection", "app"]
        case .workflows: return ["workflow"]
        case .steps: return ["workflow", "step", "use", "binding", "connection", "app", "operation"]
        case .triggers: return ["workflow", "trigger", "use", "binding", "connection", "app", "operation"]
        case .apps: return ["app", "connections", "defaults", "uses", "choice", "pick"]
        case .workspaces: return []
        }
    }

    /// The names an `at:` path may start from. For apps, `connection` is the
    /// first default connection (else the first connection) of the app.
    var locatables: [String] {
        switch self {
        case .connections: return ["connection"]
        case .workflows: return ["workflow"]
        case .steps: return ["workflow", "step", "use", "connection"]
        case .triggers: return ["workflow", "trigger", "use", "connection"]
        case .apps: return ["connection"]
        case .workspaces: return []
        }
    }

    /// Whether every scope of `scopes` visits uses (steps, triggers): a
    /// finding of such a rule is about its own use, which it lists unless
    /// the rule says otherwise (`affects:`).
    static func visitUses(_ scopes: [RuleScope]) -> Bool { scopes.allSatisfy { $0 == .steps || $0 == .triggers } }

    var entityKind: EntityKind {
        switch self {
        case .connections: return .connection
        case .workflows: return .workflow
        case .steps: return .step
        case .triggers: return .trigger
        case .apps: return .app
        case .workspaces: return .workspace
        }
    }
}

/// What a finding's affected uses are to it (a rule's `affects_mean:`).
public enum AffectsMeaning: String, Sendable, CaseIterable {
    /// The finding breaks them: they fail, or will.
    case breaks
    /// They run, but are at risk, not broken: as a connection picked
    /// implicitly, which an unrelated change can switch (WM501, WM502), or
    /// with a secret exposed in their params (WM702, its own step).
    case risks
}

/// An example export embedded in a rule: it must trigger the rule exactly on
/// the lines marked `# <-`, or (non-triggering) not at all.
public struct RuleExample: Sendable {
    public var name: String
    public var triggers: Bool
    public var export: String
    /// Where the export text starts in the rule file (line of its first line).
    public var location: SourceLocation
    /// 1-based lines of the export marked `# <-`.
    public var expectedLines: [Int]
    /// Param values for this example (e.g. an account policy to test).
    public var params: [String: CELValue] = [:]
}

/// A named parameter with its type and default, overridable in `.wmdoctor.yaml`.
public struct RuleParam: Sendable {
    public var name: String
    /// The declared type (`int`, `list(string)`, ...), or the default's when not declared.
    public var type: CELStaticType
    public var defaultValue: CELValue
    public var description: String?
}

/// A compiled CEL expression with where it was written.
public struct CompiledExpression: Sendable {
    public var program: CELProgram
    public var location: SourceLocation
}

/// A rule loaded from a YAML file of `Rules/` or a user's rule folder.
public struct Rule: Sendable {
    public var descriptor: RuleDescriptor
    public var scopes: [RuleScope]
    public var lets: [(name: String, expression: CompiledExpression)]
    /// Indexes of the lets that `when` needs (directly or through other lets), in
    /// order: only these are computed for every entity; the rest only for findings.
    public var whenLets: [Int] = []
    /// `when`'s top-level `&&` conjuncts, in order, each with the lets it needs
    /// that the earlier ones do not (nil: `when` is not such a chain). They are
    /// evaluated one by one: the first `false` answers, and the lets only the
    /// later conjuncts need are not computed (``RuleEngine``).
    var whenSteps: [(program: CELProgram, lets: [Int])]?
    /// For each variable of the rule's programs (in their order), its index in
    /// `RuleEnvironment.slots`, or -1 for a let (lets come last, in order).
    var slotMap: [Int] = []
    public var when: CompiledExpression
    public var message: MessageTemplate
    /// The uses (`wm.Usage` objects) a finding breaks, when the rule says
    /// (`affects:`); nil: a step or trigger rule affects its own use, a rule
    /// of another scope affects none.
    public var affects: CompiledExpression?
    /// What `affects` lists (`affects_mean:`): uses the finding breaks
    /// (`breaks`, the default), or uses that run but are at risk (`risks`:
    /// several defaults, an implicit pick), which reports do not call broken.
    public var affectsMeaning: AffectsMeaning = .breaks
    /// Connections (`wm.Connection` objects, or one) a finding points at as
    /// notes besides its own location (`related:`): the other of a pair.
    public var related: CompiledExpression?
    /// `severity_when:` conditions, in order: the first that holds gives the
    /// finding's severity; none: the rule's severity. A severity set in the
    /// configuration replaces all of them.
    public var severityWhen: [(condition: CompiledExpression, severity: Severity)] = []
    /// The path the finding points at (`step.connection`); falls back to the entity.
    public var at: [String]
    public var params: [RuleParam]
    public var examples: [RuleExample]
    public var file: String
    public var location: SourceLocation
    public var enabled: Bool

    public var id: RuleID { descriptor.id }

    /// Whether what the rule decides (`when` and its lets) can depend on which
    /// connection a step or trigger runs as: it reads `connection`, a field of
    /// `binding` that is a connection, or the workspace's or app's connections.
    /// True when the reads cannot be told. `why` needs it: a rule that does not
    /// judge the connection breaks a use whatever connection it runs as.
    public var judgesConnection: Bool {
        let pickOnly: Set<String> = ["method", "failure", "ambiguous", "undetermined", "why_undetermined"]
        for program in [when.program] + lets.map(\.expression.program) {
            guard let reads = program.variableReads else { return true }
            for (name, read) in reads {
                switch name {
                case "binding":
                    guard case .fields(let fields) = read, fields.isSubset(of: pickOnly) else { return true }
                case "connection", "workspace", "connections", "defaults", "uses", "choice", "pick": return true
                default: continue
                }
            }
        }
        return false
    }

    /// `when` split at its top-level `&&` (``celConjuncts(of:)``), each part
    /// compiled in `env` as `when` was; nil when it is not such a chain, or a
    /// part does not compile alone or needs lets `when` does not.
    static func whenSteps(
        _ when: CELProgram, env: CELEnvironment, lets: [(name: String, expression: CompiledExpression)], whenLets: [Int]
    ) -> [(program: CELProgram, lets: [Int])]? {
        guard let parts = celConjuncts(of: when.source) else { return nil }
        var steps: [(program: CELProgram, lets: [Int])] = []
        var computed = Set<Int>()
        for part in parts {
            guard let program = try? CELProgram(compiling: part, environment: env), program.variables == when.variables else { return nil }
            let needed = letsNeeded(by: part, lets: lets).filter { !computed.contains($0) }
            computed.formUnion(needed)
            steps.append((program, needed))
        }
        return computed == Set(whenLets) ? steps : nil
    }

    /// The lets an expression refers to, followed transitively through the lets' own sources.
    static func letsNeeded(by source: String, lets: [(name: String, expression: CompiledExpression)]) -> [Int] {
        var needed = Set<Int>()
        var pending = [source]
        while let text = pending.popLast() {
            let words = Set(text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init))
            for (i, l) in lets.enumerated() where words.contains(l.name) && !needed.contains(i) {
                needed.insert(i)
                pending.append(l.expression.program.source)
            }
        }
        return needed.sorted()
    }
}
