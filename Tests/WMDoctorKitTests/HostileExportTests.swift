import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import XCTest

@testable import WMDoctorKit

/// An export whose text tries to break out of every report: line breaks
/// followed by GitHub workflow commands, terminal escape sequences, bidi
/// overrides, HTML, Markdown links, URLs, @mentions and #references. Every
/// format shows it escaped.
final class HostileExportTests: XCTestCase {
    static let yaml = """
        apiVersion: workflow-machine/v1
        kind: Workspace
        workspace: acme
        connections:
          - id: conn_evil
            name: "Evil\\n::error file=x.yaml,line=1::forged\\e[31m red \\e]8;;http://evil\\a"
            app: slack
            status: revoked # \u{202E}reversed\u{2066} in the source line
            account: {id: T1}
            auth: {type: token}
            last_error: {code: boom, message: "one\\r\\n  ::warning::forged too\\n<img src=x onerror=alert(1)> @octocat #12 https://evil.example/x [click](http://evil.example) \\u202Eevil\\u2066 \\x85next"}
        workflows:
          - id: wf
            name: "<img src=x> @octocat \\u202E bidi"
            trigger: {app: schedule, event: every_hour}
            steps:
              - {id: post, name: "step\\n::notice::forged", app: slack, action: send, connection: {id: conn_evil}}

        """

    func report() throws -> Report {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wmdoctor-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("evil.yaml")
        try Data(Self.yaml.utf8).write(to: file)
        let rules = RuleSet.load(RuleSet.builtinFiles).0
        let report = Analyzer(options: AnalysisOptions(now: testNow, rules: rules)).analyze(paths: [file.path])
        XCTAssertEqual(report.errors.map(\.message), [])
        XCTAssertTrue(report.findings.contains { $0.message.contains("::error file=x.yaml") }, "the hostile text reaches a finding")
        XCTAssertTrue(report.findings.contains { $0.message.contains("<img src=x") }, "the hostile text reaches a finding")
        XCTAssertFalse(report.snippets.isEmpty, "source lines are attached")
        return report
    }

    /// Characters that must never reach any output raw.
    static func isForbidden(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\n") || (0x7F..<0xA0).contains(c.value) || (0x202A...0x202E).contains(c.value)
            || (0x2066...0x2069).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
    }

    func testNoFormatLetsExportTextBreakOut() throws {
        let report = try report()
        for format in ReportFormat.allCases {
            let out = format.reporter(ReportOptions(colors: false)).render(report)
            XCTAssertFalse(out.unicodeScalars.contains(where: Self.isForbidden), "\(format) holds a control or bidi character")
            for line in out.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                if format == .github && trimmed.hasPrefix("::") {
                    // Only the reporter's own commands: a level, properties it wrote, a title.
                    XCTAssertNotNil(trimmed.range(of: #"^::(error|warning|notice) (file=[^,:]*,)?(line=\d+,)?(col=\d+,)?(endColumn=\d+,)?title=[^:,]*::"#, options: .regularExpression), String(line))
                } else {
                    XCTAssertFalse(trimmed.hasPrefix("::"), "\(format) line starts a workflow command: \(line)")
                }
            }
            XCTAssertFalse(out.contains("\n::error file=x.yaml"), "\(format)")
        }
        // The text report shows the escapes, and the snippet's bidi characters.
        let text = TextReporter().render(report)
        XCTAssertTrue(text.contains("Evil\\n::error file=x.yaml,line=1::forged\\u{1B}[31m red \\u{1B}]8;;http://evil\\u{7}"), text)
        XCTAssertTrue(text.contains("# \\u{202E}reversed\\u{2066} in the source line"), text)
        // With colours, the only escape sequences are the reporter's own SGR codes.
        let coloured = TextReporter(colors: true).render(report)
        XCTAssertNil(coloured.range(of: "\u{1B}[^\\[]|\u{1B}\\[[0-9;]*[^0-9;m]", options: .regularExpression), "an escape sequence that is not a colour")
    }

    func testMarkdownAddsNoHTMLLinkOrMentionUnderGFM() throws {
        let md = MarkdownReporter().render(try report())
        XCTAssertTrue(md.contains("@&#8203;octocat"), md)
        let html = try Self.gfm(md)
        XCTAssertFalse(html.contains("<img"), html)
        XCTAssertFalse(html.contains("<a "), "an export link or URL became a link: \(html)")
        XCTAssertTrue(html.contains("raw HTML omitted") == false, "raw HTML reached the renderer: \(html)")
        XCTAssertTrue(html.contains("&lt;img src=x"), html)
        // GitHub links @name and #123 in text; a zero-width space after @ and # stops it.
        for pattern in [#"(^|[^\w`])@[A-Za-z0-9]"#, #"(^|\s)#[0-9]"#] {
            XCTAssertNil(html.range(of: pattern, options: .regularExpression), "\(pattern) in \(html)")
        }
    }

    func testHTMLAndXMLHoldNoExportMarkup() throws {
        let report = try report()
        let html = HTMLReporter().render(report)
        XCTAssertFalse(html.contains("<img"))
        XCTAssertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        let xml = JUnitReporter().render(report)
        XCTAssertFalse(xml.contains("<img"))
        let parser = XMLParser(data: Data(xml.utf8))
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    /// `md` rendered by GitHub's cmark-gfm with the extensions github.com uses.
    static func gfm(_ md: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["cmark-gfm", "--extension", "table", "--extension", "autolink", "--extension", "tagfilter", "--extension", "strikethrough", "--unsafe"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(md.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus == 127 { XCTFail("cmark-gfm is missing: install cmark-gfm (Debian)") }
        return String(decoding: data, as: UTF8.self)
    }
}
