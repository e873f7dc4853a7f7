import Foundation
import XCTest

@testable import WMDoctorKit

/// Workflows read straight from their events (``EventItemReader``) give
/// exactly what composing them and reading the nodes gives: the same model
/// (every value and where it is written), the same findings in the same
/// order, the same secret spans, aliases and errors.
final class EventItemReaderTests: XCTestCase {
    /// Both ways, pipelined even for a small file (the event reader works on the pipeline's second thread).
    private func both(_ text: String, limits: YAMLLimits = .default) -> (events: LoadedFile, nodes: LoadedFile) {
        both(Array(text.utf8), limits: limits)
    }

    private func both(_ bytes: [UInt8], limits: YAMLLimits = .default) -> (events: LoadedFile, nodes: LoadedFile) {
        var events = FileLoader(limits: limits)
        events.pipelineMinBytes = 0
        var nodes = events
        nodes.readsItemsFromEvents = false
        return (events.load(bytes: bytes, path: "w.yaml"), nodes.load(bytes: bytes, path: "w.yaml"))
    }

    private func assertSame(_ text: String, limits: YAMLLimits = .default, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        assertSame(Array(text.utf8), limits: limits, what, file: file, line: line)
    }

    private func assertSame(_ bytes: [UInt8], limits: YAMLLimits = .default, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let (events, nodes) = both(bytes, limits: limits)
        XCTAssertEqual(events.transcript, nodes.transcript, what, file: file, line: line)
    }

    private let connections = """
        connections:
          - {id: conn_a, name: A, app: slack, account: {id: U1}, auth: {type: oauth2, scopes: [chat:write]}}

        """

    private func workflows(_ items: String) -> String { header + connections + "workflows:\n" + items }

    func testTheExportsOfTheRepositoryReadTheSame() throws {
        var paths: [String] = []
        for root in [Repo.testdata.path, Repo.root.appendingPathComponent("Samples").path] {
            let walker = FileManager.default.enumerator(atPath: root)
            while let p = walker?.nextObject() as? String {
                if p.hasSuffix(".yaml") || p.hasSuffix(".yml") || p.hasSuffix(".json") { paths.append(root + "/" + p) }
            }
        }
        XCTAssertGreaterThan(paths.count, 40)
        var workflowsRead = 0
        for path in paths.sorted() {
            let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path)).map { $0 }
            let (events, _) = both(bytes)
            workflowsRead += events.documents.reduce(0) { $0 + $1.workflows.count }
            assertSame(bytes, path)
        }
        XCTAssertGreaterThan(workflowsRead, 30)
    }

    /// Reads one workflow (a YAML mapping) with a new reader: the workflow, and how many workflows and parts it composed instead.
    private func readOne(_ yaml: String) throws -> (Workflow?, workflows: Int, parts: Int) {
        let events = YAMLEventReader(bytes: Array(yaml.utf8))
        let composer = YAMLComposer(reader: events)
        let feed = YAMLEventFeed()
        composer.feed = feed
        while true {
            let e = try events.next()
            switch e {
            case .streamStart, .documentStart, .documentEnd: continue
            case .streamEnd: break
            default:
                _ = feed.append(e)
                continue
            }
            break
        }
        feed.close()
        let reader = EventItemReader(composer: composer, ctx: LoadContext(file: "t.yaml"))
        let first = try XCTUnwrap(feed.nextValue())
        let workflow = try reader.readWorkflow(first, from: feed, workspace: "w")
        return (workflow, reader.composedWorkflows, reader.composedParts)
    }

    /// The reader does read plain workflows from their events (the tests above would pass if it composed everything).
    func testWhichItemsAreReadFromTheirEvents() throws {
        let plain = try readOne("{id: wf, name: W, trigger: {app: slack, event: e}, steps: [{id: s1, app: slack, action: a, params: {x: 1}}, {id: s2, app: slack, action: b}]}")
        XCTAssertEqual(plain.0?.steps.map(\.id.value), ["s1", "s2"])
        XCTAssertEqual(plain.0?.trigger?.event?.value, "e")
        XCTAssertEqual(plain.workflows, 0)
        XCTAssertEqual(plain.parts, 0)
        let oddStep = try readOne("{id: wf, name: W, trigger: {app: slack, colour: red}, steps: [{id: s1, app: slack, action: a, colour: red}, {id: s2, app: slack, action: b}]}")
        XCTAssertEqual(oddStep.0?.steps.map(\.id.value), ["s1", "s2"])
        XCTAssertEqual(oddStep.workflows, 0)
        XCTAssertEqual(oddStep.parts, 2)
        for declined in [
            "{id: wf, name: W, colour: red, steps: []}", "{id: wf, steps: []}", "{id: wf, name: &a W, steps: []}",
            "{id: !!str wf, name: W, steps: []}", "{id: wf, name: W, name: V, steps: []}", "[a]",
        ] {
            XCTAssertEqual(try readOne(declined).workflows, 1, declined)
        }
    }

    func testEveryKindOfItemReadsTheSame() {
        let cases: [(String, String)] = [
            ("plain", """
              - id: wf_1
                name: One
                enabled: false
                environment: staging
                owner: ops@example.com
                expect: {accounts: {slack: "*@example.com"}}
                trigger: {app: slack, event: new_message, connection: {name: A}, expect: {account: U1}}
                steps:
                  - {id: s1, name: Post, app: slack, action: send_message, connection: conn_a, expect: {account: "*"}}
                  - id: s2
                    app: gmail
                    action: send_email
                    params: {to: x, api_key: "abc", nested: [{password: hunter2}], empty_token: "", tmpl_secret: "{{s}}"}
                  - {id: s3, app: slack, action: send_message, connection: {id: conn_a}}

            """),
            ("wrong values", """
              - id: [wf]
                name: ~
                enabled: maybe
                environment: prod
                owner: {a: 1}
                expect: [1]
                trigger: slack
                steps:
                  - {id: ~, app: [x], action: 5, connection: {id: a, name: b}, expect: 3}
                  - {id: s2, app: slack, action: a, connection: {}}
                  - {id: s3, app: slack, action: a, connection: ~, params: 7}
                  - just a string
                  - [a, list]
              - id: wf_2
                name: Two
                enabled: "true"
                steps: {id: s1}
              - id: wf_3
                name: Three
                enabled: yes
                steps: none
              - id: wf_4
                name: Four
                trigger: [a]
                steps: ~

            """),
            ("keys", """
              - id: wf_1
                name: One
                colour: blue
                steps: []
              - id: wf_2
                steps: []
              - id: wf_3
                name: Three
                name: Again
                steps: []
              - id: wf_4
                name: Four
                trigger: {app: slack, colour: red}
                steps:
                  - {id: s1, app: slack, action: a, colour: red}
                  - {id: s2, app: slack}
                  - {id: s3, app: slack, action: a, app: gmail}
                  - {id: s1, app: slack, action: b}
                  - {? [complex]: key, id: s4, app: slack, action: a}
              - {"id": wf_5, 'name': Five, steps: [{"id": s1, "app": slack, "action": a}]}
              - id: wf_6
                name: Six
                <<: {owner: merged@example.com}
                steps: []

            """),
            ("secrets by shape and key", """
              - id: wf_ghp_abcdefghijklmnopqrstuvwxyz0123456789
                name: "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx"
                steps:
                  - id: sk_live_abcdefghijklmnopqrstuvwx
                    app: slack
                    action: a
                    connection: ghp_abcdefghijklmnopqrstuvwxyz0123456789
                    params: {note: "sk_live_abcdefghijklmnopqrstuvwx", token: t}

            """),
            ("anchors, aliases and tags", """
              - id: wf_1
                name: &n One
                steps: [{id: s1, app: slack, action: a, params: &p {password: x}}]
              - id: wf_2
                name: *n
                steps: [{id: s1, app: slack, action: a, params: *p}]
              - id: !!str wf_3
                name: Three
                steps: []
              - &whole
                id: wf_4
                name: Four
                steps: []

            """),
            ("no steps, empty, odd items", """
              - id: wf_1
                name: One
              - {}
              - ~
              - plain text
              - [1, 2]
              - id: wf_2
                name: Two
                steps:

            """),
        ]
        for (what, items) in cases {
            assertSame(workflows(items), what)
            // The same workflows as one-line JSON-like flow mappings are covered by the repository's exports.
        }
    }

    func testLimitsCutShortAndLargeItemsReadTheSame() {
        let deep = "  - id: wf_1\n    name: One\n    steps:\n      - {id: s1, app: slack, action: a, params: "
            + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}\n"
        assertSame(workflows(deep), "too deep")
        let shallow = YAMLLimits(maxDepth: 5)
        for d in 3...7 {
            assertSame(workflows("  - id: wf_1\n    name: One\n    steps: [{id: s1, app: slack, action: a, params: {a: {b: 1}}}]\n"), limits: YAMLLimits(maxDepth: d), "depth \(d)")
        }
        assertSame(workflows("  - {id: wf_1, name: One, trigger: {app: slack}, steps: [{id: s1, app: slack, action: a}]}\n"), limits: shallow, "shallow")
        for keys in 1...4 {
            assertSame(
                workflows("  - {id: wf_1, name: One, steps: [{id: s1, app: slack, action: a}], owner: o}\n"),
                limits: YAMLLimits(maxMappingKeys: keys), "keys \(keys)")
        }
        var big = "  - id: wf_big\n    name: Big\n    steps:\n      - id: s1\n        app: slack\n        action: a\n        params:\n"
        for i in 0..<(EventItemReader.maxEvents / 2 + 10) { big += "          k\(i): v\(i)\n" }
        big += "  - id: wf_after\n    name: After\n    steps: [{id: s1, app: slack, action: a, params: {password: p}}]\n"
        assertSame(workflows(big), "larger than the events gathered")
        let (events, _) = both(workflows(big))
        XCTAssertEqual(events.documents.first?.workflows.map(\.id.value), ["wf_big", "wf_after"])

        let cut = workflows("  - id: wf_1\n    name: One\n    steps:\n      - {id: s1, app: slack, action: a}\n  - id: wf_2\n    name: [unclosed\n")
        assertSame(cut, "cut short")
        XCTAssertNotNil(both(cut).events.error)
        let cutDeep = workflows("  - id: wf_1\n    name: One\n    steps: " + String(repeating: "[", count: 300) + "\n")
        assertSame(cutDeep, "cut short and too deep")
    }

    /// The reader skips redacting the keys it matches against the schema: none of them has a secret's shape.
    func testNoKeyOfTheSchemaLooksLikeASecret() {
        for key in ExportSchema.workflow + ExportSchema.trigger + ExportSchema.step {
            XCTAssertNil(SecretShapes.redact(key), key)
        }
    }
}

/// Findings made inside `LoadContext.with` are about its entity, and the
/// entity before it is back afterwards, however deep (the entities are swapped, not copied).
final class LoadContextEntityTests: XCTestCase {
    func testFindingsAreAboutTheInnermostEntityAndTheOuterOneComesBack() {
        let ctx = LoadContext(file: "t.yaml")
        let at = ctx.location(Mark(line: 1, column: 1))
        let workflow = EntityRef(kind: .workflow, workspace: "w", workflow: "wf")
        let step = EntityRef(kind: .step, workspace: "w", workflow: "wf", step: "a long step id, not a small string")
        let result = ctx.with(workflow) {
            ctx.report(.wrongType, "on the workflow", at: at)
            let inner = ctx.with(step) {
                ctx.report(.wrongType, "on the step", at: at)
                return 7
            }
            ctx.report(.wrongType, "on the workflow again", at: at)
            return inner
        }
        XCTAssertEqual(result, 7)
        XCTAssertEqual(ctx.findings.map(\.entity), [workflow, step, workflow])
        XCTAssertEqual(ctx.entity, EntityRef(kind: .workspace, workspace: ""))
    }
}
