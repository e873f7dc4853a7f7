import CEL
import Foundation

/// How a user's configuration changes the rules: on/off, severity, params.
public struct RuleSettings: Sendable {
    /// Rule ids or names turned off.
    public var disabled: Set<String> = []
    /// Severity by rule id or name.
    public var severities: [String: Severity] = [:]
    /// Param values by rule id or name, then param name.
    public var params: [String: [String: CELValue]] = [:]

    public init() {}

    func lookup<T>(_ table: [String: T], _ rule: RuleID) -> T? { table[rule.id] ?? table[rule.name] }
}

/// Evaluates rules over resolved workspaces: every rule on every entity of
/// its scope, expressions compiled once, host objects built once per workspace.
public struct RuleEngine: Sendable {
    public var rules: [Rule]
    public var catalog: AppCatalog
    public var settings: RuleSettings
    /// Record one Evaluation per (rule, entity) for reports that list passes (JUnit).
    public var recordEvaluations = false
    /// Threads that share the entities of one workspace (1: one pass, in order).
    public var workers = processorCount
    /// Remember each step and trigger rule's `false` by what its `when` reads (``WhenMemo``).
    var memoizeWhen = true
    /// Evaluation errors reported per rule before the rest are only counted.
    static let maxErrorsPerRule = 5

    public init(rules: [Rule], catalog: AppCatalog, settings: RuleSettings = RuleSettings()) {
        self.rules = rules
        self.catalog = catalog
        self.settings = settings
    }

    public struct Output: Sendable {
        public var findings: [Finding] = []
        public var errors: [InputError] = []
        public var evaluations: [Evaluation] = []
        /// Entities answered by the memo instead of evaluated, by rule id (``WhenMemo``).
        var remembered: [String: Int] = [:]
        /// Rules evaluated on an entity (not answered by the memo).
        var evaluated = 0
        /// The same, by rule id (``PhaseTimer``'s notes).
        var evaluatedByRule: [String: Int] = [:]
        /// Entities whose every rule the entity memo answered (``WhenMemo/EntityMemo``).
        var answeredWhole = 0
        /// Late lets of findings taken from a ``FiringMemo`` instead of evaluated.
        var recalled = 0

        /// Appends the findings, errors and evaluations of `parts` after these,
        /// in order, and adds their counts; `parts` is left empty. Each part is
        /// let go as soon as it is copied, into room made once at the size of
        /// all: 46,000 findings are 14 MB a copy, and joins that kept their
        /// sources and grew by doubling held three copies at once (dense 100 MB).
        mutating func absorb(_ parts: inout [Output]) {
            if findings.isEmpty, errors.isEmpty, evaluations.isEmpty, parts.count == 1 {
                // One part (one workspace): taken whole, nothing copied; the counts added.
                let (counted, memoized, byRule, whole, recalls) = (evaluated, remembered, evaluatedByRule, answeredWhole, recalled)
                swap(&self, &parts[0])
                parts = []
                evaluated += counted
                answeredWhole += whole
                recalled += recalls
                remembered.merge(memoized, uniquingKeysWith: +)
                evaluatedByRule.merge(byRule, uniquingKeysWith: +)
                return
            }
            findings.reserveCapacity(findings.count + parts.reduce(0) { $0 + $1.findings.count })
            for i in parts.indices {
                findings += parts[i].findings
                errors += parts[i].errors
                evaluations += parts[i].evaluations
                remembered.merge(parts[i].remembered, uniquingKeysWith: +)
                evaluatedByRule.merge(parts[i].evaluatedByRule, uniquingKeysWith: +)
                evaluated += parts[i].evaluated
                answeredWhole += parts[i].answeredWhole
                recalled += parts[i].recalled
                parts[i] = Output()
            }
            parts = []
        }
    }

    public var activeRules: [Rule] {
        rules.filter { $0.enabled && !settings.disabled.contains($0.id.id) && !settings.disabled.contains($0.id.name) }
    }

    /// Runs every active rule on every workspace. `leading`: findings to put
    /// first in the output (the loader's): joined with the rules' in the one
    /// copy the rules' findings need anyway, not in a second.
    /// `leading` is consumed: its one copy is let go as it is joined.
    public func run(_ workspaces: [ResolvedWorkspace], now: Timestamp, leading: consuming [Finding] = []) -> Output {
        let all = workspaces.map(\.workspace)
        let handOver = HandOver(consume leading)
        // Made once for every workspace: a plan reads nothing of one.
        let plans = activeRules.map { rule in
            let configured = settings.lookup(settings.severities, rule.id)
            return RulePlan(rule, params: paramsValue(rule), severity: configured ?? rule.descriptor.defaultSeverity, fixedSeverity: configured != nil)
        }
        var perWorkspace = parallelMap(workspaces) { ws in
            let o = WorkspaceObjects(ws, others: all, catalog: catalog)
            PhaseTimer.mark("host objects of \(ws.workspace.slug)")
            return run(o, plans, now: now, leading: workspaces.count == 1 ? handOver.take() : [])
        }
        var out = Output()
        if workspaces.count != 1 { out.findings = handOver.take() }
        out.absorb(&perWorkspace)
        // The first errors of each rule (by where it is written), in order.
        var errorCounts: [String: Int] = [:]
        out.errors = out.errors.filter { e in
            let key = e.location.description
            errorCounts[key, default: 0] += 1
            return errorCounts[key, default: 0] <= RuleEngine.maxErrorsPerRule
        }
        return out
    }

    private func run(_ ws: WorkspaceObjects, _ plans: [RulePlan], now: Timestamp, leading: consuming [Finding]) -> Output {
        // Every range of every scope, joined once at the end (a join per
        // scope copied the earlier scopes' findings again each time).
        var parts = [Output()]
        parts[0].findings = consume leading
        let base: [CELValue] = {
            var b = [CELValue](repeating: .null, count: RuleEnvironment.slots.count)
            b[Slot.workspace.rawValue] = .object(ws)
            b[Slot.now.rawValue] = HostValue.timestamp(now)
            return b
        }()
        // Entities outer, rules inner: each entity's variables are built once
        // and shared by every rule of its scope. Every scope's ranges of
        // entities run in one pool on all cores, so no scope waits for the
        // one before it to end (the apps' one range ran alone on one core
        // after the triggers'). A scope of one range runs first, beside the
        // others' large ranges, and the smallest ranges last. The outputs
        // are joined in scope order, then entity order, as one pass gives them.
        let scoped: [(scope: RuleScope, rules: [RulePlan], ranges: [Range<Int>])] = RuleScope.allCases.compactMap { scope in
            let rules = plans.filter { $0.rule.scopes.contains(scope) }
            guard !rules.isEmpty else { return nil }
            return (scope, rules, workRanges(entityCount(scope, ws), workers: workers, minimum: 128))
        }
        let scopes = scoped.map { s in
            ScopeRun(
                scope: s.scope, rules: s.rules, memoized: memoizeWhen && (s.scope == .steps || s.scope == .triggers),
                states: StatePool(uses: s.ranges.count))
        }
        let jobs = scoped.indices.flatMap { s in scoped[s].ranges.map { (scope: s, range: $0) } }
        // The jobs in the order they start: a scope of one range first, then the rest as listed.
        let lone = scoped.map { $0.ranges.count == 1 }
        let order = jobs.indices.sorted { a, b in
            let (x, y) = (lone[jobs[a].scope], lone[jobs[b].scope])
            return x != y ? x : a < b
        }
        let run = { @Sendable (j: Int) in self.run(scopes[jobs[j].scope], jobs[j].range, ws, base: base) }
        var ran = workers > 1 ? parallelMap(order, run) : order.map(run)
        var outputs = [Output](repeating: Output(), count: jobs.count)
        for (k, j) in order.enumerated() { swap(&outputs[j], &ran[k]) }
        ran = []
        parts += outputs
        outputs = []
        PhaseTimer.mark("rules of every scope")
        var out = Output()
        out.absorb(&parts)
        return out
    }

    /// One scope's rules, and the states its ranges take in turn.
    private struct ScopeRun: Sendable {
        let scope: RuleScope
        let rules: [RulePlan]
        let memoized: Bool
        /// Let go once each of the scope's ranges has run.
        let states: StatePool<RangeState>
    }

    /// The rules of `s` on the entities of its scope whose index is in `range`.
    private func run(_ s: ScopeRun, _ range: Range<Int>, _ ws: WorkspaceObjects, base: [CELValue]) -> Output {
        let (scope, rules, states, memoized) = (s.scope, s.rules, s.states, s.memoized)
        var o = Output()
        let state = states.take { RangeState(rules, base: base, scope: scope, memoized: memoized, catalog: catalog) }
        defer { states.give(state) }
        let (variables, scratch, parts, keyers) = (state.variables, state.scratch, state.parts, state.keyers)
        let (prefixKeyers, prefixed) = (state.prefixKeyers, state.prefixed)
        let distinctKeyers = state.distinctKeyers
        let firing = state.firing
        let recalledBefore = state.recalled
        // Every rule's bit (nil: more than 64 rules, and those past them have none).
        let everyRule: UInt64? = rules.count > 64 ? nil : rules.count == 64 ? .max : (1 << UInt64(rules.count)) - 1
        var remembered = [Int](repeating: 0, count: rules.count)
        var evaluatedByRule = [Int](repeating: 0, count: rules.count)
        let entities = state.entities
        forEachEntity(scope, ws, in: range, base: base, catalog: state.catalog) { globals, details in
            parts?.fill(globals)
            // The rules known false for this entity, rule `p` by bit `p`:
            // every rule, for an entity with the very same parts as one on
            // which every rule was false; else by each rule's keyer.
            var known: UInt64 = 0
            let answered = entities?.isKnownFalse() ?? false
            if answered, let everyRule {
                known = everyRule
                o.answeredWhole += 1
            } else {
                for k in distinctKeyers { k.prepare() }
                for k in distinctKeyers { k.resolve() }
                for k in distinctKeyers { known |= k.knownFalse() }
                // A rule its keyer knows nothing of: by what its conjuncts before the last read.
                for p in prefixed where known & (1 << UInt64(p)) == 0 {
                    if let k = prefixKeyers[p] { known |= k.knownFalse() }
                }
            }
            // The rules known false, and those that give false below: all of them, the entity memo remembers.
            var learned = known
            defer { if !answered, learned == everyRule { entities?.rememberFalse() } }
            // Counted by their bits: a rule known false is not visited (no
            // plan, keyer or variables touched), unless every evaluation is
            // recorded, in the rules' order.
            var counted = known
            while counted != 0 {
                remembered[counted.trailingZeroBitCount] += 1
                counted &= counted &- 1
            }
            if known == everyRule, !recordEvaluations { return }
            var subject: SubjectDetails?
            let once = {
                if let subject { return subject }
                let d = details()
                subject = d
                return d
            }
            for p in 0..<rules.count {
                if p < 64, known & (1 << UInt64(p)) != 0 {
                    if recordEvaluations { record(rules[p], details: once, into: &o) }
                    continue
                }
                let plan = rules[p]
                let vars = variables[p]
                for v in vars.varying { vars.values[v.at] = globals[v.slot] }
                var falseAt = -1
                let fired = evaluate(plan, &vars.values, scratch, falseAt: &falseAt, firing: firing[p], details: once, into: &o)
                o.evaluated += 1
                evaluatedByRule[p] += 1
                // The lets start from null on every entity, as the variables were made.
                for i in plan.letBase..<plan.slotMap.count { vars.values[i] = .null }
                // Remembered only when its key could be (``WhenMemo/Keyer/rememberFalse(member:)``);
                // also by what the conjuncts before the last read when one of them gave false.
                // (By its whole key too: that keyer is looked up for every entity anyway, and
                // the conjuncts' keyer then only for the entities it does not know.)
                if fired == false {
                    keyers[p]?.rememberFalse(member: p)
                    if falseAt >= 0, falseAt < plan.prefixSteps { prefixKeyers[p]?.rememberFalse(member: p) }
                    learned |= 1 << UInt64(p)
                }
            }
        }
        for (p, n) in remembered.enumerated() where n > 0 { o.remembered[rules[p].rule.id.id, default: 0] += n }
        for (p, n) in evaluatedByRule.enumerated() where n > 0 { o.evaluatedByRule[rules[p].rule.id.id, default: 0] += n }
        o.recalled = state.recalled - recalledBefore
        // At its size: the range's findings grew by appending, and are kept until the join.
        o.findings = o.findings.exactSize()
        return o
    }

    private func paramsValue(_ rule: Rule) -> CELValue {
        let overrides = settings.lookup(settings.params, rule.id) ?? [:]
        let entries = rule.params.map { p in (CELValue.string(p.name), overrides[p.name] ?? p.defaultValue) }
        if case .success(let m) = CELMap.make(entries) { return .map(m) }
        return .map(CELMap.empty)
    }

    /// Records that `plan` was evaluated on the entity (for reports that list passes).
    private func record(_ plan: RulePlan, details: () -> SubjectDetails, into out: inout Output) {
        let d = details()
        out.evaluations.append(Evaluation(rule: plan.rule.id, entity: d.entity, location: d.primary))
    }

    /// Evaluates one rule on one entity; what `when` gave (nil: an error).
    /// `falseAt`: the conjunct of a stepwise `when` that gave `false` (unchanged otherwise).
    @discardableResult
    private func evaluate(
        _ plan: RulePlan, _ values: inout [CELValue], _ scratch: CELScratch, falseAt: inout Int, firing: FiringTables?,
        details: () -> SubjectDetails, into out: inout Output
    ) -> Bool? {
        // `plan.rule` is read in place: a local copy of the rule would retain its every field per evaluation.
        if recordEvaluations { record(plan, details: details, into: &out) }
        do throws(CELError) {
            // A `let` that fails holds its error as a value (CEL's errors are values):
            // it matters only if `when` or the message actually uses it.
            // Only the lets `when` needs are computed for every entity; the others
            // (message details, "did you mean" searches) only when the rule fires.
            let result = try plan.whenSteps.isEmpty ? plan.wholeWhen(&values, scratch) : plan.stepwiseWhen(&values, scratch, falseAt: &falseAt)
            guard case .bool(let fire) = result else {
                let rule = plan.rule
                out.errors.append(InputError("rule \(rule.id.id) \(rule.id.name): \"when\" gave \(result.literal), not a boolean, on \(details().entity.qualifiedDisplayPath)", at: rule.when.location))
                return nil
            }
            guard fire else { return false }
            for (k, i) in plan.lateLets.enumerated() { plan.computeLet(i, &values, scratch, memo: firing?.lets[k]) }
            let message = try plan.message.render(&values, scratch: scratch)
            var severity = plan.severity
            if !plan.fixedSeverity {
                for (condition, level) in plan.severityWhen {
                    if case .bool(true) = try condition.evaluate(&values, scratch: scratch) {
                        severity = level
                        break
                    }
                }
            }
            let d = details()
            var affects: [AffectedUse] = []
            if let expression = plan.affects {
                let value = try expression.evaluate(&values, scratch: scratch)
                guard let uses = Self.uses(value) else {
                    out.errors.append(InputError("rule \(plan.rule.id.id) \(plan.rule.id.name): \"affects\" gave \(value.literal), not a list of uses, on \(d.entity.qualifiedDisplayPath)", at: plan.rule.affects?.location ?? plan.rule.location))
                    return true
                }
                affects = uses.map { d.workspace.affectedUse($0) }
            } else if let use = d.use {
                affects = [d.workspace.affectedUse(use)]
            }
            var related = d.related
            if let expression = plan.related {
                let value = try expression.evaluate(&values, scratch: scratch)
                guard let connections = Self.connections(value) else {
                    out.errors.append(InputError("rule \(plan.rule.id.id) \(plan.rule.id.name): \"related\" gave \(value.literal), not a connection or a list of connections, on \(d.entity.qualifiedDisplayPath)", at: plan.rule.related?.location ?? plan.rule.location))
                    return true
                }
                // Appending nothing would still copy the entity's list, which its findings share.
                if !connections.isEmpty { related += connections.map(RelatedLocation.definedHere) }
            }
            var location = d.primary
            if let root = plan.rule.at.first, let object = d.objects[root], let l = object.location(of: plan.rule.at.dropFirst()) {
                location = l
            }
            var finding = Finding(
                rule: plan.rule.id, category: plan.rule.descriptor.category, severity: severity, message: message,
                location: location, entity: d.entity, related: related, remediation: plan.rule.descriptor.remediation,
                detail: plan.rule.message.parts.isEmpty ? nil : message)
            finding.affects = affects
            finding.affectsMeaning = plan.rule.affectsMeaning
            out.findings.append(finding)
            return true
        } catch {
            let rule = plan.rule
            out.errors.append(InputError("rule \(rule.id.id) \(rule.id.name) failed on \(details().entity.qualifiedDisplayPath): \(error.message)", at: rule.when.location))
            return nil
        }
    }
}

extension RuleEngine {
    /// The connections in a `related:` value: one `wm.Connection` or a list of them (nil: something else).
    static func connections(_ value: CELValue) -> [Connection]? {
        if case .object(let o) = value, let c = o as? ConnectionObject { return [c.connection] }
        guard case .list(let list) = value else { return nil }
        var out: [Connection] = []
        for i in 0..<list.count {
            guard case .object(let o) = list[i], let c = o as? ConnectionObject else { return nil }
            out.append(c.connection)
        }
        return out
    }

    /// The uses in an `affects:` value: a list of `wm.Usage` objects (nil: something else).
    static func uses(_ value: CELValue) -> [UseRef]? { usages(value)?.map(\.use) }

    /// The usage objects of a list value (nil: not a list of uses).
    static func usages(_ value: CELValue) -> [ConnectionUsage]? {
        guard case .list(let list) = value else { return nil }
        var out: [ConnectionUsage] = []
        out.reserveCapacity(list.count)
        for i in 0..<list.count {
            guard case .object(let o) = list[i], let usage = o as? ConnectionUsage else { return nil }
            out.append(usage)
        }
        return out
    }
}

/// What the ranges of one scope evaluate with: each range takes a state (a
/// new one when every state is in use) and gives it back when done, so the
/// memo one range learned serves the next range its thread runs (there are
/// four ranges per core, for balance: each learning its own memo evaluated
/// 2.7 times as many steps on the dense 10 MB export).
final class StatePool<State: AnyObject>: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [State] = []
    /// States given back until the pool lets them go (nil: kept).
    private var givesLeft: Int?

    /// A pool whose states go once given back `uses` times (one per range
    /// of its scope): the memo of a scope done is not held while the other
    /// scopes run on.
    init(uses: Int? = nil) {
        givesLeft = uses
    }

    func take(_ make: () -> State) -> State {
        lock.lock()
        let state = free.popLast()
        lock.unlock()
        return state ?? make()
    }

    func give(_ state: State) {
        lock.lock()
        if let left = givesLeft { givesLeft = left - 1 }
        if givesLeft == 0 { free = [] } else { free.append(state) }
        lock.unlock()
    }
}

/// One range's evaluation state, used by one range at a time.
private final class RangeState {
    /// Each rule's variables, kept from one entity to the next: the
    /// workspace, `now` and its params are written once, the entity's
    /// variables before each evaluation, the lets by the evaluation.
    let variables: [RuleVariables]
    let scratch = CELScratch()
    /// Each rule's `when` answers remembered by what it reads (steps and triggers).
    /// What they read is read once per entity, for all of them.
    let parts: WhenMemo.Parts?
    /// Each rule's keyer, where rule `p` is member `p`: rules that read
    /// exactly the same parts share one (one look-up per entity for all).
    /// Only the first 64 rules of a scope can be members (one bit each):
    /// past them, a rule is evaluated on every entity.
    let keyers: [WhenMemo.Keyer?]
    /// Each rule's keyer of its conjuncts but the last (``RulePlan/prefixMemo``),
    /// rule `p` member `p` as well: a key of either, remembered false, is the
    /// rule's false. Looked up only for an entity on which the rule's own
    /// keyer knows nothing (most entities it does: a look-up for every
    /// entity cost more than the evaluations it spared at 10 MB).
    let prefixKeyers: [WhenMemo.Keyer?]
    /// The rules that have one.
    let prefixed: [Int]
    /// Each keyer once (looked up for every entity, in two passes: ``WhenMemo/Keyer/prepare()``).
    let distinctKeyers: [WhenMemo.Keyer]
    /// Entities on which every rule was false, by all their parts (nil: a
    /// rule of the scope is not keyed, or the scope is not memoized).
    let entities: WhenMemo.EntityMemo?
    /// The catalog's app and operation objects, this state's own: the
    /// entities of its ranges count references to these on every step,
    /// and objects shared by every thread's states would have their counts
    /// passed between the cores (a memo keys an app by its object: one
    /// state's keys are all made with its own).
    let catalog: CatalogObjects
    /// Each rule's late lets remembered by what they read (nil: the scope
    /// is not memoized, or the rule has none).
    let firing: [FiringTables?]
    /// The values its firing tables have given so far (``RuleEngine/Output/recalled``).
    var recalled: Int { firing.reduce(0) { $0 + ($1?.hits ?? 0) } }

    init(_ rules: [RulePlan], base: [CELValue], scope: RuleScope, memoized: Bool, catalog: AppCatalog) {
        self.catalog = CatalogObjects(catalog: catalog)
        firing = rules.map { memoized ? FiringTables($0, scope: scope) : nil }
        variables = rules.map { RuleVariables($0, base: base) }
        // The rules' memos, then their conjuncts' (``RulePlan/prefixMemo``): `parts.indices[rules.count + p]`.
        let parts = memoized ? WhenMemo.Parts(rules.map(\.whenMemo) + rules.map(\.prefixMemo), scope: scope) : nil
        var shared: [[Int]: WhenMemo.Keyer] = [:]
        func keyer(_ p: Int, _ memo: Int) -> WhenMemo.Keyer? {
            guard p < WhenMemo.Keyer.maxMembers, let parts, let indices = parts.indices[memo] else { return nil }
            if let keyer = shared[indices] { return keyer }
            let keyer = WhenMemo.Keyer(parts, indices: indices)
            shared[indices] = keyer
            return keyer
        }
        keyers = rules.indices.map { keyer($0, $0) }
        let prefixKeyers = rules.indices.map { keyer($0, rules.count + $0) }
        self.prefixKeyers = prefixKeyers
        prefixed = rules.indices.filter { prefixKeyers[$0] != nil }
        var seen = Set<ObjectIdentifier>()
        distinctKeyers = keyers.compactMap { $0 }.filter { seen.insert(ObjectIdentifier($0)).inserted }
        self.parts = parts
        // Every rule keyed (each by parts among these): another entity with these parts gives each the same answer.
        entities = keyers.allSatisfy { $0 != nil } ? parts.flatMap(WhenMemo.EntityMemo.init) : nil
    }
}

/// One rule's variables, kept from one entity to the next and from one range
/// to the next (a ``RangeState`` serves one range at a time: not checked for
/// overlapping access at run time).
private final class RuleVariables {
    @exclusivity(unchecked) var values: [CELValue]
    /// Where each of the entity's variables goes: its position in `values`, its slot.
    let varying: [(at: Int, slot: Int)]

    /// The workspace, `now` and the params set; the entity's variables and the lets null.
    init(_ plan: RulePlan, base: [CELValue]) {
        values = plan.slotMap.map { slot in slot == RuleEnvironment.Slot.params.rawValue ? plan.params : slot >= 0 ? base[slot] : .null }
        varying = plan.slotMap.enumerated().compactMap { at, slot in
            slot >= 0 && !RuleEnvironment.constantSlots.contains(slot) ? (at, slot) : nil
        }
    }
}

/// A rule made ready for evaluating on many entities: its programs as runners
/// (no copies per evaluation), which lets `when` needs, its params and severity.
final class RulePlan: Sendable {
    let rule: Rule
    let when: CELRunner
    let lets: [CELRunner]
    /// The lets `when` needs (computed on every entity), and the others (only when it fires).
    let whenLets: [Int]
    let lateLets: [Int]
    /// Where each variable comes from (``Rule/slotMap``); the lets come last, from `letBase`.
    let slotMap: [Int]
    let letBase: Int
    let params: CELValue
    let severity: Severity
    /// The configuration set the severity: `severity_when` does not apply.
    let fixedSeverity: Bool
    let affects: CELRunner?
    let related: CELRunner?
    let severityWhen: [(CELRunner, Severity)]
    let message: MessageTemplate.Renderer
    /// Its `when` remembered by what it reads (nil: not memoizable).
    let whenMemo: WhenMemo?
    /// Its `when`'s conjuncts but the last, remembered by what they alone
    /// read (``WhenMemo/init(_:conjuncts:)``) when that is less than what
    /// `when` reads; `prefixSteps`: how many conjuncts (0: none).
    let prefixMemo: WhenMemo?
    let prefixSteps: Int
    /// `when`'s conjuncts and the lets each needs first (``Rule/whenSteps``); empty: `when` whole.
    let whenSteps: [(when: CELRunner, lets: [Int])]
    /// Each late let as remembered by what it reads (``FiringMemo``; nil: it cannot be).
    let lateMemos: [FiringMemo?]

    init(_ rule: Rule, params: CELValue, severity: Severity, fixedSeverity: Bool) {
        self.fixedSeverity = fixedSeverity
        affects = rule.affects.map { CELRunner($0.program) }
        related = rule.related.map { CELRunner($0.program) }
        severityWhen = rule.severityWhen.map { (CELRunner($0.condition.program), $0.severity) }
        self.rule = rule
        when = CELRunner(rule.when.program)
        message = MessageTemplate.Renderer(rule.message)
        lets = rule.lets.map { CELRunner($0.expression.program) }
        whenLets = rule.whenLets
        lateLets = rule.lets.indices.filter { !rule.whenLets.contains($0) }
        lateMemos = lateLets.map { FiringMemo(rule, rule.lets[$0].expression.program) }
        slotMap = rule.slotMap
        letBase = rule.slotMap.count - rule.lets.count
        self.params = params
        self.severity = severity
        let memo = WhenMemo(rule)
        whenMemo = memo
        whenSteps = rule.whenSteps?.map { (CELRunner($0.program), $0.lets) } ?? []
        let k = whenSteps.count - 1
        if k > 0, let prefix = WhenMemo(rule, conjuncts: k), memo.map({ prefix.partCount < $0.partCount }) ?? true {
            (prefixMemo, prefixSteps) = (prefix, k)
        } else {
            (prefixMemo, prefixSteps) = (nil, 0)
        }
    }

    /// `when` with every let it needs computed first.
    func wholeWhen(_ values: inout [CELValue], _ scratch: CELScratch) throws(CELError) -> CELValue {
        for i in whenLets { computeLet(i, &values, scratch) }
        return try when.evaluate(&values, scratch: scratch)
    }

    /// `when` conjunct by conjunct, each after the lets it needs: the first
    /// `false` is the answer (CEL's `&&` is false when an operand is, whatever
    /// the others give), so the lets only later conjuncts need are not
    /// computed. An error or a non-boolean: `when` whole decides, as it would have.
    func stepwiseWhen(_ values: inout [CELValue], _ scratch: CELScratch) throws(CELError) -> CELValue {
        var falseAt = -1
        return try stepwiseWhen(&values, scratch, falseAt: &falseAt)
    }

    /// `falseAt`: the conjunct that gave `false` (unchanged otherwise).
    func stepwiseWhen(_ values: inout [CELValue], _ scratch: CELScratch, falseAt: inout Int) throws(CELError) -> CELValue {
        for (k, step) in whenSteps.enumerated() {
            for i in step.lets { computeLet(i, &values, scratch) }
            switch step.when.evaluateToValue(&values, scratch: scratch) {
            case .bool(false):
                falseAt = k
                return .bool(false)
            case .bool(true): continue
            default:
                for later in whenSteps[(k + 1)...] {
                    for i in later.lets { computeLet(i, &values, scratch) }
                }
                return try when.evaluate(&values, scratch: scratch)
            }
        }
        return .bool(true)
    }

    /// `memo`: the let's values remembered by what it reads (``FiringMemo``; nil: evaluated).
    func computeLet(_ i: Int, _ values: inout [CELValue], _ scratch: CELScratch, memo: FiringMemo.Table<CELValue>? = nil) {
        guard let memo else {
            let v = lets[i].evaluateToValue(&values, scratch: scratch)
            values[letBase + i] = v
            return
        }
        let v = memo.value(&values) { lets[i].evaluateToValue(&$0, scratch: scratch) }
        values[letBase + i] = v
    }
}

/// The loader's findings on their way into the one workspace's join, held
/// by nothing else: the join lets them go once copied (1.7 MB at dense
/// 100 MB, held to the end of the rules before, through their peak).
/// Taken once, by the one thread that runs a workspace's rules.
private final class HandOver: @unchecked Sendable {
    private var findings: [Finding]

    init(_ findings: consuming [Finding]) { self.findings = findings }

    func take() -> [Finding] {
        var taken: [Finding] = []
        swap(&taken, &findings)
        return taken
    }
}

/// One rule's ``FiringMemo`` tables in one evaluation state: its late lets' values.
final class FiringTables {
    let lets: [FiringMemo.Table<CELValue>?]

    /// Nil when none of `plan`'s late lets can be remembered.
    init?(_ plan: RulePlan, scope: RuleScope) {
        lets = plan.lateMemos.map { $0.flatMap { FiringMemo.Table($0, slotMap: plan.slotMap, scope: scope) } }
        if lets.allSatisfy({ $0 == nil }) { return nil }
    }

    /// The values its tables have given instead of evaluating.
    var hits: Int { lets.reduce(0) { $0 + ($1?.hits ?? 0) } }
}
