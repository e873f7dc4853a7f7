import XCTest

@testable import WMDoctorKit

/// User input (names, ids, messages) reaches every format: each escapes it.
final class ReporterEscapingTests: XCTestCase {
    func testGitHubCommandEscaping() {
        XCTAssertEqual(GitHubReporter.data("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b")
        XCTAssertEqual(GitHubReporter.property("a:b,c%\n"), "a%3Ab%2Cc%25%0A")
        XCTAssertEqual(GitHubReporter.data("bell\u{7}esc\u{1B}[31m"), "bell\u{FFFD}esc\u{FFFD}[31m")
    }

    func testGitHubAnnotationLine() {
        let out = GitHubReporter().render(syntheticReport())
        XCTAssertTrue(out.contains("::warning file=exports/acme & co <prod>.yaml,line=3,col=7,title=WM102 missing-scope::connection lacks chat:write, needed by send_message\n"), out)
        XCTAssertTrue(out.contains("::notice file="), out)
        XCTAssertTrue(out.contains("title=wmdoctor%3A input could not be analysed::"), out)
        // One line per annotation: messages carry no raw line break.
        XCTAssertEqual(out.split(separator: "\n").filter { $0.hasPrefix("::") }.count, 4)
    }

    func testXMLEscaping() {
        XCTAssertEqual(XML.text("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d")
        XCTAssertEqual(XML.attribute("say \"hi\" & 'bye' <x>"), "say &quot;hi&quot; &amp; &apos;bye&apos; &lt;x&gt;")
        XCTAssertEqual(XML.attribute("tab\there\nline\rcr"), "tab&#9;here&#10;line&#13;cr")
        XCTAssertEqual(XML.text("keeps\nlines\tand tabs"), "keeps\nlines\tand tabs")
    }

    func testXMLDropsCharactersXMLCannotHold() {
        XCTAssertEqual(XML.text("nul\u{0}bell\u{7}esc\u{1B}vt\u{B}ff\u{C}"), "nulbellescvtff")
        XCTAssertEqual(XML.attribute("x\u{FFFE}y\u{FFFF}z\u{1F}"), "xyz")
        XCTAssertEqual(XML.text("emoji 🎉 and é stay"), "emoji 🎉 and é stay")
        let node = XMLNode("a", [("m", "\u{1}\"")], text: "\u{2}<")
        XCTAssertEqual(node.document(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a m=\"&quot;\">&lt;</a>\n")
    }

    func testJUnitEscapesAndStripsHostileText() {
        let xml = JUnitReporter().render(syntheticReport())
        XCTAssertFalse(xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control character in JUnit output")
        XCTAssertTrue(xml.contains("name=\"exports/acme &amp; co &lt;prod&gt;.yaml\""), xml)
        XCTAssertTrue(xml.contains("&apos;single&apos;\">step"), xml)
    }

    func testMarkdownEscaping() {
        XCTAssertEqual(MarkdownReporter.cell("a | b"), "a \\| b")
        XCTAssertEqual(MarkdownReporter.cell("`code` *em* _u_ [link](x) <b>"), "\\`code\\` \\*em\\* \\_u\\_ \\[link\\](x) \\<b\\>")
        XCTAssertEqual(MarkdownReporter.cell("two\nlines"), "two lines")
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
        XCTAssertEqual(HTML.escape("nul\u{0}del\u{7F}"), "nuldel")
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
        XCTAssertTrue(text.contains("'single'\u{FFFD}\u{FFFD} [WM101"))
        XCTAssertTrue(text.contains("*expect*\n    then re-export"), "further lines of a hint are indented")
    }
}
