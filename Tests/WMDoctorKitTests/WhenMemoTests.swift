import CEL
import XCTest

@testable import WMDoctorKit

/// A step or trigger rule's `when` is remembered by exactly what it reads:
/// what is read is found right, and remembering changes no finding.
final class WhenMemoTests: XCTestCase {
    private static let rules = RuleSet.load(RuleSet.builtinFiles).0

    func testVariableReadsAreTheFieldsSelectedOrTheWholeValue() throws {
        var env = CELEnvironment()
        for v in ["use", "workflow", "connection", "step"] { env.declare(v) }
        let p = try CELProgram(
            compiling: "use.app == 'slack' && workflow.enabled && has(step.expect) && [connection].size() == 1 && workflow.env.x == 1 && [1].all(c, c > 0)",
            environment: env)
        XCTAssertEqual(p.variableReads, [
            "use": .fields(["app"]), "workflow": .fields(["enabled", "env"]), "step": .fields(["expect"]), "connection": .whole,
        ])
        XCTAssertEqual(try CELProgram(compiling: "1 + 2", environment: env).variableReads, [:])
    }

    func testMissingScopeIsKeyedOnItsPossibleConnectionsOperationAppAndWhetherTheWorkflowRuns() throws {
        let rule = try XCTUnwrap(Self.rules.rules.first { $0.id.id == "WM201" })
        let memo = try XCTUnwrap(WhenMemo(rule))
        let described = memo.reads.map { "\(RuleEnvironment.slots[$0.slot])\($0.fields.map { "." + $0.joined(separator: ",") } ?? "")" }
        XCTAssertEqual(described, ["binding.possible", "operation", "use.app", "workflow.enabled"])
    }

    func testMostStepRulesAreMemoized() {
        let memoized = Self.rules.rules.filter { WhenMemo($0) != nil }.map(\.id.id)
        XCTAssertEqual(memoized, [
            "WM101", "WM102", "WM103", "WM104", "WM201", "WM202", "WM203", "WM401", "WM402", "WM403", "WM404", "WM503", "WM702",
        ])
    }

    func testARuleReadingAListOrAMapOfAStepIsKeyedByTheKeyItsFieldDeclares() throws {
        let keyed: [String: [String]] = [
            "WM103": ["binding.candidates", "binding.method", "workflow.enabled"],
            "WM401": ["binding.possible", "use.expect", "workflow.enabled"],
            "WM402": ["binding.possible", "use.app", "workflow.enabled", "workflow.expect"],
            "WM702": ["use.secret_params"],
        ]
        for (id, reads) in keyed {
            let rule = try XCTUnwrap(Self.rules.rules.first { $0.id.id == id })
            let memo = try XCTUnwrap(WhenMemo(rule), id)
            XCTAssertEqual(memo.reads.flatMap { r in (r.fields ?? []).map { "\(RuleEnvironment.slots[r.slot]).\($0)" } }, reads, id)
            let parts = WhenMemo.Parts([memo], scope: .steps)
            let listReads = (0..<parts.count).filter { parts.isKeyed($0) }.map(parts.describe)
            // Lists and maps by the key their field declares; the app and operation by their vocabulary numbers.
            let keyedFields = ["binding.candidates", "binding.possible", "workflow.expect", "use.secret_params", "use.app", "use.operation"]
            // A list of connections read only through some of their values, by those values.
            let projected = ["binding.candidates": "binding.candidates by their count", "binding.possible": "binding.possible by account.email, account.id, account.label"]
            XCTAssertEqual(Set(listReads), Set(reads.filter { keyedFields.contains($0) }.map { projected[$0] ?? $0 }), id)
        }
    }

    func testAListOfConnectionsIsKeyedByExactlyTheConnectionsItHolds() throws {
        func key(_ list: [Int]) -> [UInt64]? { HostFieldKey.indices(list).map { [$0.0, $0.1] } }
        XCTAssertEqual(key([]), [0, 0])
        XCTAssertEqual(key([7]), key(Array([7])))
        let short = [[], [0], [1], [0, 1], [1, 0], [0, 0], [0, 1, 2], [0, 2, 1], [2, 1, 0], [1, 1, 1], [4_000_000_000]]
        let keys = short.map(key)
        XCTAssertEqual(Set(keys.compactMap { $0 }).count, short.count, "up to three indices: each list its own key")
        XCTAssertNil(key([Int(UInt32.max) + 1]), "an index past 32 bits is not keyed")
        XCTAssertNil(key([-1]))
        for i in [0, 1, 7, 4_000_000_000] {
            XCTAssertEqual(HostFieldKey.index(i).map { [$0.0, $0.1] }, key([i]), "one connection: as the list of it")
        }
        XCTAssertEqual(HostFieldKey.index(nil).map { [$0.0, $0.1] }, key([]))
        // A longer list: its count and its storage, so the same storage is the same key...
        let long = [0, 1, 2, 3]
        let copy = long
        XCTAssertEqual(key(long), key(copy), "a copy shares the storage")
        XCTAssertNotEqual(key(long), key([0, 1, 2, 3, 4]))
        // ...and another storage another key (the rule is then evaluated again, never answered wrongly).
        var other = long
        other[0] = 0
        XCTAssertNotEqual(key(long), key(other))
    }

    func testWhatTheRulesOfAScopeReadIsReadOncePerEntityForThemAll() throws {
        let memos = Self.rules.rules.map(WhenMemo.init)
        for scope in [RuleScope.steps, .triggers] {
            let parts = WhenMemo.Parts(memos, scope: scope)
            XCTAssertEqual(parts.indices.map { $0 != nil }, memos.map { $0 != nil })
            let used = parts.indices.compactMap { $0 }.flatMap { $0 }
            XCTAssertEqual(Set(used), Set(0..<parts.count), "every value read is some rule's")
            XCTAssertLessThan(parts.count, used.count, "rules share what they read")
            let names = (0..<parts.count).map(parts.describe)
            XCTAssertEqual(Set(names).count, names.count, "each value read once")
            for (memo, indices) in zip(memos, parts.indices) {
                guard let memo, let indices else { continue }
                func named(_ slot: Int, _ field: String?) -> String {
                    let by = memo.projections[WhenMemo.projectionKey(slot, field ?? "")].map { " by " + $0.description } ?? ""
                    return RuleEnvironment.slots[slot] + (field.map { "." + $0 } ?? "") + by
                }
                let reads: [String] = memo.reads.flatMap { r in r.fields.map { $0.map { named(r.slot, $0) } } ?? [named(r.slot, nil)] }
                XCTAssertEqual(indices.map(parts.describe), reads, "a rule's key is its own reads, in its order")
            }
        }
    }

    /// A rule failing on many entities, in two workspaces, reports its first
    /// errors only, in entity order.
    func testARuleFailingEverywhereReportsItsFirstErrors() throws {
        let text = RuleCheckTests.rule(for: "connections", "when: int(connection.name) > 0\nmessage: m")
        let rule = try RuleCheckTests.loaded(text, catalog: Self.rules.catalog)
        func export(_ slug: String) -> String {
            "apiVersion: workflow-machine/v1\nkind: ConnectionList\nworkspace: \(slug)\nconnections:\n"
                + (0..<4).map { "  - {id: \(slug)_\($0), name: N\($0), app: slack, account: {id: T}, auth: {type: oauth2}}\n" }.joined()
        }
        let files = [load(export("a"), name: "a.yaml"), load(export("b"), name: "b.yaml")]
        let resolved = WorkspaceMerger.merge(files).0.map { BindingResolver.resolve($0, now: testNow, catalog: Self.rules.catalog) }
        for workers in [1, 2] {
            var engine = RuleEngine(rules: [rule], catalog: Self.rules.catalog)
            engine.workers = workers
            let out = engine.run(resolved, now: testNow)
            XCTAssertEqual(out.evaluated, 8)
            XCTAssertEqual(out.errors.count, RuleEngine.maxErrorsPerRule)
            XCTAssertEqual(out.errors.map { $0.message.contains(" on a / ") ? "a" : "b" }, ["a", "a", "a", "a", "b"])
        }
    }

    /// A range of steps takes the state (and the memo) an earlier range gave back.
    func testARangeTakesTheStateAnEarlierRangeGaveBack() {
        final class State {}
        let pool = StatePool<State>()
        var made = 0
        let first = pool.take { made += 1; return State() }
        let second = pool.take { made += 1; return State() }
        XCTAssertEqual(made, 2, "both in use: a new one")
        pool.give(first)
        XCTAssertTrue(pool.take { made += 1; return State() } === first)
        pool.give(second)
        XCTAssertTrue(pool.take { made += 1; return State() } === second)
        XCTAssertEqual(made, 2)
    }

    func testCatalogLookupsPastTheirCapacityStillGiveTheCatalogsObjects() {
        let objects = CatalogObjects(catalog: Self.rules.catalog)
        let lookups = CatalogLookups(objects, trigger: false)
        let app = "slack"
        let known = Self.rules.catalog.apps[app]?.actions.keys.sorted() ?? []
        XCTAssertFalse(known.isEmpty)
        // Distinct unknown actions fill the table; the known ones, asked after, are still found.
        for i in 0..<(CatalogLookups.capacity + 10) {
            let (a, o) = lookups.lookup(app: VocabularyText(app), operation: VocabularyText("unknown_action_\(i)"))
            XCTAssertTrue(a === objects.app(app))
            XCTAssertNil(o)
        }
        for op in known {
            let (_, o) = lookups.lookup(app: VocabularyText(app), operation: VocabularyText(op))
            XCTAssertTrue(o === objects.operation(app: app, key: op, trigger: false), op)
        }
    }

    func testCatalogLookupsGiveTheCatalogsObjects() {
        let objects = CatalogObjects(catalog: Self.rules.catalog)
        var apps = Self.rules.catalog.apps.keys.sorted()
        apps += ["not_an_app", "an_app_key_longer_than_fifteen_bytes"]
        for trigger in [false, true] {
            let lookups = CatalogLookups(objects, trigger: trigger)
            for round in 0..<2 {
                for app in apps {
                    let app = round == 0 ? app : String(app.utf8.map { Character(UnicodeScalar($0)) })  // the same text, another String
                    let known = Self.rules.catalog.apps[app]
                    let keys = (trigger ? known?.triggers.keys : known?.actions.keys).map { Array($0).sorted() } ?? []
                    for op in keys + ["no_such_operation", "an_operation_key_longer_than_fifteen", nil] as [String?] {
                        let (a, o) = lookups.lookup(app: VocabularyText(app), operation: VocabularyText(op))
                        XCTAssertEqual(a.key, app)
                        let expected = op.flatMap { objects.operation(app: app, key: $0, trigger: trigger) }
                        XCTAssertTrue(o === expected, "\(app) \(op ?? "-") \(trigger)")
                        if let known = objects.operation(app: app, key: op ?? "", trigger: trigger) { XCTAssertTrue(o === known) }
                        if Self.rules.catalog.apps[app] != nil { XCTAssertTrue(a === objects.app(app)) }
                    }
                }
            }
        }
    }

    private final class Thing: CELObject {
        var celTypeName: String { "test.Thing" }
        func field(_ name: String) -> CELValue? { nil }
    }

    func testAKeyerRemembersExactlyTheKeysGivenUpToItsCapacity() throws {
        let text = RuleCheckTests.rule(for: "steps", "when: connection != null && operation == null && use.app == 'slack'\nmessage: m")
        let rule = try RuleCheckTests.loaded(text, catalog: Self.rules.catalog)
        let parts = WhenMemo.Parts([WhenMemo(rule)], scope: .steps)
        let keyer = WhenMemo.Keyer(parts, indices: try XCTUnwrap(parts.indices[0]))
        typealias Slot = RuleEnvironment.Slot
        func known(_ connection: CELValue, _ operation: CELValue = .null) -> Bool? {
            var globals = [CELValue](repeating: .null, count: RuleEnvironment.slots.count)
            globals[Slot.connection.rawValue] = connection
            globals[Slot.operation.rawValue] = operation
            globals[Slot.use.rawValue] = .object(Thing())  // no field `app`: read as absent
            parts.fill(globals)
            return keyer.isKnownFalse()
        }
        let things = (0..<(WhenMemo.Keyer.capacity + 10)).map { _ in Thing() }
        XCTAssertEqual(known(.object(things[0])), false)
        keyer.rememberFalse()
        XCTAssertEqual(known(.object(things[0])), true)
        XCTAssertEqual(known(.object(things[0]), .string("send")), false, "another value read: another key")
        XCTAssertEqual(known(.object(things[1])), false, "objects by identity")
        XCTAssertNil(known(.list(CELList([]))), "a list is not keyed")
        for t in things.dropFirst() {
            XCTAssertEqual(known(.object(t)), false)
            keyer.rememberFalse()
        }
        let remembered = things.filter { known(.object($0)) == true }.count
        XCTAssertEqual(remembered, WhenMemo.Keyer.capacity, "at most its capacity, each remembered one found")
        XCTAssertEqual(known(.object(things[0])), true)
        XCTAssertEqual(known(.object(things.last ?? things[0])), false, "past the capacity: evaluated")
    }

    func testRulesReadingTheSamePartsShareAKeyerAndEachIsRememberedForItself() throws {
        // Two rules that read exactly the same parts: one keyer, one look-up per step.
        let memos = try ["operation != null", "operation == null"].map { when in
            let text = RuleCheckTests.rule(for: "steps", "when: \(when) && binding.possible.exists(c, c.app == 'slack')\nmessage: m")
            return try XCTUnwrap(WhenMemo(try RuleCheckTests.loaded(text, catalog: Self.rules.catalog)))
        }
        let parts = WhenMemo.Parts(memos, scope: .steps)
        XCTAssertEqual(parts.indices[0], parts.indices[1])
        XCTAssertEqual(parts.indices[0].map { $0.map(parts.describe) }, ["binding.possible by app", "operation"])
        let keyer = WhenMemo.Keyer(parts, indices: try XCTUnwrap(parts.indices[0]))
        typealias Slot = RuleEnvironment.Slot
        let operations = [Thing(), Thing()]
        func fill(_ operation: Thing) {
            var globals = [CELValue](repeating: .null, count: RuleEnvironment.slots.count)
            globals[Slot.operation.rawValue] = .object(operation)
            parts.fill(globals)
        }
        fill(operations[0])
        XCTAssertEqual(keyer.isKnownFalse(member: 0), false)
        XCTAssertEqual(keyer.isKnownFalse(member: 1), false)
        keyer.rememberFalse(member: 0)  // the first gave false, the second fired: only the first is remembered
        fill(operations[0])
        XCTAssertEqual(keyer.isKnownFalse(member: 0), true)
        XCTAssertEqual(keyer.isKnownFalse(member: 1), false, "another member's false is not this one's")
        keyer.rememberFalse(member: 1)
        // Looked up in two passes, as a state does for every keyer of an entity: the same answers.
        fill(operations[0])
        keyer.prepare()
        keyer.resolve()
        XCTAssertEqual(keyer.isKnownFalse(member: 0), true)
        XCTAssertEqual(keyer.isKnownFalse(member: 1), true)
        fill(operations[1])
        keyer.prepare()
        keyer.resolve()
        XCTAssertEqual(keyer.isKnownFalse(member: 0), false, "another operation: another key")
        XCTAssertEqual(keyer.isKnownFalse(member: 1), false)
        // Remembered after the look-up of an unknown key: the one entry is found by both members.
        keyer.rememberFalse(member: 1)
        keyer.rememberFalse(member: 0)
        fill(operations[1])
        XCTAssertEqual(keyer.isKnownFalse(member: 0), true)
        XCTAssertEqual(keyer.isKnownFalse(member: 1), true)
    }

    func testARuleReadingAStepWholeOrCoveringConnectionsIsNotMemoized() throws {
        let connectionRule = try XCTUnwrap(Self.rules.rules.first { !$0.scopes.contains(.steps) && !$0.scopes.contains(.triggers) })
        XCTAssertNil(WhenMemo(connectionRule))
        let text = RuleCheckTests.rule(for: "steps", "when: type(step) == type(connection)\nmessage: m")
        XCTAssertNil(WhenMemo(try RuleCheckTests.loaded(text, catalog: Self.rules.catalog)), "a step read whole: no key but the step itself")
    }

    /// Many steps that agree on what the rules read, differing in what they do not
    /// (ids, params), in whether their workflow runs, and in their binding.
    static var export: String {
        var text = header + """
            connections:
              - {id: c_ok, name: Ok, app: slack, default: true, environment: production, account: {id: T1}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write, channels:read]}}
              - {id: c_narrow, name: Narrow, app: slack, environment: staging, account: {id: T2}, auth: {type: oauth2, token_kind: user, scopes: [channels:read]}}
              - {id: c_revoked, name: Revoked, app: gmail, status: revoked, account: {email: a@acme.com}, auth: {type: oauth2, scopes: []}}
              - {id: s_test, name: Stripe, app: stripe, account: {id: acct_1, mode: test}, auth: {type: api_key, key_hint: "rk_test_…1", scopes: [rak_customer_write]}}
              - {id: c_narrow2, name: Narrow, app: slack, account: {id: T3}, auth: {type: oauth2, token_kind: bot, scopes: [chat:write]}}
              - {id: m_1, name: Mail, app: gmail, created_at: "2026-01-01T00:00:00Z", account: {email: ops@acme.com}, auth: {type: oauth2, scopes: [gmail.send]}}
              - {id: m_2, name: Mail, app: gmail, created_at: "2026-02-01T00:00:00Z", account: {email: bot@other.com}, auth: {type: oauth2, scopes: [gmail.send]}}
              - {id: m_3, name: Mail, app: gmail, created_at: "2026-03-01T00:00:00Z", account: {email: ops@acme.com}, auth: {type: oauth2, scopes: [gmail.send]}}
              - {id: m_4, name: Mail, app: gmail, created_at: "2026-03-01T00:00:00Z", account: {email: x@acme.com}, auth: {type: oauth2, scopes: [gmail.send]}}
              - {id: c_twin, name: Twin, app: slack, environment: staging, account: {id: T4}, auth: {type: oauth2, token_kind: user, scopes: [chat:write, channels:read]}}
              - {id: s_test2, name: Stripe 2, app: stripe, account: {id: acct_2, mode: test}, auth: {type: api_key, key_hint: "rk_test_…2", scopes: [rak_customer_write]}}
              - {id: s_live, name: Stripe 3, app: stripe, account: {id: acct_3, mode: test}, auth: {type: api_key, key_hint: "rk_live_…3", scopes: [rak_customer_write]}}
            workflows:

            """
        let steps = [
            "{id: a, app: slack, action: send_message}", "{id: b, app: slack, action: send_message, connection: c_narrow}",
            "{id: c, app: slack, action: send_messages, connection: c_ok}", "{id: d, app: gmail, action: send_email, connection: c_revoked}",
            "{id: e, app: stripe, action: create_refund}", "{id: f, app: slack, action: list_channels, connection: c_missing}",
            "{id: g, app: slack, action: send_message, connection: {name: Narrow}, expect: {account: 'T9'}}",
            "{id: h, app: notion, action: create_page}", "{id: i, app: gmail, action: send_email, params: {to: x}}",
            "{id: j, app: gmail, action: send_email, connection: {name: Mail}, expect: {account: '*@acme.com'}}",
            "{id: k, app: slack, action: send_message, params: {api_key: sk_live_4eC39HqLyjWDarjtT1zdp7dc}}",
            "{id: l, app: slack, action: send_message, connection: {name: Narrow}}",
            // Connections that agree with others on what some rules read of them, and not on what others read.
            "{id: m, app: slack, action: search_messages, connection: c_twin}", "{id: n, app: stripe, action: create_refund, connection: s_test2}",
            "{id: o, app: stripe, action: create_refund, connection: s_live}", "{id: p, app: slack, action: send_message, connection: c_twin, expect: {account: T1}}",
            "{id: q, app: slack, action: search_messages, connection: c_ok}",
        ]
        let expectations = ["", "    expect: {accounts: {slack: T1}}\n", "    expect: {accounts: {slack: 'T*', gmail: '*@acme.com'}}\n"]
        for w in 0..<24 {
            text += "  - id: wf_\(w)\n    name: W\(w)\n    enabled: \(w % 5 != 3)\n    environment: \(w % 4 == 1 ? "staging" : "production")\n"
            text += expectations[w % 3]
            text += "    trigger: {app: slack, event: new_message\(w % 7 == 2 ? ", connection: c_narrow" : "")}\n    steps:\n"
            for s in 0..<(1 + w % 6) { text += "      - \(steps[(w + s * 4) % steps.count])\n".replacingOccurrences(of: "{id: ", with: "{id: s\(s)") }
        }
        return text
    }

    func testRememberingChangesNoFinding() throws {
        let file = load(Self.export, name: "many.yaml")
        XCTAssertNil(file.error)
        let resolved = WorkspaceMerger.merge([file]).0.map { BindingResolver.resolve($0, now: testNow, catalog: Self.rules.catalog) }
        for workers in [1, 2] {
            var engine = RuleEngine(rules: Self.rules.rules, catalog: Self.rules.catalog)
            engine.workers = workers
            // Not recorded: an entity every rule is known false for is left at once.
            let unrecorded = engine.run(resolved, now: testNow)
            engine.recordEvaluations = true
            let remembered = engine.run(resolved, now: testNow)
            engine.memoizeWhen = false
            let evaluated = engine.run(resolved, now: testNow)
            XCTAssertEqual(lines(unrecorded.findings), lines(evaluated.findings))
            XCTAssertEqual(unrecorded.remembered, remembered.remembered)
            XCTAssertEqual(unrecorded.evaluations, [])
            // Recorded: every (rule, entity) in the order of one pass, answered or evaluated.
            XCTAssertEqual(remembered.evaluations, evaluated.evaluations)
            XCTAssertGreaterThan(evaluated.findings.count, 40, "the export must make the step rules fire")
            XCTAssertEqual(lines(remembered.findings), lines(evaluated.findings))
            XCTAssertEqual(remembered.findings.map(\.affects), evaluated.findings.map(\.affects))
            XCTAssertEqual(remembered.errors.map(\.message), evaluated.errors.map(\.message))
            XCTAssertEqual(remembered.evaluations.count, evaluated.evaluations.count, "a remembered answer is still an evaluation")
            XCTAssertEqual(Set(remembered.findings.map(\.rule.id)).count, Set(evaluated.findings.map(\.rule.id)).count)
            XCTAssertEqual(evaluated.remembered, [:])
            // Every (rule, entity) is either evaluated or answered by the memo.
            XCTAssertEqual(evaluated.evaluated, evaluated.evaluations.count)
            XCTAssertEqual(remembered.evaluated + remembered.remembered.values.reduce(0, +), remembered.evaluations.count)
            XCTAssertLessThan(remembered.evaluated, evaluated.evaluated / 2)
            // Rules that read a list or a map fire here, and their `false` is remembered elsewhere.
            for id in ["WM103", "WM401", "WM402", "WM702"] {
                XCTAssertTrue(evaluated.findings.contains { $0.rule.id == id }, id)
                XCTAssertGreaterThan(remembered.remembered[id] ?? 0, 0, id)
            }
        }
    }

    /// A rule that reads a list of connections only through some values of
    /// each is remembered by those values: thirty Slack connections with
    /// one grant are one key for the missing scope, and the rules that read
    /// what differs among them (the account, the token's kind) are not.
    func testConnectionsThatAgreeOnWhatARuleReadsShareItsAnswer() throws {
        var text = header + "connections:\n"
        for i in 0..<30 {
            text += "  - {id: c\(i), name: S\(i), app: slack, environment: \(i % 2 == 0 ? "production" : "staging"), account: {id: T\(i)}, auth: {type: oauth2, token_kind: \(i % 3 == 0 ? "user" : "bot"), scopes: [channels:read]}}\n"
        }
        text += "workflows:\n"
        for i in 0..<30 {
            text += "  - {id: wf\(i), name: W, expect: {accounts: {slack: T0}}, steps: [{id: s, app: slack, action: send_message, connection: c\(i)}]}\n"
        }
        let file = load(text, name: "twins.yaml")
        XCTAssertNil(file.error)
        let resolved = WorkspaceMerger.merge([file]).0.map { BindingResolver.resolve($0, now: testNow, catalog: Self.rules.catalog) }
        var engine = RuleEngine(rules: Self.rules.rules, catalog: Self.rules.catalog)
        engine.workers = 1
        let out = engine.run(resolved, now: testNow)
        engine.memoizeWhen = false
        let evaluated = engine.run(resolved, now: testNow)
        XCTAssertEqual(lines(out.findings), lines(evaluated.findings))
        // Every step lacks chat:write: WM201 fires on each (a finding is evaluated, not remembered).
        XCTAssertEqual(out.findings.filter { $0.rule.id == "WM201" }.count, 30)
        // The answers that are false are shared by the connections that agree on what the rule reads.
        XCTAssertEqual(out.evaluatedByRule["WM104"], 2, "production and staging: one evaluation each")
        XCTAssertEqual(out.evaluatedByRule["WM202"], 2, "user and bot: one evaluation each")
        XCTAssertEqual(out.evaluatedByRule["WM402"], 30, "each account is another value: evaluated on each")
        // No step states its own expectation: WM401's conjunct `use.expect != null`
        // is false on every step, remembered by what its conjuncts before the last read.
        XCTAssertEqual(out.evaluatedByRule["WM401"], 1)
        XCTAssertEqual(out.evaluatedByRule["WM102"], 1, "`connection` by its app: one value")
        XCTAssertEqual(out.findings.filter { $0.rule.id == "WM402" }.count, 29, "every account but T0 is not the one expected")
        XCTAssertEqual(evaluated.evaluatedByRule["WM104"], 30)
    }

    /// Rules are remembered by their bit in a word: a scope's rules past
    /// the 64th are evaluated on every entity, even when the first 64 are
    /// all known false there.
    func testRulesPastTheSixtyFourthOfAScopeAreEvaluatedEveryTime() throws {
        let file = load(Self.export, name: "many.yaml")
        let resolved = WorkspaceMerger.merge([file]).0.map { BindingResolver.resolve($0, now: testNow, catalog: Self.rules.catalog) }
        // 64 step and trigger rules that never fire (remembered false everywhere), then the built-in rules.
        let never = try RuleCheckTests.loaded(
            RuleCheckTests.rule(for: "[steps, triggers]", "when: use.app == 'no_such_app'\nmessage: m"), catalog: Self.rules.catalog)
        var rules: [Rule] = (0..<64).map { i in
            var rule = never
            rule.descriptor.id = RuleID("ACME\(i)", "never-\(i)")
            return rule
        }
        rules += Self.rules.rules
        var engine = RuleEngine(rules: rules, catalog: Self.rules.catalog)
        engine.workers = 1
        let remembered = engine.run(resolved, now: testNow)
        engine.memoizeWhen = false
        let evaluated = engine.run(resolved, now: testNow)
        XCTAssertGreaterThan(evaluated.findings.count, 40)
        XCTAssertEqual(lines(remembered.findings), lines(evaluated.findings))
        XCTAssertGreaterThan(remembered.remembered["ACME63"] ?? 0, 0)
        XCTAssertEqual(remembered.remembered.keys.filter { $0.hasPrefix("WM") }, [], "the built-in step rules come 65th and after")
    }
}
