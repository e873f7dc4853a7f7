import XCTest

@testable import WMDoctorKit

final class LoaderTests: XCTestCase {
    func testReadsEveryFieldWithItsPosition() throws {
        let file = load(
            header + """
                exported_at: 2026-11-20T10:00:00Z
                connections:
                  - id: conn_a
                    name: A
                    app: slack
                    default: true
                    status: expired
                    environment: staging
                    owner: o@acme.com
                    created_at: 2026-01-01
                    updated_at: 2026-02-01T00:00:00+01:00
                    last_used_at: 2026-03-01T00:00:00Z
                    account: {id: T1, label: acme, email: a@acme.com, mode: test}
                    auth:
                      type: oauth2
                      scopes: [chat:write, "channels:read"]
                      token_kind: user
                      key_hint: xoxb-…42
                      expires_at: 2026-12-01
                      refreshable: false
                      refresh_expires_at: 2027-01-01
                      issued_at: 2026-11-01
                      access_token: secret
                    last_error: {code: invalid_auth, message: bad, at: 2026-11-19}
                workflows:
                  - id: wf
                    name: W
                    enabled: false
                    environment: production
                    expect: {accounts: {slack: acme, gmail: "*@acme.com"}}
                    trigger: {app: slack, event: new_message, connection: {name: A}, expect: {account: acme}}
                    steps:
                      - {id: s1, name: One, app: slack, action: send_message, connection: conn_a}
                      - {id: s2, app: slack, action: send_message, connection: {id: conn_a}, expect: {account: T1}, params: {x: 1}}
                """)
        XCTAssertNil(file.error)
        XCTAssertEqual(lines(file.findings), [])
        let doc = try XCTUnwrap(file.documents.first)
        XCTAssertEqual(doc.workspace, "acme")
        XCTAssertEqual(doc.header.kind, .workspace)
        XCTAssertEqual(doc.header.exportedAt?.value.description, "2026-11-20T10:00:00Z")
        let c = try XCTUnwrap(doc.connections.first)
        XCTAssertEqual(c.id.value, "conn_a")
        XCTAssertEqual(c.id.location.description, "test.yaml:6:9")
        XCTAssertEqual(c.location.description, "test.yaml:6:5")
        XCTAssertEqual(c.isDefault?.value, true)
        XCTAssertEqual(c.status?.value, .expired)
        XCTAssertEqual(c.status?.location.line, 10)
        XCTAssertEqual(c.environment?.value, .staging)
        XCTAssertEqual(c.updatedAt?.value.description, "2026-01-31T23:00:00Z")
        XCTAssertEqual(c.account.mode?.value, .test)
        XCTAssertEqual(c.account.email?.location.description, "test.yaml:16:43")
        XCTAssertEqual(c.auth.type?.value, .oauth2)
        XCTAssertEqual(c.auth.scopes?.value.map(\.value), ["chat:write", "channels:read"])
        XCTAssertEqual(c.auth.scopes?.value[1].location.description, "test.yaml:19:28")
        XCTAssertEqual(c.auth.tokenKind?.value, .user)
        XCTAssertEqual(c.auth.refreshable?.value, false)
        XCTAssertEqual(c.auth.secretsPresent.map(\.value), ["access_token"])
        XCTAssertEqual(c.lastError?.code?.value, "invalid_auth")
        let w = try XCTUnwrap(doc.workflows.first)
        XCTAssertEqual(w.isEnabled, false)
        XCTAssertEqual(w.expect?.accounts.map { "\($0.app.value)=\($0.pattern.value)" }, ["slack=acme", "gmail=*@acme.com"])
        XCTAssertEqual(w.trigger?.event?.value, "new_message")
        guard case .name(let n)? = w.trigger?.connection else { return XCTFail("trigger binds by name") }
        XCTAssertEqual(n.value, "A")
        XCTAssertEqual(w.steps.map(\.id.value), ["s1", "s2"])
        guard case .id(let ref)? = w.steps[1].connection else { return XCTFail("step binds by id") }
        XCTAssertEqual(ref.value, "conn_a")
        XCTAssertEqual(w.steps[1].expect?.account?.value, "T1")
    }

    func testKeysInAnyOrderAsJSONExportsSortThem() throws {
        let file = load(#"{"connections": [{"id": "c", "name": "C", "app": "slack", "account": {"id": "T"}, "auth": {"type": "token"}}], "kind": "ConnectionList", "workspace": "zed", "apiVersion": "workflow-machine/v1"}"#, name: "x.json")
        XCTAssertEqual(lines(file.findings), [])
        XCTAssertEqual(file.documents.first?.workspace, "zed")
        XCTAssertEqual(file.documents.first?.connections.first?.id.location.description, "x.json:1:25")
    }

    func testWorkspacesMergeAcrossFilesAndNeverBindAcross() throws {
        let report = analyze([
            "a.yaml": header.replacingOccurrences(of: "Workspace", with: "ConnectionList")
                + "connections:\n  - {id: c1, name: One, app: slack, account: {id: T}, auth: {type: oauth2}}\n",
            "b.yaml": header.replacingOccurrences(of: "Workspace", with: "WorkflowList")
                + "workflows:\n  - {id: w, name: W, steps: [{id: s, app: slack, action: send_message, connection: c1}]}\n",
            "c.yaml": header.replacingOccurrences(of: "acme", with: "other").replacingOccurrences(of: "Workspace", with: "WorkflowList")
                + "workflows:\n  - {id: w, name: W, steps: [{id: s, app: slack, action: send_message, connection: c1}]}\n",
        ])
        XCTAssertEqual(lines(report.findings), [])
        XCTAssertEqual(report.workspaces.map(\.workspace.slug), ["acme", "other"])
        XCTAssertEqual(report.workspaces[0].stepBindings[0][0].connection, 0)
        XCTAssertEqual(report.workspaces[1].stepBindings[0][0].failure, .unknownID)
    }

    func testDuplicateIDsAcrossFilesNameTheFirstDefinition() {
        let conn = "connections:\n  - {id: c1, name: One, app: slack, account: {id: T}, auth: {type: oauth2}}\nworkflows:\n  - {id: w, name: W, steps: []}\n"
        let report = analyze(["a.yaml": header + conn, "b.yaml": header + conn])
        XCTAssertEqual(lines(report.findings), [
            "b.yaml:5:10: connection id \"c1\" is defined twice in workspace \"acme\"; previously defined at a.yaml:5:10 [duplicate-id]",
            "b.yaml:7:10: workflow id \"w\" is defined twice in workspace \"acme\"; previously defined at a.yaml:7:10 [duplicate-id]",
        ])
        XCTAssertEqual(report.workspaces[0].workspace.connections.count, 1)

        // A third definition also names the first (not the second), and two in one document too.
        let twice = conn + "  - {id: w, name: W2, steps: []}\n"
        let three = analyze(["a.yaml": header + conn, "b.yaml": header + conn, "c.yaml": header + twice])
        XCTAssertEqual(lines(three.findings).filter { $0.contains("duplicate-id") }, [
            "b.yaml:5:10: connection id \"c1\" is defined twice in workspace \"acme\"; previously defined at a.yaml:5:10 [duplicate-id]",
            "b.yaml:7:10: workflow id \"w\" is defined twice in workspace \"acme\"; previously defined at a.yaml:7:10 [duplicate-id]",
            "c.yaml:5:10: connection id \"c1\" is defined twice in workspace \"acme\"; previously defined at a.yaml:5:10 [duplicate-id]",
            "c.yaml:7:10: workflow id \"w\" is defined twice in workspace \"acme\"; previously defined at a.yaml:7:10 [duplicate-id]",
            "c.yaml:8:10: workflow id \"w\" is defined twice in workspace \"acme\"; previously defined at a.yaml:7:10 [duplicate-id]",
        ])
        XCTAssertEqual(three.workspaces[0].workspace.workflows.map(\.name.value), ["W"])
    }

    /// A duplicate key is about the workspace of the document it is in (for
    /// baselines and per-workspace reports), also in a file of several documents.
    func testDuplicateKeysAreAboutTheirDocumentsWorkspace() {
        let doc = { (slug: String) in
            "apiVersion: workflow-machine/v1\nkind: Workspace\nworkspace: \(slug)\nconnections:\n  - {id: c1, name: One, name: Two, app: slack, account: {id: T}, auth: {type: oauth2}}\nworkflows: []\n"
        }
        let file = load(doc("north") + "---\n" + doc("south"))
        let duplicates = file.findings.filter { $0.rule == ExportRule.duplicateKey.id }
        XCTAssertEqual(duplicates.map(\.entity.workspace), ["north", "south"])
        XCTAssertEqual(duplicates.map(\.location.line), [5, 12])
    }

    func testFolderWalkSkipsNonExportsAndHiddenFolders() {
        let report = Analyzer(options: AnalysisOptions(now: testNow)).analyze(paths: [Repo.testdata("check-dir")])
        XCTAssertEqual(report.inputs.map { ($0 as NSString).lastPathComponent }, ["a.yaml", "b.yml"])
        XCTAssertEqual(report.skipped.map { ($0.path as NSString).lastPathComponent }, ["ci.yaml"])
        XCTAssertEqual(report.skipped.map(\.reason), [.notAnExport])
    }

    func testNamedNonExportFileIsReported() {
        let report = Analyzer(options: AnalysisOptions(now: testNow)).analyze(paths: [Repo.testdata("check-dir/sub/ci.yaml")])
        XCTAssertEqual(report.findings.map(\.message), ["this document is not a Workflow Machine export: it has none of apiVersion, kind, workspace"])
    }

    func testMissingPathSuggestsASibling() {
        let report = Analyzer(options: AnalysisOptions(now: testNow)).analyze(paths: [Repo.testdata("check-dri")])
        XCTAssertEqual(report.errors.count, 1)
        XCTAssertTrue(report.errors[0].message.hasPrefix("no such file or directory: "))
        XCTAssertTrue(report.errors[0].message.hasSuffix("check-dir\"?"), report.errors[0].message)
        XCTAssertEqual(report.exitStatus(failOn: .error), 2)
    }

    func testDidYouMean() {
        XCTAssertEqual(DidYouMean.suggest("scope", from: ExportSchema.auth), "scopes")
        XCTAssertEqual(DidYouMean.suggest("conection", from: ExportSchema.step), "connection")
        XCTAssertEqual(DidYouMean.suggest("defualt", from: ExportSchema.connection), "default")
        XCTAssertNil(DidYouMean.suggest("zzzzzz", from: ExportSchema.step))
        XCTAssertNil(DidYouMean.suggest("x", from: ["id"]))
    }

    /// The bounded distance (with early exit) agrees with the full one up to the bound.
    func testBoundedDistanceAgreesWithTheFullDistance() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcde_".unicodeScalars)
        for _ in 0..<2000 {
            let a = (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" }
            let b = (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" }
            let full = DidYouMean.distance(a, b)
            for bound in 0...4 {
                let bounded = DidYouMean.distance(a, b, bound: bound)
                if full <= bound { XCTAssertEqual(bounded, full) } else { XCTAssertGreaterThan(bounded, bound) }
            }
        }
        XCTAssertEqual(DidYouMean.suggest("conn_slak_main", from: ["conn_gmail", "conn_slack_main", "conn_stripe_live"]), "conn_slack_main")
    }

    /// A step keeps what few steps have (name, expectation, secret params)
    /// apart: the common step stays small, and every field reads back.
    func testAStepKeepsItsRareFieldsApart() {
        XCTAssertLessThanOrEqual(MemoryLayout<Step>.stride, 56)
        let at = SourceLocation(file: "f.yaml", line: 3, column: 7)
        func text(_ s: String) -> Located<String> { Located(s, at: at) }
        let plain = Step(id: text("a"), name: nil, app: text("slack"), action: text("send_message"), connection: nil, expect: nil, location: at)
        XCTAssertNil(plain.name)
        XCTAssertNil(plain.expect)
        XCTAssertTrue(plain.secretParams.isEmpty)
        let full = Step(
            id: text("b"), name: text("Notify"), app: text("slack"), action: text("send_message"), connection: .name(text("Ops")),
            expect: StepExpectation(account: text("T1"), location: at), secretParams: [text("api_key")], location: at)
        XCTAssertEqual(full.name?.value, "Notify")
        XCTAssertEqual(full.expect?.account?.value, "T1")
        XCTAssertEqual(full.secretParams.map(\.value), ["api_key"])
        let named = Step(id: text("c"), name: text("N"), app: text("x"), action: text("y"), connection: nil, expect: nil, location: at)
        XCTAssertEqual(named.name?.value, "N")
        XCTAssertNil(named.expect)
        let trigger = Trigger(app: text("slack"), event: nil, connection: nil, expect: StepExpectation(account: text("T2"), location: at), location: at)
        XCTAssertEqual(trigger.expect?.account?.value, "T2")
        let workflow = Workflow(
            id: text("wf"), name: text("W"), enabled: nil, environment: nil, owner: text("ops"), expect: nil, trigger: trigger,
            steps: [plain], location: at)
        XCTAssertEqual(workflow.owner?.value, "ops")
        XCTAssertNil(workflow.expect)
        XCTAssertLessThanOrEqual(MemoryLayout<Workflow>.stride, 184)
        XCTAssertLessThanOrEqual(MemoryLayout<Trigger>.stride, 96)
    }

    /// A step's id, app, action and connection read back exactly where they
    /// were written: kept relative to the step, or whole when they cannot be
    /// (another file, before the step, far below it, very long), and for
    /// every kind of reference; and the step's own location, whatever its
    /// column (the top two bits of which hold the kind of reference).
    func testAStepsFieldsReadBackTheirPlaces() {
        for column in [5, (1 << 30) - 2, (1 << 30) - 1, 1 << 30, 3 << 30, Int(UInt32.max)] {
            stepFieldsReadBack(base: SourceLocation(file: "f.yaml", line: 10, column: column, length: 2))
        }
    }

    private func stepFieldsReadBack(base: SourceLocation) {
        func at(_ line: Int, _ column: Int, _ length: Int = 3, file: String = "f.yaml") -> SourceLocation {
            SourceLocation(file: file, line: line, column: column, length: length)
        }
        let cases: [(SourceLocation, SourceLocation, SourceLocation, ConnectionReference?)] = [
            (at(10, 7), at(11, 7), at(12, 7), .id(Located("conn_a", at: at(13, 19, 6)))),
            (at(10, 7), at(11, 7), at(12, 7), .name(Located("Ops", at: at(13, 25)))),
            (at(10, 7), at(11, 7), at(12, 7), nil),
            (at(10, 7), at(10, 3_000_000), at(12, 7), nil),
            (at(10, 7), at(11, 7), at(10 + 255, 7), nil),
            (at(10, 7), at(11, 7), at(10 + 256, 7), nil),
            (at(10, 7), at(11, 4_095), at(12, 7), nil),
            (at(10, 7), at(11, 4_096), at(12, 7), nil),
            (at(10, 7), at(10, 5 + 4_095), at(12, 7), nil),
            (at(10, 7), at(10, 5 + 4_096), at(12, 7), nil),
            (at(10, 7), at(10, 4), at(12, 7), nil),
            (at(10, 7), at(11, 7, 4_095), at(12, 7), nil),
            (at(10, 7), at(11, 7, 4_096), at(12, 7), nil),
            (at(9, 7), at(11, 7), at(12, 7), nil),
            (at(10, 7), at(11, 7, 70_000), at(12, 7), nil),
            (at(10, 7), at(11, 7), at(12, 7, file: "g.yaml"), .id(Located("c", at: at(2, 1)))),
        ]
        for (n, (id, app, action, reference)) in cases.enumerated() {
            for name in [nil, Located("Named", at: at(14, 9))] {
                let step = Step(
                    id: Located("s\(n)", at: id), name: name, app: Located("slack", at: app), action: Located("post", at: action),
                    connection: reference, expect: nil, location: base)
                XCTAssertEqual(step.location, base, "case \(n), column \(base.column)")
                XCTAssertEqual(step.id, Located("s\(n)", at: id), "case \(n)")
                XCTAssertEqual(step.app, Located("slack", at: app), "case \(n)")
                XCTAssertEqual(step.action, Located("post", at: action), "case \(n)")
                XCTAssertEqual(step.name, name)
                XCTAssertEqual(step.connection?.location ?? base, reference?.location ?? base, "case \(n)")
                switch (step.connection, reference) {
                case (nil, nil): break
                case (.id(let a)?, .id(let b)?), (.name(let a)?, .name(let b)?): XCTAssertEqual(a, b, "case \(n)")
                default: XCTFail("case \(n): \(String(describing: step.connection)) is not \(String(describing: reference))")
                }
            }
        }
    }

    /// A workflow's and a trigger's fields read back where they were written,
    /// kept relative to their item or whole, absent ones included.
    func testAWorkflowsAndATriggersFieldsReadBackTheirPlaces() {
        let base = SourceLocation(file: "f.yaml", line: 10, column: 5, length: 1)
        func at(_ line: Int, _ column: Int, _ length: Int = 3, file: String = "f.yaml") -> SourceLocation {
            SourceLocation(file: file, line: line, column: column, length: length)
        }
        let near = [at(10, 9), at(11, 9), at(12, 12, 4), at(13, 16, 10)]
        let cases: [[SourceLocation]] = [
            near, [at(10, 9), at(11, 9), at(10 + 256, 12, 4), at(13, 16)], [at(9, 9), at(11, 9), at(12, 12), at(13, 16)],
            [at(10, 9), at(11, 9, 5_000), at(12, 12), at(13, 16)], [at(10, 9), at(11, 9), at(12, 12), at(2, 1, file: "g.yaml")],
        ]
        for (n, places) in cases.enumerated() {
            for present in [true, false] {
                let trigger = Trigger(
                    app: present ? Located("github", at: places[0]) : nil, event: Located("push", at: places[1]),
                    connection: present ? .name(Located("Ops", at: places[2])) : nil, expect: nil, location: base)
                XCTAssertEqual(trigger.app, present ? Located("github", at: places[0]) : nil, "case \(n)")
                XCTAssertEqual(trigger.event, Located("push", at: places[1]), "case \(n)")
                XCTAssertEqual(trigger.connection?.location, present ? places[2] : nil, "case \(n)")
                if case .id? = trigger.connection { XCTFail("case \(n): a name reads back as an id") }
                XCTAssertEqual(trigger.location, base)
                let workflow = Workflow(
                    id: Located("wf", at: places[0]), name: Located("W", at: places[1]),
                    enabled: present ? Located(false, at: places[2]) : nil,
                    environment: present ? Located(.staging, at: places[3]) : nil, owner: nil, expect: nil, trigger: trigger,
                    steps: [], location: base)
                XCTAssertEqual(workflow.id, Located("wf", at: places[0]), "case \(n)")
                XCTAssertEqual(workflow.name, Located("W", at: places[1]), "case \(n)")
                XCTAssertEqual(workflow.enabled, present ? Located(false, at: places[2]) : nil, "case \(n)")
                XCTAssertEqual(workflow.isEnabled, !present)
                XCTAssertEqual(workflow.environment, present ? Located(.staging, at: places[3]) : nil, "case \(n)")
                XCTAssertEqual(workflow.location, base)
                XCTAssertNil(workflow.owner)
            }
        }
    }

    /// A one-line export (JSON, flow YAML) writes its fields far to the right:
    /// they are kept relative to the step's column, and read back.
    func testAOneLineStepsFieldsReadBackTheirPlaces() {
        let base = SourceLocation(file: "f.json", line: 1, column: 2_000_000, length: 1)
        func at(_ column: Int, _ length: Int = 3) -> SourceLocation { SourceLocation(file: "f.json", line: 1, column: column, length: length) }
        let step = Step(
            id: Located("s", at: at(2_000_010)), name: nil, app: Located("slack", at: at(2_000_030, 7)),
            action: Located("post", at: at(2_000_050, 6)), connection: .id(Located("c", at: at(2_004_095))), expect: nil, location: base)
        XCTAssertEqual(step.id.location, at(2_000_010))
        XCTAssertEqual(step.app.location, at(2_000_030, 7))
        XCTAssertEqual(step.action.location, at(2_000_050, 6))
        XCTAssertEqual(step.connection?.location, at(2_004_095))
    }

    /// A one-character word suggests only itself in another case: any other
    /// one-character name is one edit away with nothing in common.
    func testDidYouMeanNeedsSomethingInCommon() {
        XCTAssertNil(DidYouMean.suggest("x", from: ["z", "y", "Samples"]))
        XCTAssertEqual(DidYouMean.suggest("X", from: ["z", "x"]), "x")
        XCTAssertNil(DidYouMean.suggest("ab", from: ["a", ""]))
        XCTAssertEqual(DidYouMean.suggest("ab", from: ["ac"]), "ac")
        XCTAssertEqual(DidYouMean.suggest("Sample", from: ["Samples"]), "Samples")
        XCTAssertNil(DidYouMeanIndex(["z", "y", ""]).suggest("x"))
        XCTAssertEqual(DidYouMeanIndex(["z", "x"]).suggest("X"), "x")
    }

    /// The trie index gives exactly the linear scan's answer, ties (first candidate wins),
    /// duplicates, case, empty strings and words past the 64-scalar cap included.
    func testDidYouMeanIndexAgreesWithTheLinearScan() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcAB_1".unicodeScalars)
        func word(_ range: ClosedRange<Int>) -> String {
            String(String.UnicodeScalarView((0..<Int.random(in: range, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" }))
        }
        for _ in 0..<300 {
            var candidates = (0..<Int.random(in: 0...40, using: &rng)).map { _ in word(0...9) }
            if Bool.random(using: &rng) { candidates.append(String(repeating: "ab", count: 40)) }
            let index = DidYouMeanIndex(candidates)
            for _ in 0..<20 {
                let query = Bool.random(using: &rng) || candidates.isEmpty ? word(0...10) : mutate(candidates.randomElement(using: &rng) ?? "", &rng)
                XCTAssertEqual(index.suggest(query), DidYouMean.suggest(query, from: candidates), "query \(query) over \(candidates)")
            }
            let long = String(repeating: "ab", count: 39) + "xb"
            XCTAssertEqual(index.suggest(long), DidYouMean.suggest(long, from: candidates))
        }
        let ids = (0..<500).map { "conn_\(["slack", "gmail", "notion"][$0 % 3])_\($0)" }
        let index = DidYouMeanIndex(ids)
        // Long words sharing a prefix, up to three edits away, and far ones: the band of rows computed must not change an answer.
        for _ in 0..<150 {
            var query = ids.randomElement(using: &rng) ?? ""
            for _ in 0..<Int.random(in: 0...3, using: &rng) { query = mutate(query, &rng) }
            if Bool.random(using: &rng) { query = "conn_missing_\(Int.random(in: 0...999, using: &rng))" }
            XCTAssertEqual(index.suggest(query), DidYouMean.suggest(query, from: ids), query)
        }
        XCTAssertEqual(index.suggest("conn_slak_42"), "conn_slack_42")
        XCTAssertEqual(index.suggest("CONN_GMAIL_4"), "conn_gmail_4")
        XCTAssertNil(index.suggest("conn_missing_812"))
    }

    /// Items built on a second thread while the next are read give the same
    /// model and the same findings, in the same order, as building them one by
    /// one; also when the file breaks in the middle of a section.
    func testPipelinedLoadingGivesTheSameResultAsOneThread() {
        var text = header + "connections:\n"
        for i in 0..<1500 {
            let extra = i % 97 == 0 ? ", colour: blue" : ""
            text += "  - {id: conn_\(i), name: \"Conn \(i)\", app: slack\(extra), account: {id: U\(i)}, auth: {type: oauth2, scopes: [chat:write]}}\n"
        }
        text += "workflows:\n"
        for i in 0..<3000 {
            let enabled = i % 89 == 0 ? "maybe" : "true"
            text += "  - id: wf_\(i)\n    name: Flow \(i)\n    enabled: \(enabled)\n    steps:\n      - {id: s1, app: slack, action: post_message, connection: conn_\(i % 1600)}\n"
        }
        func both(_ text: String) -> (LoadedFile, LoadedFile) {
            var one = FileLoader()
            one.pipelined = false
            return (FileLoader().load(bytes: Array(text.utf8), path: "big.yaml"), one.load(bytes: Array(text.utf8), path: "big.yaml"))
        }
        let (piped, single) = both(text)
        XCTAssertNil(piped.error)
        XCTAssertEqual(piped.documents.first?.connections.count, 1500)
        XCTAssertEqual(piped.documents.first?.workflows.count, 3000)
        XCTAssertEqual(piped.documents.first?.workflows.map(\.id.location), single.documents.first?.workflows.map(\.id.location))
        XCTAssertEqual(piped.documents.first?.connections.map(\.id.value), single.documents.first?.connections.map(\.id.value))
        XCTAssertGreaterThan(piped.findings.count, 40)
        XCTAssertEqual(lines(piped.findings), lines(single.findings))
        XCTAssertEqual(piped.findings.map(\.entity), single.findings.map(\.entity))

        let broken = text + "  - id: wf_last\n    name: [unclosed\n"
        let (brokenPiped, brokenSingle) = both(broken)
        XCTAssertNotNil(brokenPiped.error)
        XCTAssertEqual(brokenPiped.error?.message, brokenSingle.error?.message)
        XCTAssertEqual(brokenPiped.error?.location, brokenSingle.error?.location)
        XCTAssertEqual(lines(brokenPiped.findings), lines(brokenSingle.findings))

        // Errors met while composing (on the second thread) come before a later
        // parse error, as when reading one by one; anchors, aliases, duplicate
        // keys and secret spans carry on across items and sections.
        let anchored = text.replacingOccurrences(of: "  - id: wf_7\n", with: "  - id: wf_7\n    owner: &boss {email: a@example.com, token: sk_live_abcdefghijklmnopqrstuvwx}\n")
            .replacingOccurrences(of: "  - id: wf_2900\n", with: "  - id: wf_2900\n    owner: *boss\n    name: twice\n")
        let (aliasPiped, aliasSingle) = both(anchored)
        XCTAssertNil(aliasPiped.error)
        XCTAssertEqual(aliasPiped.aliasUses, aliasSingle.aliasUses)
        XCTAssertEqual(aliasPiped.aliasUses.count, 1)
        XCTAssertEqual(aliasPiped.secretSpans, aliasSingle.secretSpans)
        XCTAssertFalse(aliasPiped.secretSpans.isEmpty)
        XCTAssertEqual(lines(aliasPiped.findings), lines(aliasSingle.findings))
        XCTAssertTrue(aliasPiped.findings.contains { $0.rule.id == "WM001" })
        for bad in [
            anchored.replacingOccurrences(of: "owner: *boss", with: "owner: *nobody") + "  - id: wf_last\n    name: [unclosed\n",
            anchored + "  - id: deep\n    params: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n",
        ] {
            let (piped, single) = both(bad)
            XCTAssertNotNil(piped.error)
            XCTAssertEqual(piped.error?.message, single.error?.message)
            XCTAssertEqual(piped.error?.location, single.error?.location)
            XCTAssertEqual(lines(piped.findings), lines(single.findings))
        }
    }

    /// One random edit (substitution, deletion, insertion or transposition) of `s`.
    private func mutate(_ s: String, _ rng: inout SystemRandomNumberGenerator) -> String {
        var scalars = Array(s.unicodeScalars)
        guard !scalars.isEmpty else { return "a" }
        let i = Int.random(in: 0..<scalars.count, using: &rng)
        switch Int.random(in: 0...3, using: &rng) {
        case 0: scalars[i] = "z"
        case 1: scalars.remove(at: i)
        case 2: scalars.insert("q", at: i)
        default: if i + 1 < scalars.count { scalars.swapAt(i, i + 1) }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    func testExitStatus() {
        let finding = Finding(
            rule: RuleID("WM999", "t"), category: .hygiene, severity: .warning, message: "m",
            location: SourceLocation(file: "f", line: 1, column: 1), entity: EntityRef(kind: .workspace, workspace: "w"))
        let report = Report(now: testNow, inputs: ["f"], findings: [finding], errors: [])
        XCTAssertEqual(report.exitStatus(failOn: .error), 0)
        XCTAssertEqual(report.exitStatus(failOn: .warning), 1)
        XCTAssertEqual(report.exitStatus(failOn: .info), 1)
        XCTAssertEqual(report.exitStatus(failOn: nil), 0)
        var broken = report
        broken.errors = [InputError("x", at: finding.location)]
        XCTAssertEqual(broken.exitStatus(failOn: nil), 2)
    }
}
