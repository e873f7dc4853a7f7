import Foundation
import XCTest

@testable import WMDoctorKit

/// Secrets planted everywhere a secret can sit (the export's secret fields,
/// keys that look secret, wrong types, aliases, block scalars, flow mappings,
/// JSON, a file that breaks inside a secret) never appear in any report
/// format, snippet, error message, nor on standard error.
final class SecretsTests: XCTestCase {
    /// Every planted secret starts with this; none may come out.
    private let marker = "SEKRIT"

    private let yaml = """
        apiVersion: workflow-machine/v1
        kind: Workspace
        workspace: acme
        api_key: SEKRIT-header
        api_key: SEKRIT-header-duplicate
        connections:
          - id: conn_slack
            name: Slack
            app: slack
            account: {id: T1, label: acme, password: SEKRIT-account}
            auth:
              type: oauth2
              scopes: [chat:write]
              access_token: &tok SEKRIT-access
              refresh_token: [SEKRIT-wrong-type]
              api_key: {nested: SEKRIT-api-key-mapping}
              client_secret: |
                SEKRIT-block-1
                SEKRIT-block-2
              password: "SEKRIT-password"
              password: SEKRIT-password-again
              acess_token: SEKRIT-typo
              expires_at: 2026-01-01T00:00:00Z
            my_private_token: SEKRIT-unknown
          - {id: conn_flow, name: Flow, app: slack, account: {id: T2}, auth: {type: api_key, api_key: SEKRIT-flow, scopes: []}}
        workflows:
          - id: wf
            name: WF
            steps:
              - id: s1
                app: slack
                action: send_message
                connection: conn_slack
                params: {channel: "#a", text: *tok, webhook_secret: SEKRIT-param, Authorization: "Bearer SEKRIT-bearer"}
                secret: SEKRIT-step
              - id: s2
                app: slack
                action: send_message
                connection: conn_flow
                params:
                  signing_key: >
                    SEKRIT-folded
                  client_secret: *tok

        """

    private let json = """
        {"apiVersion": "workflow-machine/v1", "kind": "Workspace", "workspace": "json",
         "connections": [{"id": "c", "name": "C", "app": "slack", "account": {"id": "T1"},
           "auth": {"type": "oauth2", "scopes": [], "access_token": "SEKRIT-json-access", "password": 12345, "client_secrett": "SEKRIT-json-typo"}}],
         "workflows": [{"id": "w", "name": "W", "steps": [{"id": "s", "app": "slack", "action": "send_message",
           "params": {"api_token": "SEKRIT-json-param"}}]}]}

        """

    /// Breaks inside a secret: the error's snippet shows the line of the secret.
    private let broken = """
        apiVersion: workflow-machine/v1
        kind: Workspace
        workspace: broken
        connections:
          - id: c
            auth: {type: oauth2, access_token: "SEKRIT-unclosed

        """

    private func plant() throws -> URL {
        let tmp = try hostileFolder(self)
        try Data(yaml.utf8).write(to: tmp.appendingPathComponent("leak.yaml"))
        try Data(json.utf8).write(to: tmp.appendingPathComponent("leak.json"))
        try Data(broken.utf8).write(to: tmp.appendingPathComponent("broken.yaml"))
        return tmp
    }

    func testNoReportFormatShowsASecret() throws {
        let tmp = try plant()
        let rules = RuleSet.load(RuleSet.builtinFiles).0
        let paths = ["leak.yaml", "leak.json", "broken.yaml"].map { tmp.appendingPathComponent($0).path }
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(paths: paths)
        XCTAssertGreaterThan(report.findings.count, 10, "the planted file is analysed")
        XCTAssertEqual(report.errors.count, 1, "\(report.errors)")
        for format in ReportFormat.allCases {
            let out = format.reporter(ReportOptions(snippets: true)).render(report)
            XCTAssertFalse(out.contains(marker), "\(format) shows a secret:\n" + excerpt(out))
        }
        for e in report.errors { XCTAssertFalse(e.message.contains(marker), e.message) }
        for f in report.findings { XCTAssertFalse((f.message + (f.detail ?? "")).contains(marker), f.message) }
    }

    /// Every line a snippet could show, including lines of secrets, shows `<redacted>` instead.
    func testEverySnippetLineIsRedacted() throws {
        let tmp = try plant()
        for name in ["leak.yaml", "leak.json", "broken.yaml"] {
            let path = tmp.appendingPathComponent(name).path
            let file = FileLoader().load(path: path)
            let snippets = SourceSnippets(redactions: [path: file.secretSpans])
            let count = (name == "leak.yaml" ? yaml : name == "leak.json" ? json : broken).split(separator: "\n", omittingEmptySubsequences: false).count
            for line in 1...count {
                guard let shown = snippets.line(SourceLocation(file: path, line: line, column: 1)) else { continue }
                XCTAssertFalse(shown.text.contains(marker), "\(name):\(line): \(shown.text)")
            }
        }
    }

    /// The binary's standard output and standard error, in every format.
    func testNoSecretThroughTheCommandLine() throws {
        let tmp = try plant()
        for format in ReportFormat.allCases {
            let r = try HostileCLI.check(["."], ["--format", format.rawValue], cwd: tmp)
            XCTAssertEqual(r.status, 2, format.rawValue)
            XCTAssertFalse(r.out.contains(marker), "\(format.rawValue):\n" + excerpt(r.out))
            XCTAssertFalse(r.err.contains(marker), "\(format.rawValue) stderr:\n" + excerpt(r.err))
        }
    }

    func testSecretKeyNames() {
        for key in ["access_token", "refresh_token", "api_key", "client_secret", "password", "webhook_secret", "Authorization", "my_private_token", "X-Api-Key", "signing_key", "apikey"] {
            XCTAssertTrue(SecretKeys.isSecret(key), key)
        }
        for key in ["token_kind", "key_hint", "expires_at", "refresh_expires_at", "name", "channel", "text"] {
            XCTAssertFalse(SecretKeys.isSecret(key), key)
        }
    }

    func testValueRangesOfALine() {
        func redacted(_ line: String) -> String {
            var scalars = Array(line.unicodeScalars)
            for r in SecretKeys.valueRanges(inLine: scalars).reversed() { scalars.replaceSubrange(r, with: "<r>".unicodeScalars) }
            return String(String.UnicodeScalarView(scalars))
        }
        XCTAssertEqual(redacted("  password: hunter2  "), "  password: <r>  ")
        XCTAssertEqual(redacted(#"  "api_key": "a\"b", "name": "x""#), #"  "api_key": <r>, "name": "x""#)
        XCTAssertEqual(redacted("{id: c, access_token: abc, name: n}"), "{id: c, access_token: <r>, name: n}")
        XCTAssertEqual(redacted("token_kind: bot"), "token_kind: bot")
        XCTAssertEqual(redacted("client_secret: |"), "client_secret: |")
        XCTAssertEqual(redacted("url: http://x:8080/a"), "url: http://x:8080/a")
    }

    private func excerpt(_ s: String) -> String {
        s.split(separator: "\n").filter { $0.contains(marker) }.prefix(5).joined(separator: "\n")
    }
}
