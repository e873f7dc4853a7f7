import XCTest

@testable import WMDoctorKit

/// The spec's "How Workflow Machine picks a step's connection at run time", rule by rule.
final class BindingTests: XCTestCase {
    private func resolve(_ connections: String, steps: String) throws -> (ResolvedWorkspace, [Binding]) {
        let report = analyze(["t.yaml": header + "connections:\n" + connections + "workflows:\n  - id: w\n    name: W\n    steps:\n" + steps])
        XCTAssertEqual(lines(report.findings), [])
        let ws = try XCTUnwrap(report.workspaces.first)
        return (ws, Array(ws.stepBindings[0]))
    }

    private func ids(_ ws: ResolvedWorkspace, _ b: Binding) -> String? {
        b.connection.map { ws.workspace.connections[$0].id.value }
    }

    private func conn(_ id: String, app: String = "slack", name: String? = nil, extra: String = "") -> String {
        "  - {id: \(id), name: \(name ?? id), app: \(app), account: {id: T}, auth: {type: oauth2}\(extra)}\n"
    }

    func testExplicitID() throws {
        let (ws, b) = try resolve(
            conn("a") + conn("b", app: "gmail"),
            steps: "      - {id: s1, app: slack, action: x, connection: b}\n      - {id: s2, app: slack, action: x, connection: {id: nope}}\n")
        XCTAssertEqual(ids(ws, b[0]), "b", "an explicit id binds even to another app's connection (rule 5 judges it)")
        XCTAssertEqual(b[0].method, .explicitID)
        XCTAssertNil(b[1].connection)
        XCTAssertEqual(b[1].failure, .unknownID)
    }

    func testByNameMostRecentlyCreatedWins() throws {
        let (ws, b) = try resolve(
            conn("old", name: "Team", extra: ", created_at: 2026-01-01")
                + conn("new", name: "Team", extra: ", created_at: 2026-06-01")
                + conn("mail", app: "gmail", name: "Mail"),
            steps: "      - {id: s1, app: slack, action: x, connection: {name: Team}}\n      - {id: s2, app: slack, action: x, connection: {name: Mail}}\n")
        XCTAssertEqual(ids(ws, b[0]), "new")
        XCTAssertEqual(b[0].method, .name)
        XCTAssertEqual(b[0].candidates.count, 2)
        XCTAssertNil(b[1].connection, "a name binds only connections of the step's app")
        XCTAssertEqual(b[1].failure, .unknownName)
    }

    func testDefaultMostRecentlyUpdatedWins() throws {
        let (ws, b) = try resolve(
            conn("d1", extra: ", default: true, updated_at: 2026-05-01")
                + conn("d2", extra: ", default: true, updated_at: 2026-04-01")
                + conn("plain", extra: ", created_at: 2026-09-01"),
            steps: "      - {id: s1, app: slack, action: x}\n")
        XCTAssertEqual(ids(ws, b[0]), "d1")
        XCTAssertEqual(b[0].method, .defaultConnection)
        XCTAssertEqual(b[0].candidates.map { ws.workspace.connections[$0].id.value }, ["d1", "d2"])
        XCTAssertTrue(b[0].isAmbiguous)
    }

    func testOnlyConnectionMostRecentAndNone() throws {
        let (ws, b) = try resolve(
            conn("only", app: "notion") + conn("s_old", extra: ", created_at: 2026-01-01") + conn("s_new", extra: ", created_at: 2026-02-01"),
            steps: "      - {id: s1, app: notion, action: x}\n      - {id: s2, app: slack, action: x}\n      - {id: s3, app: github, action: x}\n")
        XCTAssertEqual(ids(ws, b[0]), "only")
        XCTAssertEqual(b[0].method, .onlyConnection)
        XCTAssertEqual(ids(ws, b[1]), "s_new")
        XCTAssertEqual(b[1].method, .mostRecent)
        XCTAssertNil(b[2].connection)
        XCTAssertEqual(b[2].method, .none)
        XCTAssertEqual(b[2].failure, .noConnection)
    }

    func testTiesAndMissingTimestampsGoToTheFirstDefined() throws {
        let (ws, b) = try resolve(
            conn("first", extra: ", default: true") + conn("second", extra: ", default: true"),
            steps: "      - {id: s1, app: slack, action: x}\n")
        XCTAssertEqual(ids(ws, b[0]), "first")
        let (ws2, b2) = try resolve(
            conn("undated") + conn("dated", extra: ", created_at: 2020-01-01"),
            steps: "      - {id: s1, app: slack, action: x}\n")
        XCTAssertEqual(ids(ws2, b2[0]), "dated", "a missing timestamp counts as older")
        // The export determines neither pick: the tied candidates are kept, in export order.
        XCTAssertEqual(b[0].tied.map { ws.workspace.connections[$0].id.value }, ["first", "second"])
        XCTAssertEqual(b2[0].tied.map { ws2.workspace.connections[$0].id.value }, ["undated", "dated"])
        XCTAssertEqual(b2[0].undeterminedReason { ws2.workspace.connections[$0] }, "\"undated\" has no created_at, so it may be newer than \"dated\"")
    }

    /// Undetermined only when dates are missing or equal at the top: an older
    /// dated candidate is out, a unique latest date decides.
    func testWhichCandidatesTheExportCannotTellApart() throws {
        let (ws, b) = try resolve(
            conn("a", name: "T", extra: ", created_at: 2026-01-01") + conn("b", name: "T", extra: ", created_at: 2026-06-01")
                + conn("c", name: "T", extra: ", created_at: 2026-06-01") + conn("d", name: "U", extra: ", created_at: 2026-01-01")
                + conn("e", name: "U", extra: ", created_at: 2026-02-01") + conn("f", app: "gmail", extra: ", default: true, updated_at: 2026-01-01")
                + conn("g", app: "gmail", extra: ", default: true, updated_at: 2026-01-01"),
            steps: "      - {id: s1, app: slack, action: x, connection: {name: T}}\n      - {id: s2, app: slack, action: x, connection: {name: U}}\n"
                + "      - {id: s3, app: gmail, action: x}\n")
        let tied = b.map { $0.tied.map { ws.workspace.connections[$0].id.value } }
        XCTAssertEqual(tied, [["b", "c"], [], ["f", "g"]])
        XCTAssertEqual(b.map(\.isUndetermined), [true, false, true])
        XCTAssertEqual(b[0].undeterminedReason { ws.workspace.connections[$0] }, "\"b\" and \"c\" have the same created_at")
        XCTAssertEqual(b[2].undeterminedReason { ws.workspace.connections[$0] }, "\"f\" and \"g\" have the same updated_at")
        XCTAssertNil(b[1].undeterminedReason { ws.workspace.connections[$0] })
        XCTAssertEqual(b[1].possible.map { ws.workspace.connections[$0].id.value }, ["e"])
    }

    func testTriggerBindings() throws {
        let report = analyze([
            "t.yaml": header + "connections:\n" + conn("gh", app: "github")
                + "workflows:\n  - {id: w1, name: A, trigger: {app: github, event: push}, steps: []}\n  - {id: w2, name: B, trigger: {event: schedule}, steps: []}\n  - {id: w3, name: C, steps: []}\n"
                // Without app, a trigger still binds by the connection it names: by id, or by name over every app.
                + "  - {id: w4, name: D, trigger: {event: schedule, connection: {id: gh}}, steps: []}\n"
                + "  - {id: w5, name: E, trigger: {event: schedule, connection: {name: gh}}, steps: []}\n"
                + "  - {id: w6, name: F, trigger: {event: schedule, connection: {name: nope}}, steps: []}\n"
        ])
        let ws = try XCTUnwrap(report.workspaces.first)
        XCTAssertEqual(ws.triggerBindings[0]?.connection, 0)
        XCTAssertEqual(ws.triggerBindings[0]?.method, .onlyConnection)
        XCTAssertEqual(ws.triggerBindings[1]?.failure, .noApp)
        XCTAssertNil(ws.triggerBindings[2] ?? nil)
        XCTAssertEqual(ws.triggerBindings[3]?.connection, 0)
        XCTAssertEqual(ws.triggerBindings[3]?.method, .explicitID)
        XCTAssertEqual(ws.triggerBindings[4]?.connection, 0)
        XCTAssertEqual(ws.triggerBindings[4]?.method, .name)
        XCTAssertEqual(ws.triggerBindings[5]?.failure, .unknownName)
    }

    /// Steps share their distinct bindings (``StepBindings``): each workflow's
    /// steps, an empty workflow's included, read back what binding each alone gives.
    func testEveryWorkflowsStepsReadTheirOwnBindings() throws {
        let export = header + "connections:\n" + conn("a") + conn("b") + conn("g", app: "gmail", name: "Mail")
            + """
            workflows:
              - id: w1
                name: W1
                steps:
                  - {id: s1, app: slack, action: x, connection: b}
                  - {id: s2, app: gmail, action: x}
              - id: w2
                name: W2
                steps: []
              - id: w3
                name: W3
                steps:
                  - {id: s1, app: gmail, action: x, connection: {name: Mail}}
                  - {id: s2, app: slack, action: x, connection: nope}
                  - {id: s3, app: slack, action: x}
                  - {id: s4, app: notion, action: x}
                  - {id: s5, app: slack, action: x, connection: a}
            """
        let report = analyze(["t.yaml": export])
        let ws = try XCTUnwrap(report.workspaces.first)
        let resolver = BindingResolver(ws.workspace)
        XCTAssertEqual(ws.stepBindings.count, 3)
        XCTAssertEqual(ws.stepBindings.map(\.count), [2, 0, 5])
        func describe(_ b: Binding) -> String {
            "\(b.connection.map { ws.workspace.connections[$0].id.value } ?? "-") \(b.method) \(b.failure.map(\.rawValue) ?? "-") \(b.candidates) \(b.tied)"
        }
        for (w, workflow) in ws.workspace.workflows.enumerated() {
            for (s, step) in workflow.steps.enumerated() {
                XCTAssertEqual(
                    describe(ws.stepBindings[w][s]), describe(resolver.bind(app: step.app.value, reference: step.connection)),
                    "\(workflow.id.value)/\(step.id.value)")
            }
        }
        XCTAssertEqual(
            ws.stepBindings.flatMap { $0.map(describe) },
            ["b explicitID - [1] []", "g onlyConnection - [2] []", "g name - [2] []", "- explicitID unknown-id [] []",
             "a mostRecent - [0, 1] [0, 1]", "- none no-connection [] []", "a explicitID - [0] []"])
    }

    /// A large workspace's steps and triggers are bound in ranges of
    /// workflows on all cores: each range's own bindings (by name, by app)
    /// are joined in order, and every step and trigger reads back what
    /// binding it alone gives (nil: no trigger).
    func testBindingsMadeInRangesReadBackTheirOwn() throws {
        var export = header + "connections:\n" + conn("a") + conn("b") + conn("g", app: "gmail", name: "Mail") + "workflows:\n"
        let steps = [
            "{id: s1, app: slack, action: x, connection: b}", "{id: s2, app: gmail, action: x}",
            "{id: s3, app: gmail, action: x, connection: {name: Mail}}", "{id: s4, app: slack, action: x, connection: nope}",
            "{id: s5, app: slack, action: x}", "{id: s6, app: notion, action: x}", "{id: s7, app: slack, action: x, connection: {name: b}}",
        ]
        let triggers = [
            "", "trigger: {app: slack, event: e}, ", "trigger: {app: gmail, event: e, connection: {name: Mail}}, ",
            "trigger: {event: e, connection: {id: a}}, ", "trigger: {event: e, connection: {name: nope}}, ", "trigger: {event: e}, ",
            "trigger: {app: slack, event: e, connection: nope}, ", "trigger: {app: notion, event: e}, ",
        ]
        for w in 0..<3_000 {
            // A different mix of steps in each workflow, none in some. With
            // two cores the ranges are 0..<1024 and 1024..<3000: past the
            // first, in reverse, so that each range meets its bindings in
            // another order and numbers them apart.
            let first = w < 1_024
            let mine = steps.indices.filter { (w + $0) % (w % 5 + 2) == 0 }.map { steps[$0] }
            let trigger = triggers[(first ? w : 2_999 - w) % triggers.count]
            export += "  - {id: w\(w), name: W, \(trigger)steps: [\((first ? mine : mine.reversed()).joined(separator: ", "))]}\n"
        }
        let report = analyze(["t.yaml": export])
        let ws = try XCTUnwrap(report.workspaces.first)
        let resolver = BindingResolver(ws.workspace)
        func describe(_ b: Binding) -> String { "\(String(describing: b.connection)) \(b.method) \(String(describing: b.failure)) \(b.candidates) \(b.tied)" }
        XCTAssertEqual(ws.stepBindings.count, 3_000)
        var compared = 0
        for (w, workflow) in ws.workspace.workflows.enumerated() {
            XCTAssertEqual(ws.stepBindings[w].count, workflow.steps.count)
            for (s, step) in workflow.steps.enumerated() {
                XCTAssertEqual(describe(ws.stepBindings[w][s]), describe(resolver.bind(app: step.app.value, reference: step.connection)), "w\(w)/\(s)")
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 5_000)
        XCTAssertEqual(ws.triggerBindings.count, 3_000)
        for (w, workflow) in ws.workspace.workflows.enumerated() {
            XCTAssertEqual(
                ws.triggerBindings[w].map(describe), workflow.trigger.map { describe(resolver.bind(app: $0.app?.value, reference: $0.connection)) },
                "w\(w) trigger")
        }
        XCTAssertEqual(ws.workspace.workflows.filter { $0.trigger == nil }.count, 375)
    }

    /// Steps and triggers naming many connections, by id and by name, in
    /// changing orders: the slots remembered in front of the bindings'
    /// dictionaries (256 places, each taken by the last key met there) push
    /// each other out and share places, and every use still reads back what
    /// binding it alone gives.
    func testManyReferencesReadBackTheirOwnBindings() throws {
        let apps = ["slack", "gmail", "notion"]
        var export = header + "connections:\n"
        for c in 0..<700 { export += conn("c\(c)", app: apps[c % 3], name: "N\(c % 350)") }
        export += "workflows:\n"
        for w in 0..<3_000 {
            var steps: [String] = []
            for k in 0..<4 {
                let n = (w * 7 + k * 131) % 760  // past 700: unknown ids and names
                let app = apps[(w + k) % 3]
                let reference = k % 2 == 0 ? "connection: c\(n)" : "connection: {name: N\(n % 380)}"
                steps.append("{id: s\(k), app: \(app), action: x, \(reference)}")
            }
            // Triggers name the same texts by name and, as ids (none is one), by id: the same key but its kind.
            let named = (w * 13) % 380
            let trigger = w % 4 == 0 ? "" : "trigger: {app: \(apps[w % 3]), event: e, connection: \(w % 4 == 1 ? "N\(named)" : "{name: N\(named)}")}, "
            export += "  - {id: w\(w), name: W, \(trigger)steps: [\(steps.joined(separator: ", "))]}\n"
        }
        let report = analyze(["t.yaml": export])
        let ws = try XCTUnwrap(report.workspaces.first)
        let resolver = BindingResolver(ws.workspace)
        func describe(_ b: Binding?) -> String {
            b.map { "\(String(describing: $0.connection)) \($0.method) \(String(describing: $0.failure)) \($0.candidates) \($0.tied)" } ?? "none"
        }
        var distinct = Set<String>()
        for (w, workflow) in ws.workspace.workflows.enumerated() {
            for (s, step) in workflow.steps.enumerated() {
                let expected = resolver.bind(app: step.app.value, reference: step.connection)
                XCTAssertEqual(describe(ws.stepBindings[w][s]), describe(expected), "w\(w)/s\(s)")
                distinct.insert(describe(expected))
            }
            XCTAssertEqual(
                describe(ws.triggerBindings[w]), describe(workflow.trigger.map { resolver.bind(app: $0.app?.value, reference: $0.connection) }),
                "w\(w) trigger")
        }
        XCTAssertGreaterThan(distinct.count, 600, "more distinct bindings than places")
    }

    /// A remembered slot answers only its own key: the same word under
    /// another reference kind (an id and a name with the same text), which
    /// falls in the same place, is not it.
    func testRecentSlotsTellKindsApart() throws {
        let word: UInt64 = 12_345 << 32 | 678
        var recent = RecentSlots()
        XCTAssertNil(recent.slot(word, .id))
        recent.note(word, .id, 7)
        XCTAssertEqual(recent.slot(word, .id), 7)
        XCTAssertNil(recent.slot(word, .name), "same place, same word, another kind")
        let other = try XCTUnwrap((word + 1...word + 100_000).first { RecentSlots.place($0) == RecentSlots.place(word) })
        XCTAssertNil(recent.slot(other, .id), "another word in the same place")
        recent.note(word, .name, 9)
        XCTAssertEqual(recent.slot(word, .name), 9)
        XCTAssertNil(recent.slot(word, .id), "pushed out by the key in its place")
    }
}
