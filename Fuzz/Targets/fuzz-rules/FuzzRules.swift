import WMDoctorKit

/// The built-in catalog files, and a small export every loaded rule then runs on.
let catalogFiles = RuleSet.builtinFiles.filter { $0.path.contains("/catalog/") }
let export = FileLoader().load(
    bytes: Array("""
        apiVersion: workflow-machine/v1
        kind: Workspace
        workspace: acme
        connections:
          - id: conn_slack
            name: Slack
            app: slack
            account: {id: T1, label: acme}
            auth: {type: oauth2, scopes: [chat:write], access_token: x, expires_at: 2026-01-01T00:00:00Z}
        workflows:
          - id: wf
            name: WF
            trigger: {app: slack, event: message_posted}
            steps:
              - {id: s1, app: slack, action: post_message, connection: conn_slack, params: {channel: "#a"}}
        """.utf8), path: "acme.yaml")

/// libFuzzer entry for the rule loader: any bytes as a rule file, compiled
/// against the built-in catalog; a rule that loads is run on the export.
func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let text = String(decoding: bytes, as: UTF8.self)
    let (rules, errors) = RuleSet.load(catalogFiles + [(path: "rules/rule.yaml", text: text)])
    guard errors.isEmpty, !rules.rules.isEmpty else { return 0 }
    let options = AnalysisOptions(now: Timestamp(seconds: 1_795_478_400), rules: rules)
    _ = Analyzer(options: options).analyze(files: [export])
    return 0
}
