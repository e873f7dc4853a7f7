import Foundation
import XCTest

@testable import WMDoctorKit

/// Secrets found by their shape in free text (a token quoted in
/// `last_error.message`, a webhook URL in a step's params) are redacted as the
/// export is read, shown nowhere, and reported by WM701 and WM702.
final class SecretShapeTests: XCTestCase {
    // Each fake secret's body carries QQZ so any leak is seen.
    private let slack = "xoxb-1234567890-QQZslackbody"
    private let google = "ya29.a0AfQQZgooglebody12"
    private let webhook = "https://hooks.slack.com/services/T0000/B0000/QQZhookbody"

    func testShapesAreRedactedWithTheirPrefixKept() {
        let cases: [(String, String, SecretShapes.Kind)] = [
            ("token_revoked: xoxb-1234567890-abcdefghij", "token_revoked: xoxb-<redacted>", .slackToken),
            ("Authorization: Bearer ya29.a0AfH6SMBxyz123", "Authorization: Bearer <redacted>", .bearerToken),
            ("key ya29.a0AfH6SMBxyz123 was refused", "key ya29.<redacted> was refused", .googleToken),
            ("https://hooks.slack.com/services/T0/B0/XXXXXXXXXXXX", "https://hooks.slack.com/<redacted>", .slackWebhook),
            ("sk_live_51NxAbCdEfGhIjKl", "sk_live_<redacted>", .stripeKey),
            ("(rk_test_51NxAbCdEfGhIjKl)", "(rk_test_<redacted>)", .stripeKey),
            ("ghp_abcdefghijklmnopqrstuvwxyz0123", "ghp_<redacted>", .githubToken),
            ("github_pat_11ABCDEFG0abcdefghijkl_xyz", "github_pat_<redacted>", .githubToken),
            ("AKIAIOSFODNN7EXAMPLE", "AKIA<redacted>", .awsKey),
            ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end",
             "jwt <redacted> end", .jwt),
        ]
        for (text, expected, kind) in cases {
            let r = SecretShapes.redact(text)
            XCTAssertEqual(r?.text, expected, text)
            XCTAssertEqual(r?.kinds, kind, text)
        }
    }

    func testTextThatOnlyResemblesASecretIsKept() {
        for text in [
            "rk_live_…4242", "sk_live_4242", "task_live_abcdefghijklmnop", "Bearer tokens expire after an hour",
            "https://hooks.slack.com/", "AKIAIOSFODNN7EXAMPLEX", "xoxb-…", "eyJhbGciOiJIUzI1NiJ9", "ops@acme.com",
            "The caller does not have permission",
        ] {
            XCTAssertNil(SecretShapes.redact(text), text)
        }
    }

    func testKindsReadAsAPhrase() {
        XCTAssertEqual(SecretShapes.Kind.slackToken.phrase, "a Slack token")
        XCTAssertEqual(([.slackToken, .bearerToken] as SecretShapes.Kind).phrase, "a Slack token and a bearer token")
    }

    private var export: String {
        """
        apiVersion: workflow-machine/v1
        kind: Workspace
        workspace: acme
        connections:
          - id: conn_slack
            name: Slack
            app: slack
            status: revoked
            account: {id: T1, label: acme}
            auth: {type: oauth2, token_kind: bot, scopes: [chat:write]}
            last_error: {code: token_revoked, message: "token_revoked: \(slack)"}
          - id: conn_gmail
            name: Gmail
            app: gmail
            status: error
            account: {email: ops@acme.com}
            auth: {type: oauth2, scopes: [https://mail.google.com/]}
            last_error:
              code: invalid_auth
              message: &msg "Authorization: Bearer \(google)"
        workflows:
          - id: wf
            name: WF
            steps:
              - {id: s1, app: slack, action: send_message, connection: conn_slack, params: {text: *msg}}
              - id: s2
                app: gmail
                action: send_email
                connection: conn_gmail
                params:
                  body: "post to \(webhook)"

        """
    }

    private func analyze() throws -> (Report, String) {
        let tmp = try hostileFolder(self)
        let path = tmp.appendingPathComponent("shapes.yaml").path
        try Data(export.utf8).write(to: URL(fileURLWithPath: path))
        let rules = RuleSet.load(RuleSet.builtinFiles).0
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(paths: [path])
        return (report, path)
    }

    /// No format, message or snippet holds a secret's body; the prefix that says what it was stays.
    func testNoFormatShowsASecretFoundByShape() throws {
        let (report, _) = try analyze()
        XCTAssertEqual(report.errors.count, 0, "\(report.errors)")
        for format in ReportFormat.allCases {
            let out = format.reporter(ReportOptions(snippets: true)).render(report)
            XCTAssertFalse(out.contains("QQZ"), "\(format) shows a secret:\n" + out.split(separator: "\n").filter { $0.contains("QQZ") }.joined(separator: "\n"))
        }
        let messages = report.findings.map { $0.message + ($0.detail ?? "") }
        XCTAssertFalse(messages.contains { $0.contains("QQZ") })
    }

    func testSecretsByShapeAreReported() throws {
        let (report, path) = try analyze()
        let wm701 = report.findings.filter { $0.rule.id == "WM701" }.map(\.message).sorted()
        XCTAssertEqual(wm701, [
            "the export holds the secret value last_error.message (a Slack token) of connection \"conn_slack\" (Slack): rotate it",
            "the export holds the secret value last_error.message (a bearer token) of connection \"conn_gmail\" (Gmail): rotate it",
        ].sorted())
        let wm702 = report.findings.filter { $0.rule.id == "WM702" }
        XCTAssertEqual(wm702.map(\.message).sorted(), [
            "step \"s1\" of workflow \"wf\" has a secret-looking value in its params, text (a bearer token): move it into a connection and rotate it",
            "step \"s2\" of workflow \"wf\" has a secret-looking value in its params, body (a Slack webhook URL): move it into a connection and rotate it",
        ])
        // The alias's finding is where the alias is written, not at its anchor.
        let s1 = try XCTUnwrap(wm702.first { $0.message.contains("\"s1\"") })
        XCTAssertEqual(s1.location.line, 25)
        XCTAssertEqual(s1.location.file, path)
    }

    /// Snippets hide a secret by its shape even where the YAML layer recorded nothing
    /// (a file that broke before the value was read).
    func testSnippetLinesHideShapesByThemselves() throws {
        let tmp = try hostileFolder(self)
        let path = tmp.appendingPathComponent("broken.yaml").path
        try Data("    message: \"revoked: \(slack)\n  - [".utf8).write(to: URL(fileURLWithPath: path))
        let shown = try XCTUnwrap(SourceSnippets(redactions: [:]).line(SourceLocation(file: path, line: 1, column: 5)))
        XCTAssertEqual(shown.text, "    message: \"revoked: xoxb-<redacted>")
    }
}
