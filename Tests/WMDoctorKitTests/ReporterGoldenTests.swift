import Foundation
import XCTest

@testable import WMDoctorKit

/// Every format of a few fixtures, compared byte for byte with
/// Tests/testdata/reports/<fixture>.<format>.golden (WMDOCTOR_UPDATE_GOLDEN=1
/// rewrites them after a deliberate change).
final class ReporterGoldenTests: XCTestCase {
    func testEveryFormatOfEveryFixtureMatchesItsGolden() throws {
        for fixture in ReportFixture.allCases {
            for format in ReportFormat.allCases {
                try ReportGolden.compare(fixture.render(format), golden: ReportGolden.name(fixture, format))
            }
        }
    }

    func testSameReportSameBytes() {
        for fixture in ReportFixture.allCases {
            for format in ReportFormat.allCases {
                XCTAssertEqual(fixture.render(format), fixture.render(format), "\(fixture) \(format)")
            }
        }
    }
}

/// The fixtures of the report goldens.
enum ReportFixture: String, CaseIterable {
    /// Findings across files of one workspace, related locations in another file.
    case findings
    /// The samples: no finding, every connection healthy.
    case clean
    /// An input that is not YAML.
    case syntaxError = "syntax-error"
    /// Built in code: every severity, hostile text, no source files.
    case synthetic

    var report: Report {
        switch self {
        case .findings: return ReportGolden.analyze(["check-dir", "check/unknown-keys.yaml"])
        case .clean: return ReportGolden.analyze(["../../Samples/healthy"])
        case .syntaxError: return ReportGolden.analyze(["check/syntax-error.yaml"])
        case .synthetic: return syntheticReport()
        }
    }

    func render(_ format: ReportFormat) -> String {
        let options = ReportOptions(paths: ReportPaths(currentDirectory: ReportGolden.base, root: ReportGolden.base))
        return ReportGolden.relative(format.reporter(options).render(report))
    }
}

enum ReportGolden {
    static let update = ProcessInfo.processInfo.environment["WMDOCTOR_UPDATE_GOLDEN"] == "1"
    /// Tests/testdata, which report paths are shown relative to.
    static let base = Repo.testdata.standardized.path

    static func name(_ fixture: ReportFixture, _ format: ReportFormat) -> String {
        "reports/\(fixture.rawValue).\(format.rawValue).golden"
    }

    static func analyze(_ paths: [String]) -> Report {
        let absolute = paths.map { URL(fileURLWithPath: base + "/" + $0).standardized.path }
        return Analyzer(options: AnalysisOptions(now: testNow)).analyze(paths: absolute)
    }

    /// Absolute paths of this machine made relative (the SARIF root URI too).
    static func relative(_ s: String) -> String {
        let root = URL(fileURLWithPath: base).deletingLastPathComponent().deletingLastPathComponent().path
        return s.replacingOccurrences(of: "file://" + ReportPaths.percentEncode(base) + "/", with: "file:///testdata/")
            .replacingOccurrences(of: base + "/", with: "")
            .replacingOccurrences(of: root + "/", with: "")
    }

    static func url(_ golden: String) -> URL { Repo.testdata.appendingPathComponent(golden) }

    static func compare(_ actual: String, golden: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = url(golden)
        if update {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden file \(golden); run with WMDOCTOR_UPDATE_GOLDEN=1", file: file, line: line)
            return
        }
        XCTAssertEqual(actual, expected, "report differs from \(golden)", file: file, line: line)
    }
}

/// A report no loader makes yet: warnings and info, hostile text (markup,
/// pipes, backticks, control characters), findings without source files.
func syntheticReport() -> Report {
    let file = "exports/acme & co <prod>.yaml"
    func at(_ line: Int, _ column: Int, _ length: Int = 0) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column, length: length)
    }
    let slack = RuleID("WM101", "wrong-account")
    let scope = RuleID("WM102", "missing-scope")
    let expiry = RuleID("WM103", "expired-token")
    let rules = ExportRule.descriptors + [
        RuleDescriptor(
            id: slack, category: .wrongAccount, defaultSeverity: .error, summary: "A step acts as another account than expected.",
            description: "The step's connection signs in as an account that does not match `expect.account`.",
            remediation: "Bind the step to the connection of the expected account.", tags: ["accounts"]),
        RuleDescriptor(
            id: scope, category: .missingScope, defaultSeverity: .warning, summary: "A step needs a scope its connection lacks.",
            description: "The action needs a scope that is not granted.", remediation: nil, tags: []),
        RuleDescriptor(
            id: expiry, category: .expiredToken, defaultSeverity: .info, summary: "A token expires soon.",
            description: "The token expires within the warning window.", remediation: "Reconnect the account.", tags: ["tokens"]),
    ]
    let findings = [
        Finding(
            rule: slack, category: .wrongAccount, severity: .error,
            message: "step \"notify\" posts as <acme-eng> | not `acme-marketing` & \"quotes\" 'single'\u{1}\u{7}",
            location: at(12, 9, 6),
            entity: EntityRef(kind: .step, workspace: "acme", workflow: "wf_lead_alerts", step: "notify", app: "slack", connection: "conn_slack_eng"),
            related: [RelatedLocation("bound connection", at: at(3, 7)), RelatedLocation("expected by the workflow", at: at(9, 5))],
            remediation: "Set `connection: conn_slack_mkt` | or fix *expect*\nthen re-export; 100% sure: yes, really"),
        Finding(
            rule: scope, category: .missingScope, severity: .warning, message: "connection lacks chat:write, needed by send_message",
            location: at(3, 7), entity: EntityRef(kind: .connection, workspace: "acme", app: "slack", connection: "conn_slack_eng")),
        Finding(
            rule: expiry, category: .expiredToken, severity: .info, message: "token expires in 3 days",
            location: at(5, 7), entity: EntityRef(kind: .trigger, workspace: "acme", workflow: "wf_lead_alerts", app: "stripe")),
    ]
    let errors = [InputError("not valid UTF-8 <here> & \"there\"", at: SourceLocation(file: "exports/broken.yaml", line: 1, column: 1))]
    return Report(
        now: testNow, inputs: ["exports/acme & co <prod>.yaml", "exports/broken.yaml"],
        findings: findings.sorted(by: Finding.reportOrder), errors: errors,
        rules: rules)
}
