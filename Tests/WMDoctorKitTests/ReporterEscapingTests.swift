import Foundation
import XCTest

@testable import WMDoctorKit

/// User input (names, ids, messages) reaches every format: each escapes it.
final class ReporterEscapingTests: XCTestCase {
    func testGitHubCommandEscaping() {
        XCTAssertEqual(GitHubReporter.data("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b")
        // A property is export text: its line break is shown, not encoded.
        XCTAssertEqual(GitHubReporter.property("a:b,c%\n"), "a%3Ab%2Cc%25\\n")
        XCTAssertEqual(GitHubReporter.data("bell\u{7}esc\u{1B}[31m\u{202E}"), "bell\\u{7}esc\\u{1B}[31m\\u{202E}")
    }

    func testGitHubAnnotationLine() {
        let out = GitHubReporter().render(syntheticReport())
        XCTAssertTrue(out.contains("::warning file=exports/acme & co <prod>.yaml,line=3,col=7,title=WM102 missing-scope::connection lacks chat:write, needed by send_message\n"), out)
        XCTAssertTrue(out.contains("::notice file="), out)
        XCTAssertTrue(out.contains("title=wmdoctor%3A input could not be analysed::"), out)
        // One line per annotation: messages carry no raw line break.
        XCTAssertEqual(out.split(separator: "\n").filter { $0.hasPrefix("::") }.count, 4)
        // The input error comes first, then the causes, most severe first.
        XCTAssertTrue(out.hasPrefix("::error file=exports/broken.yaml"), out)
    }

    /// JSON strings: quotes, backslashes and controls escaped; C1 controls,
    /// U+061C, line separators and bidi controls as \u escapes; every other
    /// character as it is, including those whose UTF-8 starts like a hostile
    /// one (© C2 A9, ا D8 A7, € E2 82 AC); a JSON reader gets the string back.
    func testJSONEscaping() throws {
        let s = "q\"b\\n\n r\r t\t c\u{1}\u{1F}|\u{85}|\u{61C}|\u{2028}\u{2029}\u{202E}\u{2066}\u{200E}|©ا€é😀\u{7F}"
        let expected = #""q\"b\\n\n r\r t\t c\u0001\u001f|\u0085|\u061c|\u2028\u2029\u202e\u2066\u200e|©ا€é😀\#u{7F}""#
        XCTAssertEqual(JSON.string(s).serialized(pretty: false), expected)
        var bytes: [UInt8] = []
        JSON.escape(s, into: &bytes)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected)
        let back = try JSONSerialization.jsonObject(with: Data(("[" + expected + "]").utf8)) as? [String]
        XCTAssertEqual(back, [s])
        XCTAssertEqual(JSON.string("plain text").serialized(pretty: false), "\"plain text\"")
    }

    /// Every scalar below U+3000, alone and between two letters, escaped
    /// exactly when it is a quote, a backslash, a C0 or C1 control, U+061C,
    /// a line separator or a bidi control (``ExportText/isHostile(_:)``);
    /// DEL and every other scalar as it is.
    func testJSONEscapesExactlyTheHostileScalars() {
        for value in UInt32(0)..<0x3000 {
            guard let c = Unicode.Scalar(value) else { continue }
            let raw = String(Character(c))
            let escaped: String
            switch c {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            default:
                let hex = String(value, radix: 16)
                escaped = ExportText.isHostile(c) && value != 0x7F ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex : raw
            }
            var bytes: [UInt8] = []
            JSON.escape("a" + raw + "b", into: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "\"a" + escaped + "b\"", "U+\(String(value, radix: 16))")
        }
    }

    /// Pretty JSON indents each level by two spaces, past the sixteen levels kept ready too.
    func testJSONIndentsDeepNesting() {
        var value = JSON.int(1)
        for _ in 0..<20 { value = .array([value]) }
        let lines = value.serialized().split(separator: "\n")
        XCTAssertEqual(lines.count, 41)
        for (n, line) in lines.enumerated() {
            let level = n <= 20 ? n : 40 - n
            XCTAssertEqual(line.prefix { $0 == " " }.count, 2 * level, "line \(n)")
        }
    }

    func testXMLEscaping() {
        XCTAssertEqual(XML.text("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d")
        XCTAssertEqual(XML.attribute("say \"hi\" & 'bye' <x>"), "say &quot;hi&quot; &amp; &apos;bye&apos; &lt;x&gt;")
        // Line breaks and tabs of export text are shown escaped, in text and attributes alike.
        XCTAssertEqual(XML.attribute("tab\there\nline\rcr"), "tab\\there\\nline\\rcr")
        XCTAssertEqual(XML.text("no\nlines\tor tabs"), "no\\nlines\\tor tabs")
        XCTAssertEqual(XMLNode("a", lines: ["one <", "two"]).document(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>one &lt;\ntwo</a>\n")
    }

    func testXMLShowsControlCharactersAndDropsWhatXMLCannotHold() {
        XCTAssertEqual(XML.text("nul\u{0}bell\u{7}esc\u{1B}vt\u{B}ff\u{C}"), "nul\\u{0}bell\\u{7}esc\\u{1B}vt\\u{B}ff\\u{C}")
        XCTAssertEqual(XML.attribute("x\u{FFFE}y\u{FFFF}z\u{1F}\u{202E}"), "xyz\\u{1F}\\u{202E}")
        XCTAssertEqual(XML.text("emoji 🎉 and é stay"), "emoji 🎉 and é stay")
        let node = XMLNode("a", [("m", "\u{1}\"")], text: "\u{2}<")
        XCTAssertEqual(node.document(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a m=\"\\u{1}&quot;\">\\u{2}&lt;</a>\n")
    }

    func testJUnitEscapesAndStripsHostileText() {
        let xml = JUnitReporter().render(syntheticReport())
        XCTAssertFalse(xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control character in JUnit output")
        XCTAssertTrue(xml.contains("&apos;single&apos;\\u{1}\\u{7}"), "control characters are shown escaped")
        XCTAssertTrue(xml.contains("name=\"exports/acme &amp; co &lt;prod&gt;.yaml\""), xml)
        XCTAssertTrue(xml.contains("&apos;single&apos;\\u{1}\\u{7}\">error: exports/acme"), xml)
    }

    func testMarkdownEscaping() {
        XCTAssertEqual(MarkdownReporter.cell("a | b"), "a \\| b")
        XCTAssertEqual(MarkdownReporter.cell("`code` *em* _u_ [link](x) <b>"), "\\`code\\` \\*em\\* \\_u\\_ \\[link\\](x) \\<b\\>")
        XCTAssertEqual(MarkdownReporter.cell("two\nlines"), "two\\nlines")
        XCTAssertEqual(MarkdownReporter.cell("@octocat #12 https://x.example www.y.example"), "@&#8203;octocat \\#&#8203;12 https\\://x.example www\\.y.example")
        XCTAssertEqual(MarkdownReporter.code("a|b"), "`a\\|b`")
        XCTAssertEqual(MarkdownReporter.code("a|b", inTable: false), "`a|b`")
        XCTAssertEqual(MarkdownReporter.code("x `y` z"), "``x `y` z``")
        XCTAssertEqual(MarkdownReporter.code("`edge"), "`` `edge ``")
    }

    func testMarkdownTableRowsKeepTheirCells() {
        let md = MarkdownReporter().render(syntheticReport())
        for line in md.split(separator: "\n") where line.hasPrefix("| error") || line.hasPrefix("| warning") || line.hasPrefix("| info") {
            // A cell separator is an unescaped pipe; a findings row has six cells.
            let unescaped = line.unicodeScalars.indices.filter { i in
                line.unicodeScalars[i] == "|" && (i == line.unicodeScalars.startIndex || line.unicodeScalars[line.unicodeScalars.index(before: i)] != "\\")
            }
            XCTAssertTrue(unescaped.count == 7 || unescaped.count == 3, String(line))
        }
    }

    func testHTMLEscaping() {
        XCTAssertEqual(HTML.escape("<script>alert('x') & \"y\"</script>"), "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        XCTAssertEqual(HTML.escape("nul\u{0}del\u{7F}\nbidi\u{2066}"), "nul\\u{0}del\\u{7F}\\nbidi\\u{2066}")
        let html = HTMLReporter().render(syntheticReport())
        XCTAssertFalse(html.contains("<acme-eng>"))
        XCTAssertTrue(html.contains("&lt;acme-eng&gt;"))
    }

    func testHTMLIsSelfContained() {
        let html = HTMLReporter().render(ReportFixture.clean.report)
        for external in ["http://", "src=", "href=", "@import", "url("] {
            XCTAssertFalse(html.contains(external), "HTML report refers to something outside it: \(external)")
        }
        XCTAssertTrue(html.contains("default-src 'none'"))
    }

    func testTerminalTextShowsNoControlCharacters() {
        let text = TextReporter(colors: false).render(syntheticReport())
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        XCTAssertTrue(text.contains("'single'\\u{1}\\u{7} [WM101"), text)
        // The hint's hard-wrapped lines are one paragraph, wrapped to the width given.
        XCTAssertTrue(text.contains("*expect* then re-export"), text)
        let narrow = TextReporter(colors: false, width: 40).render(syntheticReport())
        XCTAssertTrue(narrow.contains("  hint: Set `connection: conn_slack_mkt`\n        | or fix *expect* then\n        re-export; 100% sure: yes,\n        really\n"), narrow)
        for line in narrow.split(separator: "\n") where line.hasPrefix("  hint:") || line.hasPrefix("        ") {
            XCTAssertLessThanOrEqual(line.count, 40, String(line))
        }
    }
}
