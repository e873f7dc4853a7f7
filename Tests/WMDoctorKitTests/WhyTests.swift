import Foundation
import XCTest

@testable import WMDoctorKit

/// `wmdoctor why`: goldens of every family of failure (Tests/testdata/why/,
/// WMDOCTOR_UPDATE_GOLDEN=1 rewrites them after a deliberate change), the
/// lookup of a workflow by id or name, and that `why` is a view of `check`.
final class WhyTests: XCTestCase {
    private static let rules = RuleSet.load(RuleSet.builtinFiles).0

    /// The analysis `why` runs: `check`'s, with every evaluation recorded.
    static func report(_ paths: [String]) -> Report {
        let options = AnalysisOptions(now: testNow, rules: rules, recordEvaluations: true)
        let absolute = paths.map { Repo.root.appendingPathComponent($0).path }
        return Gating.apply(GatingOptions(), to: Analyzer(options: options).analyze(paths: absolute))
    }

    static func diagnose(_ paths: [String], _ query: String) throws -> WorkflowDiagnosis {
        let r = report(paths)
        guard case .found(let target, let part) = WorkflowLookup(r.workspaces.map(\.workspace)).find(query) else {
            struct NotFound: Error, CustomStringConvertible { var description: String }
            throw NotFound(description: "\(query) is not found in \(paths)")
        }
        return WorkflowDiagnosis(report: r, target: target, part: part, rules: rules.rules, catalog: rules.catalog)
    }

    /// Paths shown relative to the repository, as a user running from it sees them.
    static func relative(_ s: String) -> String { s.replacingOccurrences(of: Repo.root.path + "/", with: "") }

    /// (golden name, inputs, query, formats)
    static let cases: [(String, [String], String, [WhyFormat])] = [
        ("healthy", ["Samples/healthy"], "Incident relay", [.text, .json, .markdown]),
        ("healthy-expiring", ["Samples/healthy"], "Lead alerts", [.text]),
        ("wrong-connection", ["Samples/broken/wrong-connection.yaml"], "Import notices", [.text, .json]),
        ("missing-scope", ["Samples/broken/missing-scope.yaml"], "Release automation", [.text, .markdown]),
        ("expired-token", ["Samples/broken/expired-token.yaml"], "Leads to CRM", [.text]),
        ("wrong-account", ["Samples/broken/wrong-account.yaml"], "Campaign alerts", [.text]),
        ("ambiguous-default", ["Samples/broken/ambiguous-default.yaml"], "Weekly digest", [.text]),
        ("undetermined", ["Tests/testdata/why/undetermined.yaml"], "Release notes", [.text, .json, .markdown]),
        ("trigger", ["Samples/broken/expired-token.yaml"], "wf_leads/trigger", [.text, .markdown]),
        ("hostile", ["Tests/testdata/why/hostile.yaml"], "wf_evil", [.text, .json, .markdown]),
    ]

    func testGoldens() throws {
        for (name, paths, query, formats) in Self.cases {
            let d = try Self.diagnose(paths, query)
            for format in formats {
                let ext = format == .markdown ? "md" : format == .json ? "json" : "txt"
                try ReportGolden.compare(Self.relative(format.render(d)), golden: "why/\(name).golden.\(ext)")
            }
        }
    }

    func testVerdictOfEachFamily() throws {
        let expected: [String: Verdict.Outcome] = [
            "healthy": .runs, "healthy-expiring": .willFail, "wrong-connection": .fails, "missing-scope": .fails,
            "expired-token": .fails, "wrong-account": .fails, "ambiguous-default": .fails, "undetermined": .mayFail,
            "trigger": .fails, "hostile": .fails,
        ]
        for (name, paths, query, _) in Self.cases {
            let d = try Self.diagnose(paths, query)
            XCTAssertEqual(d.verdict.outcome, expected[name], name)
            XCTAssertEqual(d.verdict.exitStatus, expected[name] == .runs || expected[name] == .willFail ? 0 : 1, name)
        }
        let lead = try Self.diagnose(["Samples/healthy"], "Lead alerts")
        XCTAssertEqual(lead.verdict.date?.description, "2027-05-01T00:00:00Z")
    }

    /// One family, one expected cause and fix on the step that shows it.
    func testEachFamilyNamesItsCauseAndFix() throws {
        let checks: [([String], String, String)] = [
            (["Samples/broken/wrong-connection.yaml"], "Import notices/mail", "WM102"),
            (["Samples/broken/missing-scope.yaml"], "Release automation/bump", "WM201"),
            (["Samples/broken/expired-token.yaml"], "Leads to CRM/add", "WM301"),
            (["Samples/broken/wrong-account.yaml"], "Campaign alerts/post", "WM401"),
            (["Samples/broken/ambiguous-default.yaml"], "Weekly digest/mail", "WM301"),
        ]
        for (paths, query, rule) in checks {
            let d = try Self.diagnose(paths, query)
            XCTAssertEqual(d.uses.count, 1, query)
            let u = try XCTUnwrap(d.uses.first)
            XCTAssertEqual(u.verdict.outcome, .fails, query)
            XCTAssertEqual(u.verdict.fixRule?.id, rule, query)
            XCTAssertNotNil(u.verdict.fix, query)
        }
    }

    /// `why` lists the same findings as `check`: every finding that breaks one of
    /// the workflow's uses is in its diagnosis, with the same fingerprint.
    func testSameFindingsAndFingerprintsAsCheck() throws {
        let paths = ["Samples/broken"]
        let r = Self.report(paths)
        for ws in r.workspaces {
            for wf in ws.workspace.workflows {
                let d = try Self.diagnose(paths, "\(ws.workspace.slug)/\(wf.id.value)")
                let shown = Set(d.uses.flatMap { $0.checks.filter(\.breaksUse).flatMap(\.findings) }.map(\.fingerprint))
                let breaking = r.findings.filter { f in
                    f.affects.contains { $0.workspace == ws.workspace.slug && $0.workflow == wf.id.value }
                }
                XCTAssertFalse(breaking.isEmpty && d.verdict.outcome == .fails, wf.id.value)
                for f in breaking { XCTAssertTrue(shown.contains(f.fingerprint), "\(wf.id.value): \(f.rule.id) \(f.message)") }
            }
        }
    }

    /// Every rule the engine evaluated on a use, its connection and its app is
    /// listed, passing ones too, and nothing else: the checks derived from the
    /// rules' scopes are the evaluations the engine records.
    func testEveryCheckThatRanIsListed() throws {
        for paths in [["Samples/healthy"], ["Samples/broken"], ["Tests/testdata/why/twins.yaml"]] {
            let r = Self.report(paths)
            for ws in r.workspaces {
                let slug = ws.workspace.slug
                for wf in ws.workspace.workflows {
                    let d = try Self.diagnose(paths, "\(slug)/\(wf.id.value)")
                    for (u, use) in zip(d.uses, (wf.trigger == nil ? [] : [UseRef(workflow: 0, step: nil)]) + wf.steps.indices.map { UseRef(workflow: 0, step: $0) }) {
                        let step = use.isTrigger ? nil : wf.steps[Int(use.step)].id.value
                        let ran = Set(r.evaluations.filter { e in
                            guard e.entity.workspace == slug else { return false }
                            switch e.entity.kind {
                            case .step: return e.entity.workflow == wf.id.value && e.entity.step == step && step != nil
                            case .trigger: return e.entity.workflow == wf.id.value && step == nil
                            case .connection: return e.entity.connection == u.connection?.id
                            case .app: return e.entity.app == u.app
                            default: return false
                            }
                        }.map { "\($0.rule.id) \($0.entity.kind.rawValue)" })
                        let listed = Set(u.checks.filter { !$0.subject.hasPrefix("workflow ") && $0.subject != "workspace" }
                            .map { "\($0.rule.id) \($0.subject.split(separator: " ")[0])" })
                        XCTAssertEqual(listed, ran, "\(slug)/\(wf.id.value)/\(step ?? "trigger")")
                    }
                }
            }
        }
        let u = try XCTUnwrap(Self.diagnose(["Samples/healthy"], "Lead alerts/notify").uses.first)
        XCTAssertGreaterThan(u.checks.count, 20)
        XCTAssertTrue(u.checks.allSatisfy(\.passed))
    }

    func testNothingEscapesAndNoSecret() throws {
        let d = try Self.diagnose(["Tests/testdata/why/hostile.yaml"], "wf_evil")
        for format in WhyFormat.allCases {
            let out = format.render(d, colors: false)
            XCTAssertFalse(out.contains("PLANTED"), "\(format)")
            XCTAssertFalse(out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(format)")
            for line in out.split(separator: "\n") {
                XCTAssertFalse(line.hasPrefix("::"), "\(format): \(line)")
                if format != .markdown { XCTAssertFalse(line.hasPrefix("#"), "\(format): \(line)") }
            }
        }
        let md = WhyFormat.markdown.render(d)
        XCTAssertFalse(md.contains("\n# heading"))
        XCTAssertFalse(md.contains("<b>"))
        XCTAssertFalse(md.contains("[link](http"))
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(WhyFormat.json.render(d).utf8)))
    }

    /// When the export does not determine the pick, an error fails the use
    /// only if it holds whichever connection it runs as.
    func testUndeterminedUsesFailOnlyWhenEveryConnectionFails() throws {
        let d = try Self.diagnose(["Tests/testdata/why/undetermined-breaks.yaml"], "Tied")
        func use(_ id: String) throws -> UseDiagnosis { try XCTUnwrap(d.uses.first { $0.id == id }, id) }
        // One of the two tied defaults is revoked: it may fail, and the fix is that connection's.
        let oneDead = try use("one_dead")
        XCTAssertEqual(oneDead.verdict.outcome, .mayFail)
        XCTAssertEqual(oneDead.verdict.fixRule?.id, "WM301")
        XCTAssertTrue(oneDead.verdict.reasons.contains { $0.contains("\"conn_b\" (B) is revoked: it may break") })
        XCTAssertTrue(oneDead.verdict.reasons.contains { $0.contains("the export cannot tell which connection") })
        // An unknown action fails whatever connection runs it (WM203 does not judge the connection).
        let noAction = try use("no_action")
        XCTAssertEqual(noAction.verdict.outcome, .fails)
        XCTAssertEqual(noAction.verdict.fixRule?.id, "WM203")
        // Both tied connections are dead: it fails, and neither message says it surely runs as one.
        let allDead = try use("all_dead")
        XCTAssertEqual(allDead.verdict.outcome, .fails)
        XCTAssertEqual(allDead.verdict.reasons.filter { $0.contains("it may break 1 step") }.count, 2, "\(allDead.verdict.reasons)")
        // One tied connection expires later: it may fail (from then); both do: it will fail when the last does.
        let oneEnds = try use("one_ends")
        XCTAssertEqual(oneEnds.verdict.outcome, .mayFail)
        XCTAssertTrue(oneEnds.verdict.reasons.contains { $0.contains("\"conn_n_1\", whose token expires on 2026-12-10") })
        let allEnd = try use("all_end")
        XCTAssertEqual(allEnd.verdict.outcome, .willFail)
        XCTAssertEqual(allEnd.verdict.date?.description, "2026-12-20T00:00:00Z")
        XCTAssertEqual(d.verdict.outcome, .fails)
    }

    /// Several defaults whose dates decide: the step runs as the most recent;
    /// the several defaults are a risk, not a failure.
    func testAppFindingsAreRisksNotFailures() throws {
        let d = try Self.diagnose(["Samples/broken/ambiguous-default.yaml"], "Weekly digest/post")
        let u = try XCTUnwrap(d.uses.first)
        XCTAssertEqual(u.verdict.outcome, .runs)
        XCTAssertNil(u.verdict.fix)
        XCTAssertEqual(u.verdict.risks.count, 1)
        XCTAssertTrue(u.verdict.risks.first?.hasPrefix("2 slack connections are marked default") ?? false)
        XCTAssertTrue(u.checks.contains { $0.rule.id == "WM501" && $0.breaksUse && !$0.passed }, "still shown among the checks")
        XCTAssertTrue(WhyFormat.text.render(d, colors: false).contains("\n    risk: 2 slack connections are marked default"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(WhyFormat.json.render(d).utf8)) as? [String: Any])
        let uses = try XCTUnwrap(json["uses"] as? [[String: Any]])
        XCTAssertEqual(((uses.first?["verdict"] as? [String: Any])?["risks"] as? [String])?.count, 1)
    }

    /// A secret in a step's params (WM702) exposes it but does not stop the
    /// step: a risk, not what fails it (here the app has no connection).
    func testASecretInParamsIsARiskNotTheFailure() throws {
        let d = try Self.diagnose(["Samples/broken/hygiene-and-secrets.yaml"], "Notify/ticket")
        let u = try XCTUnwrap(d.uses.first)
        XCTAssertEqual(u.verdict.outcome, .fails)
        XCTAssertEqual(u.verdict.fixRule?.id, "WM503")
        XCTAssertEqual(u.verdict.risks.count, 1)
        XCTAssertTrue(u.verdict.risks.first?.contains("has a secret-looking value in its params, password") ?? false, "\(u.verdict.risks)")
        XCTAssertFalse(u.verdict.reasons.contains { $0.contains("secret-looking") }, "\(u.verdict.reasons)")
        XCTAssertTrue(u.checks.contains { $0.rule.id == "WM702" && !$0.passed }, "still shown among the checks")
    }

    /// Which rules judge the connection a use runs as, from what they read.
    func testRulesThatJudgeTheConnection() throws {
        let judging = Set(Self.rules.rules.filter(\.judgesConnection).map(\.id.id))
        for id in ["WM201", "WM202", "WM301", "WM401", "WM403", "WM104"] { XCTAssertTrue(judging.contains(id), id) }
        XCTAssertFalse(judging.contains("WM203"), "reads the step, its app and the catalog, not the connection")
        XCTAssertTrue(judging.contains("WM407"), "reads the workspace: it may reach connections, so it counts as judging them")
    }

    func testUndeterminedPicksSayTheExportCannotTell() throws {
        let d = try Self.diagnose(["Tests/testdata/why/undetermined.yaml"], "Release notes")
        let tie = try XCTUnwrap(d.uses.first { $0.id == "announce" })
        XCTAssertEqual(tie.choice.chosen, "conn_slack_a")
        XCTAssertTrue(tie.choice.undetermined?.contains("\"conn_slack_a\" and \"conn_slack_b\" have the same updated_at") ?? false)
        XCTAssertEqual(tie.choice.candidates.map(\.label), ["tied, shown", "tied"])
        let missing = try XCTUnwrap(d.uses.first { $0.id == "issue" })
        XCTAssertTrue(missing.choice.undetermined?.contains("\"conn_gh_old\" has no created_at") ?? false)
        XCTAssertTrue(missing.choice.undetermined?.contains("it may run as any of \"conn_gh_old\", \"conn_gh_new\"") ?? false)
        // Both connections it may run as pass every check: it runs, whichever is picked; the implicit pick is a risk.
        XCTAssertEqual(missing.verdict.outcome, .runs)
        XCTAssertEqual(missing.verdict.risks.count, 1)
        XCTAssertTrue(missing.verdict.risks.first?.contains("the export does not determine which that is") ?? false)
        let unknownGrant = try XCTUnwrap(d.uses.first { $0.id == "page" })
        XCTAssertEqual(unknownGrant.verdict.outcome, .mayFail)
        XCTAssertEqual(unknownGrant.access?.groups.first?.met, nil)
        // Dates that decide: no "cannot tell".
        let decided = try Self.diagnose(["Samples/broken/ambiguous-default.yaml"], "Weekly digest/post")
        XCTAssertNil(decided.uses.first?.choice.undetermined)
        XCTAssertEqual(decided.uses.first?.choice.candidates.map(\.picked), [false, true])
    }

    func testLookup() throws {
        let r = Self.report(["Tests/testdata/why/twins.yaml", "Samples/healthy"])
        let lookup = WorkflowLookup(r.workspaces.map(\.workspace))
        func found(_ q: String, workspace: String? = nil) -> String? {
            guard case .found(let t, let part) = lookup.find(q, workspace: workspace) else { return nil }
            let ws = r.workspaces[t.workspace].workspace
            var s = ws.slug + "/" + ws.workflows[t.workflow].id.value
            switch part {
            case .trigger?: s += "/trigger"
            case .step(let i)?: s += "/" + ws.workflows[t.workflow].steps[i].id.value
            case nil: break
            }
            return s
        }
        XCTAssertEqual(found("wf_lead_alerts"), "acme/wf_lead_alerts")
        XCTAssertEqual(found("Lead alerts"), "acme/wf_lead_alerts")
        XCTAssertEqual(found("lead ALERTS"), "acme/wf_lead_alerts")
        XCTAssertEqual(found("Lead alerts/E-mail the sales team"), "acme/wf_lead_alerts/email_sales")
        XCTAssertEqual(found("Lead alerts/trigger"), "acme/wf_lead_alerts/trigger")
        XCTAssertEqual(found("south/Alerts"), "south/wf_alerts")
        XCTAssertEqual(found("north/wf_alerts/post"), "north/wf_alerts/post")
        XCTAssertEqual(found("Alerts", workspace: "north"), "north/wf_alerts")
        guard case .ambiguous(_, let across) = lookup.find("Alerts") else { return XCTFail("Alerts is in two workspaces") }
        XCTAssertEqual(across.map(\.qualified), ["north/wf_alerts", "south/wf_alerts"])
        guard case .ambiguous(_, let within) = lookup.find("Nightly") else { return XCTFail("two workflows are called Nightly") }
        XCTAssertEqual(within.map(\.qualified), ["north/wf_alerts_2", "north/wf_alerts_3"])
        XCTAssertTrue(within[0].location.description.hasSuffix("twins.yaml:10:5"))
        guard case .unknownWorkflow(_, let s1) = lookup.find("Lead alert") else { return XCTFail() }
        XCTAssertEqual(s1, "Lead alerts")
        guard case .unknownWorkflow(_, let s2) = lookup.find("wf_lead_alrets/notify") else { return XCTFail() }
        XCTAssertEqual(s2, "wf_lead_alerts")
        guard case .unknownWorkflow(_, nil) = lookup.find("zzzzzzzz") else { return XCTFail() }
        guard case .unknownStep(_, _, let s3) = lookup.find("Lead alerts/notfy") else { return XCTFail() }
        XCTAssertEqual(s3, "notify")
        guard case .unknownStep(_, _, let s4) = lookup.find("Lead alerts/triger") else { return XCTFail() }
        XCTAssertEqual(s4, "trigger")
        guard case .unknownStep(_, _, nil) = lookup.find("Incident relay/trigger") else { return XCTFail("wf_incidents has no trigger") }
    }

    func testATriggerWithoutAppNeedsNoConnectionAndADisabledWorkflowNeverRuns() throws {
        let south = try Self.diagnose(["Tests/testdata/why/twins.yaml"], "south/wf_alerts/trigger")
        let trigger = try XCTUnwrap(south.uses.first)
        XCTAssertEqual(trigger.kind, .trigger)
        XCTAssertNil(trigger.connection)
        XCTAssertEqual(trigger.choice.failure, .noApp)
        XCTAssertEqual(trigger.verdict.outcome, .runs)
        let off = try Self.diagnose(["Tests/testdata/why/twins.yaml"], "wf_alerts_3")
        XCTAssertEqual(off.verdict.outcome, .disabled)
        XCTAssertEqual(off.verdict.exitStatus, 1)
    }
}

/// `wmdoctor why` as a user runs it: exit statuses and messages.
final class WhyCommandTests: XCTestCase {
    private func why(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try CLIRunner.run(["why", "--no-config", "--now", "2026-11-24T00:00:00Z"] + args)
    }

    func testExitStatuses() throws {
        XCTAssertEqual(try why(["Incident relay", "Samples/healthy"]).status, 0)
        XCTAssertEqual(try why(["Lead alerts", "Samples/healthy"]).status, 0, "runs until 2027-05-01")
        let broken = try why(["Import notices", "Samples/broken"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.out.contains("verdict: fails"))
        XCTAssertEqual(try why(["Release notes/page", "Tests/testdata/why/undetermined.yaml"]).status, 1, "may fail")
        XCTAssertEqual(try why(["Release notes/issue", "Tests/testdata/why/undetermined.yaml"]).status, 0, "runs as either connection")
        let missing = try why(["Lead alerts", "Samples/healthy", "no-such-folder"])
        XCTAssertEqual(missing.status, 2)
    }

    func testDidYouMean() throws {
        let r = try why(["Lead alert", "Samples/healthy"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("did you mean \"Lead alerts\"?"), r.err)
        XCTAssertTrue(r.out.isEmpty)
        let step = try why(["wf_lead_alerts/notfy", "Samples/healthy"])
        XCTAssertEqual(step.status, 64)
        XCTAssertTrue(step.err.contains("did you mean \"notify\"?"), step.err)
        let ws = try why(["Alerts", "--workspace", "nroth", "Tests/testdata/why/twins.yaml"])
        XCTAssertEqual(ws.status, 64)
        XCTAssertTrue(ws.err.contains("did you mean \"north\"?"), ws.err)
    }

    func testAmbiguousNamesAskWhichOne() throws {
        let r = try why(["Alerts", "Tests/testdata/why/twins.yaml"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("names 2 workflows; say which one"), r.err)
        XCTAssertTrue(r.err.contains("north/wf_alerts  (Alerts) at Tests/testdata/why/twins.yaml:9:5"), r.err)
        XCTAssertTrue(r.err.contains("south/wf_alerts  (Alerts) at Tests/testdata/why/twins.yaml:19:5"), r.err)
        XCTAssertEqual(try why(["south/Alerts", "Tests/testdata/why/twins.yaml"]).status, 0)
        XCTAssertEqual(try why(["Alerts", "--workspace", "north", "Tests/testdata/why/twins.yaml"]).status, 0)
    }

    func testFormatsAndColor() throws {
        let json = try why(["Incident relay", "Samples/healthy", "--format", "json"])
        XCTAssertEqual(json.status, 0)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        XCTAssertEqual((object["verdict"] as? [String: Any])?["outcome"] as? String, "runs")
        let md = try why(["Incident relay", "Samples/healthy", "-f", "markdown"])
        XCTAssertTrue(md.out.hasPrefix("# Why: workflow `wf_incidents`"))
        let plain = try why(["Incident relay", "Samples/healthy"])
        XCTAssertFalse(plain.out.contains("\u{1B}["))
        let colored = try why(["Incident relay", "Samples/healthy", "--color", "always"])
        XCTAssertTrue(colored.out.contains("\u{1B}["))
    }

    /// The README's "Diagnose one workflow" shows a real run: it must stay one.
    func testReadmeOutputIsReal() throws {
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("README.md"), encoding: .utf8)
        let prompt = "$ wmdoctor why \"Weekly digest/mail\" Samples/broken --now 2026-11-24T00:00:00Z\n"
        let start = try XCTUnwrap(readme.range(of: prompt)).upperBound
        let end = try XCTUnwrap(readme.range(of: "```", range: start..<readme.endIndex)).lowerBound
        let r = try CLIRunner.run(["why", "Weekly digest/mail", "Samples/broken", "--now", "2026-11-24T00:00:00Z"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(String(readme[start..<end]), r.out)
    }
}
