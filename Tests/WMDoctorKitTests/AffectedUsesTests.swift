import Foundation
import XCTest

@testable import WMDoctorKit

/// Findings carry the uses they break (`affects`), and a baseline records
/// them: the CI gate never passes a new breakage of a known cause.
final class AffectedUsesTests: XCTestCase {
    private func baseline(_ r: Report) -> GatingOptions {
        GatingOptions(baseline: (Baseline(recording: r), "base.json"))
    }

    private func finding(_ r: Report, _ rule: String, _ connection: String? = nil) throws -> Finding {
        try XCTUnwrap(r.findings.first { $0.rule.id == rule && (connection == nil || $0.entity.connection == connection) }, "\(lines(r.findings))")
    }

    // MARK: - The gate

    func testANewWorkflowOnABaselinedBrokenConnectionFailsAndNamesTheNewStep() throws {
        let before = gatedReport(GatingFixture.files)
        XCTAssertEqual(try finding(before, "WM301").affects.map(\.key.path), ["wf_lead_alerts/notify", "wf_digest/post"])
        // A colleague adds a production workflow whose step uses the revoked Slack connection by id.
        let worse = GatingFixture.workflows + """
              - id: wf_refunds
                name: Refunds
                environment: production
                steps:
                  - {id: tell, name: Tell finance, app: slack, action: send_message, connection: conn_slack_mkt}

            """
        let after = gatedReport(["connections.yaml": GatingFixture.connections, "workflows.yaml": worse], baseline(before))
        let revoked = try finding(after, "WM301")
        XCTAssertEqual(revoked.baseline, .updated)
        XCTAssertEqual(revoked.newUses.map(\.key.path), ["wf_refunds/tell"])
        XCTAssertEqual(revoked.newUses.first?.method, .explicitID)
        XCTAssertEqual(revoked.newUses.first?.location.line, 25)
        XCTAssertEqual(after.exitStatus(failOn: .error), 1, "a known cause that breaks a new step fails the gate")
        XCTAssertEqual(after.count(.error), 1)

        // Every format says what is new.
        let text = TextReporter(snippets: false).render(after)
        XCTAssertTrue(text.contains("  new: workflow \"wf_refunds\" (Refunds) / step \"tell\" (Tell finance) at workflows.yaml:25:9 (by id)\n"), text)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(JSONReporter().render(after).utf8)) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        let entry = try XCTUnwrap(findings.first { $0["rule"] as? String == "WM301" })
        XCTAssertEqual(entry["baseline"] as? String, "updated")
        let affects = try XCTUnwrap(entry["affects"] as? [[String: Any]])
        XCTAssertEqual(affects.map { $0["step"] as? String }, ["notify", "post", "tell"])
        XCTAssertEqual(affects.map { $0["baseline"] as? String }, ["unchanged", "unchanged", "new"])
        XCTAssertEqual((json["summary"] as? [String: Any])?["updated"] as? Int, 1)
        let sarif = SARIFReporter().render(after)
        XCTAssertEqual(sarif.components(separatedBy: "\"baselineState\":\"updated\"").count - 1, 1, sarif)
        // The new use is a result of its own, on the new step's line, with the cause as its related location.
        XCTAssertTrue(sarif.contains("step \\\"tell\\\" of workflow \\\"wf_refunds\\\" through connection \\\"conn_slack_mkt\\\" (by id) is broken by [its cause](1)"), sarif)
        let github = GitHubReporter().render(after)
        XCTAssertTrue(github.contains("::error file=workflows.yaml,line=25,col=9,title=WM301 connection-not-active::newly affected: step \"tell\" of workflow \"wf_refunds\""), github)
        XCTAssertFalse(github.contains("line=9,"), "the known cause is not annotated again: \(github)")
        XCTAssertEqual(GitHubReporter().render(after).components(separatedBy: "::error ").count - 1, 1, github)
        let gitlab = GitLabReporter().render(after)
        XCTAssertEqual(gitlab.components(separatedBy: "\"check_name\"").count - 1, 1, gitlab)
        XCTAssertTrue(MarkdownReporter().render(after).contains("**new:** workflow \"wf\\_refunds\""))
    }

    func testANewStepOnAnImplicitPickCountsWithFailOnWarning() throws {
        let base = header + """
            connections:
              - {id: n1, name: A, app: notion, created_at: 2026-01-01, account: {label: a}, auth: {type: token}}
              - {id: n2, name: B, app: notion, created_at: 2026-02-01, account: {label: b}, auth: {type: token}}
            workflows:
              - {id: wf, name: W, steps: [{id: a, app: notion, action: create_page}]}

            """
        let before = gatedReport(["a.yaml": base])
        let implicit = try finding(before, "WM502")
        XCTAssertEqual(implicit.severity, .warning)
        XCTAssertEqual(implicit.affects.map(\.key.path), ["wf/a"], "the implicit pick is located at the step that relies on it")
        let after = gatedReport(["a.yaml": base + "  - {id: wf2, name: W2, steps: [{id: b, app: notion, action: create_page}]}\n"], baseline(before))
        let again = try finding(after, "WM502")
        XCTAssertEqual(again.baseline, .updated)
        XCTAssertEqual(again.newUses.map(\.key.path), ["wf2/b"])
        XCTAssertEqual(after.exitStatus(failOn: .warning), 1)
        XCTAssertEqual(after.exitStatus(failOn: .error), 0)
    }

    func testANewStepOnAnUnusableDefaultCountsWithFailOnWarning() throws {
        // A revoked default nobody uses yet: a warning (the next step naming no connection gets it).
        let base = header + """
            connections:
              - {id: g_old, name: Old, app: gmail, default: true, status: revoked, account: {email: a@acme.com}, auth: {type: oauth2}}
              - {id: g_new, name: New, app: gmail, account: {email: b@acme.com}, auth: {type: oauth2}}
            workflows:
              - {id: wf, name: W, steps: [{id: a, app: gmail, action: send_email, connection: g_new}]}

            """
        let before = gatedReport(["a.yaml": base])
        XCTAssertEqual(try finding(before, "WM301").severity, .warning)
        XCTAssertEqual(before.exitStatus(failOn: .warning), 1)
        let after = gatedReport(["a.yaml": base + "  - {id: wf2, name: W2, steps: [{id: b, app: gmail, action: send_email}]}\n"], baseline(before))
        let dead = try finding(after, "WM301")
        XCTAssertEqual(dead.severity, .error, "now a step relies on it")
        XCTAssertEqual(dead.baseline, .updated)
        XCTAssertEqual(dead.newUses.map(\.key.path), ["wf2/b"])
        XCTAssertEqual(dead.newUses.first?.method, .defaultConnection)
        let unusable = try finding(after, "WM504")
        XCTAssertEqual(unusable.baseline, .new)
        XCTAssertEqual(unusable.affects.map(\.key.path), ["wf2/b"])
        XCTAssertEqual(after.exitStatus(failOn: .warning), 1)
    }

    // MARK: - Identity

    func testReorderedSplitAndReExportedAsJSONIsAllBaselined() throws {
        let before = gatedReport(GatingFixture.files)
        // One JSON document: connections and workflows in reverse order, in another file.
        let json = try String(contentsOfFile: Repo.testdata("gating-json/workspace.json"), encoding: .utf8)
        let after = gatedReport(["export.json": json], baseline(before))
        XCTAssertEqual(after.findings.count, before.findings.count, "\(lines(after.findings))")
        XCTAssertEqual(after.findings.map(\.baseline), Array(repeating: .unchanged, count: after.findings.count), "\(lines(after.findings))")
        XCTAssertEqual(after.baseline?.isStale, false)
        XCTAssertEqual(after.exitStatus(failOn: .info), 0)
        // Split: each workflow in a file of its own.
        let parts = GatingFixture.workflows.components(separatedBy: "\n  - id: ")
        var files = ["connections.yaml": GatingFixture.connections]
        for (n, part) in parts.dropFirst().enumerated() {
            files["z\(n).yaml"] = "apiVersion: workflow-machine/v1\nkind: WorkflowList\nworkspace: acme\nworkflows:\n  - id: " + part + "\n"
        }
        XCTAssertEqual(files.count, 4)
        let split = gatedReport(files, baseline(before))
        XCTAssertEqual(split.findings.map(\.baseline), Array(repeating: .unchanged, count: split.findings.count), "\(lines(split.findings))")
    }

    func testRewordingARuleMessageKeepsTheBaseline() throws {
        let before = gatedReport(GatingFixture.files)
        var sources = RuleSet.builtinFiles
        let i = try XCTUnwrap(sources.firstIndex { $0.path.hasSuffix("WM301-connection-not-active.yaml") })
        let reworded = sources[i].text.replacingOccurrences(of: "({{connection.name}}) is {{", with: "({{connection.name}}) has status {{")
        XCTAssertNotEqual(reworded, sources[i].text)
        sources[i].text = reworded
        let (rules, errors) = RuleSet.load(sources)
        XCTAssertEqual(errors, [])
        let loaded = GatingFixture.files.keys.sorted().compactMap { name in GatingFixture.files[name].map { load($0, name: name) } }
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(files: loaded)
        let after = Gating.apply(baseline(before), to: report)
        XCTAssertTrue(try finding(after, "WM301").message.contains("has status revoked"))
        XCTAssertEqual(after.findings.map(\.baseline), Array(repeating: .unchanged, count: after.findings.count))
    }

    func testAppFindingsDoNotDependOnWhichDefaultIsReadFirst() throws {
        let a = "  - {id: s1, name: A, app: slack, default: true, updated_at: 2026-10-01, account: {id: T1}, auth: {type: oauth2}}\n"
        let b = "  - {id: s2, name: B, app: slack, default: true, updated_at: 2026-11-01, account: {id: T2}, auth: {type: oauth2}}\n"
        let wf = "workflows:\n  - {id: wf, name: W, steps: [{id: x, app: slack, action: send_message}]}\n"
        let one = gatedReport(["a.yaml": header + "connections:\n" + a + b + wf])
        let two = gatedReport(["a.yaml": header + "connections:\n" + b + a + wf])
        XCTAssertEqual(try finding(one, "WM501").fingerprint, try finding(two, "WM501").fingerprint)
    }

    // MARK: - Stale parts

    func testStaleUsesAndStrictBaseline() throws {
        let before = gatedReport(GatingFixture.files)
        // wf_digest now posts through the (healthy) Gmail... no: it is deleted; WM301 breaks one step less.
        let fewer = GatingFixture.workflows.replacingOccurrences(
            of: "  - id: wf_digest\n    name: Daily digest\n    steps:\n      - {id: post, app: slack, action: send_message}\n", with: "")
        XCTAssertNotEqual(fewer, GatingFixture.workflows)
        let files = ["connections.yaml": GatingFixture.connections, "workflows.yaml": fewer]
        let after = gatedReport(files, baseline(before))
        let revoked = try finding(after, "WM301")
        XCTAssertEqual(revoked.baseline, .unchanged)
        XCTAssertEqual(revoked.staleUses.map(\.path), ["wf_digest/post"])
        XCTAssertEqual(after.baseline?.staleUses, 1)
        XCTAssertEqual(after.exitStatus(failOn: .error), 0, "without --strict-baseline a fixed use does not fail")
        var strict = baseline(before)
        strict.strictBaseline = true
        let strictRun = gatedReport(files, strict)
        XCTAssertEqual(strictRun.exitStatus(failOn: .error), 1, "--strict-baseline fails on a stale part")
        let text = TextReporter(snippets: false).render(strictRun)
        XCTAssertTrue(text.contains("base.json: error: 1 recorded use is no longer affected by its finding (fixed or gone): rewrite the baseline with `wmdoctor baseline write base.json` to shrink it (--strict-baseline: this fails the check)\n  note: stale uses of WM301 connection-not-active on acme / connection conn_slack_mkt: wf_digest/post\n"), text)
        XCTAssertTrue(GitHubReporter().render(strictRun).contains("::error file=base.json,title=wmdoctor%3A stale baseline::1 recorded uses are no longer affected"), GitHubReporter().render(strictRun))
        let json = JSONReporter().render(after)
        XCTAssertTrue(json.contains("\"stale_uses\": [\n        {\n          \"kind\": \"step\",\n          \"workflow\": \"wf_digest\",\n          \"step\": \"post\"\n        }\n      ]"), json)
        // A whole stale entry also fails a strict run.
        let fixed = GatingFixture.connections.replacingOccurrences(of: "status: revoked", with: "status: active")
        XCTAssertEqual(gatedReport(["connections.yaml": fixed, "workflows.yaml": GatingFixture.workflows], strict).exitStatus(failOn: .error), 1)
        XCTAssertEqual(gatedReport(GatingFixture.files, strict).exitStatus(failOn: .error), 0, "an exact baseline passes a strict run")
    }

    func testABaselineOfTheFirstFormatIsRefusedWithInstructions() {
        let old = "{\"version\": 1, \"entries\": [{\"fingerprint\": \"0123456789abcdef0123456789abcdef\", \"rule\": \"WM301\"}]}"
        guard case .failure(let e) = BaselineReader.read(text: old, path: "base.json") else { return XCTFail("a version 1 baseline was read") }
        XCTAssertTrue(e.description.hasPrefix("base.json:1:13: error: baseline version \"1\" is not supported: it was written by an earlier wmdoctor"), e.description)
        XCTAssertTrue(e.description.contains("write it again with `wmdoctor baseline write base.json PATH...`"), e.description)
    }

    // MARK: - Dead connections, used or not

    func testDeadConnectionsAreFindingsAtEachSeverity() throws {
        let yaml = header + """
            connections:
              - {id: used, name: Used, app: slack, status: revoked, account: {id: T1}, auth: {type: oauth2}}
              - {id: fallback, name: Fallback, app: gmail, status: active, account: {email: a@acme.com}, auth: {type: oauth2, expires_at: 2026-01-01}}
              - {id: spare, name: Spare, app: gmail, account: {email: b@acme.com}, auth: {type: oauth2, refreshable: true, refresh_expires_at: 2026-02-01}}
              - {id: off, name: Off, app: notion, status: disabled, account: {label: n}, auth: {type: token}}
              - {id: on, name: On, app: notion, default: true, account: {label: m}, auth: {type: token}}
            workflows:
              - {id: wf, name: W, steps: [{id: a, app: slack, action: send_message, connection: used}, {id: b, app: notion, action: create_page}]}

            """
        let r = gatedReport(["a.yaml": yaml])
        XCTAssertEqual(try finding(r, "WM301", "used").severity, .error, "an enabled workflow uses it")
        XCTAssertEqual(try finding(r, "WM302", "fallback").severity, .warning, "the first gmail connection: what a gmail step naming no connection gets")
        XCTAssertEqual(try finding(r, "WM303", "spare").severity, .info, "nothing uses it, nothing falls back to it")
        XCTAssertEqual(try finding(r, "WM301", "off").severity, .info, "notion's default is another connection")
        XCTAssertEqual(try finding(r, "WM302", "fallback").category, .expiredToken)
        XCTAssertEqual(try finding(r, "WM302", "fallback").affects, [])
        XCTAssertFalse(r.findings.contains { $0.rule.id == "WM601" && ["used", "fallback", "spare", "off"].contains($0.entity.connection) },
            "a dead connection is reported by its own rule, not as unused: \(lines(r.findings))")
        // A severity set in the configuration replaces the levels by use.
        var settings = RuleSettings()
        settings.severities["WM303"] = .error
        let (rules, _) = RuleSet.load(RuleSet.builtinFiles)
        let configured = Analyzer(options: AnalysisOptions(now: testNow, rules: rules, settings: settings)).analyze(files: [load(yaml, name: "a.yaml")])
        XCTAssertEqual(try finding(configured, "WM303", "spare").severity, .error)
    }

    // MARK: - One index, one definition

    func testUsageIndexIsWhatEveryViewCounts() throws {
        let r = gatedReport(GatingFixture.files)
        let ws = try XCTUnwrap(r.workspaces.first)
        // conn_slack_mkt: the default of slack, used by three steps (one of a disabled workflow).
        XCTAssertEqual(ws.usage.byConnection[0].count, 3)
        XCTAssertTrue(ws.usage.isFallback(0, app: "slack"))
        XCTAssertEqual(ws.usability[0], .notActive(.revoked))
        let health = ConnectionHealth.rows(r)
        XCTAssertEqual(health[0].boundSteps, 3)
        XCTAssertFalse(health[0].usability.isUsable)
        XCTAssertFalse(health[0].expired, "revoked, not expired: the expiry column stays as the token says")
        let inventory = Inventory(r)
        XCTAssertEqual(inventory.workspaces[0].connections[0].uses.map(\.path), ["wf_lead_alerts / notify", "wf_digest / post", "wf_off / post"])
        XCTAssertEqual(try finding(r, "WM301").impact, Impact(steps: 2, workflows: 2), "the disabled workflow breaks nothing")
    }

    /// Every use of each app, in workflow order: also with more app keys
    /// than the index's cache has places (short and long keys, so some share
    /// a place), each met many times.
    func testUsesByAppWithManyAppKeys() throws {
        let apps = (0..<150).map { $0 % 3 == 0 ? "app-with-a-rather-long-key-\($0)" : "app\($0)" }
        var text = header + "connections:\n  - {id: c1, name: One, app: slack, account: {id: T}, auth: {type: oauth2}}\nworkflows:\n"
        for w in 0..<40 {
            text += "  - id: wf\(w)\n    name: W\(w)\n    trigger: {app: \(apps[(w * 7) % apps.count]), event: e}\n    steps:\n"
            for s in 0..<9 { text += "      - {id: s\(s), app: \(apps[(w * 31 + s * 17) % apps.count]), action: a}\n" }
        }
        // A workflow without a trigger, and one without steps.
        text += "  - id: wf_no_trigger\n    name: N\n    steps:\n      - {id: s0, app: \(apps[1]), action: a}\n"
        text += "  - id: wf_no_steps\n    name: S\n    trigger: {app: \(apps[2]), event: e}\n    steps: []\n"
        let ws = try XCTUnwrap(analyze(["many.yaml": text]).workspaces.first)
        var expected: [String: [UseRef]] = [:]
        for (wi, wf) in ws.workspace.workflows.enumerated() {
            if let app = wf.trigger?.app?.value { expected[app, default: []].append(UseRef(workflow: wi, step: nil)) }
            for (si, step) in wf.steps.enumerated() { expected[step.app.value, default: []].append(UseRef(workflow: wi, step: si)) }
        }
        XCTAssertEqual(expected.count, 150)
        XCTAssertEqual(ws.usage.appKeys, Set(expected.keys))
        for (app, uses) in expected { XCTAssertEqual(ws.uses(ofApp: app), uses, app) }
        XCTAssertEqual(ws.uses(ofApp: "no-such-app"), [])
        // Read in one pass for a range of apps (the apps scope's ranges hold up to 128): the same lists.
        let keys = expected.keys.sorted()
        for start in stride(from: 0, to: keys.count, by: 128) {
            let chunk = Array(keys[start..<min(start + 128, keys.count)]) + ["no-such-app"]
            let byApp = try XCTUnwrap(UsesByApp(ws, apps: chunk))
            for app in chunk { XCTAssertEqual(byApp.uses(ofApp: app), expected[app] ?? [], app) }
            let outside = try XCTUnwrap(keys.first { !chunk.contains($0) })
            XCTAssertNil(byApp.uses(ofApp: outside), "not one of its apps: read from the steps instead")
        }
        XCTAssertNil(UsesByApp(ws, apps: (0..<255).map { "a\($0)" }), "one byte per use holds 254 apps and the others")
        XCTAssertNotNil(UsesByApp(ws, apps: (0..<254).map { "a\($0)" }))
    }

    /// Past 4,096 workflows the index is built in ranges, one per core, and
    /// joined: each connection's uses (and those that may run as it) are
    /// still in workflow order, each trigger before its steps, and the app
    /// keys are every range's.
    func testUsageIndexInRangesIsInWorkflowOrder() throws {
        var text = header + """
            connections:
              - {id: a, name: A, app: slack, account: {id: T1}, auth: {type: oauth2}}
              - {id: b, name: B, app: slack, account: {id: T2}, auth: {type: oauth2}}
              - {id: g1, name: G, app: gmail, default: true, account: {email: x@y.z}, auth: {type: oauth2}}
              - {id: g2, name: G2, app: gmail, default: true, account: {email: v@y.z}, auth: {type: oauth2}}
            workflows:

            """
        for w in 0..<9000 {
            let trigger = w % 3 == 0 ? "    trigger: {app: slack, event: new_message, connection: \(w % 2 == 0 ? "a" : "b")}\n" : ""
            text += "  - id: wf\(w)\n    name: W\n\(trigger)    steps:\n"
            text += "      - {id: s0, app: \(w % 5 == 0 ? "notion" : "slack"), action: send_message, connection: \(w % 7 == 0 ? "b" : "a")}\n"
            if w % 4 == 0 { text += "      - {id: s1, app: gmail, action: send_email}\n" }  // tied defaults: g1, may run as g2
            if w == 8999 { text += "      - {id: s2, app: hubspot, action: create_contact}\n" }
        }
        let ws = try XCTUnwrap(analyze(["big.yaml": text]).workspaces.first)
        var bound = [[UseRef]](repeating: [], count: 4)
        var tied = bound
        var apps: Set<String> = []
        for wi in ws.workspace.workflows.indices {
            let wf = ws.workspace.workflows[wi]
            var uses: [UseRef] = wf.trigger == nil ? [] : [UseRef(workflow: wi, step: nil)]
            uses += wf.steps.indices.map { UseRef(workflow: wi, step: $0) }
            if let app = wf.trigger?.app?.value { apps.insert(app) }
            for s in wf.steps { apps.insert(s.app.value) }
            for use in uses {
                // A step's binding through its workflow's bindings; a trigger's through the triggers'.
                let binding = use.isTrigger ? ws.triggerBindings[wi] : ws.stepBindings[wi][Int(use.step)]
                guard let b = binding else { continue }
                // Read in place (``ResolvedWorkspace/binding(of:)`` reads the same way), the same binding.
                let read = ws.read(bindingOf: use) { ($0.method, $0.connection, $0.isUndetermined, $0.tied) }
                XCTAssertTrue(read.map { $0 == (b.method, b.connection, b.isUndetermined, b.tied) } ?? false, "\(use)")
                if let c = b.connection { bound[c].append(use) }
                if b.isUndetermined { for i in b.tied where i != b.connection { tied[i].append(use) } }
            }
        }
        XCTAssertEqual(ws.usage.byConnection.map(Array.init), bound)
        XCTAssertEqual(ws.usage.tiedByConnection.map(Array.init), tied)
        XCTAssertEqual(ws.usage.appKeys, apps)
        XCTAssertEqual(apps, ["slack", "notion", "gmail", "hubspot"], "the last range's app is among them")
        XCTAssertEqual(tied[3].count, 2250, "every gmail step may run as the other default")
        XCTAssertGreaterThan(bound[0].count, 4000)
    }

    func testUsabilityFollowsTheSpecsRuleFour() {
        func usability(_ auth: String, status: String = "active") -> Usability {
            let yaml = header + "connections:\n  - {id: c, name: C, app: slack, status: \(status), account: {id: T}, auth: \(auth)}\n"
            return analyze(["a.yaml": yaml]).workspaces.first?.usability.first ?? .usable
        }
        XCTAssertEqual(usability("{type: oauth2}"), .usable)
        XCTAssertEqual(usability("{type: oauth2}", status: "error"), .notActive(.error))
        XCTAssertEqual(usability("{type: oauth2, expires_at: 2026-01-01}"), .tokenExpired(Timestamp.parse("2026-01-01") ?? testNow))
        XCTAssertEqual(usability("{type: oauth2, expires_at: 2026-01-01, refreshable: true}"), .usable)
        XCTAssertEqual(usability("{type: oauth2, refreshable: true, refresh_expires_at: 2026-01-01}"), .refreshExpired(Timestamp.parse("2026-01-01") ?? testNow))
        XCTAssertEqual(usability("{type: oauth2, expires_at: 2027-01-01}"), .usable)
    }
}
