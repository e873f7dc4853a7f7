import Foundation
import XCTest

@testable import WMDoctorKit

/// The rule loader reads ids, names and example markers by their bytes when
/// that gives the same answer as the patterns and the character-wise split
/// it used before; these compare the two on usual and unusual texts.
final class RuleLoaderTextTests: XCTestCase {
    func testRuleIDsAsThePatternTellsThem() {
        let ids = ["WM101", "X1", "ABC0123", "WM", "101", "wm101", "WM101a", "WM-101", "", "WM101\n", "WM101\r\n", "WM101\n\n",
                   "ＷM101", "WM１01", "WM101 ", " WM101", "WM101\u{2028}", "WM101\u{301}"]
        for id in ids {
            XCTAssertEqual(RuleLoader.isRuleID(id), id.range(of: #"^[A-Z]+[0-9]+$"#, options: .regularExpression) != nil, id.debugDescription)
        }
        XCTAssertTrue(RuleLoader.isRuleID("WM101"))
        XCTAssertFalse(RuleLoader.isRuleID("wm101"))
    }

    func testRuleNamesAsThePatternTellsThem() {
        let names = ["unknown-connection", "a", "a1-b2-c3", "a--b", "-a", "a-", "", "A-b", "a_b", "a b", "a-b\n", "é-a", "a-b\u{301}",
                     "unknown-connection\r\n", "0-0"]
        for name in names {
            XCTAssertEqual(
                RuleLoader.isRuleName(name), name.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil,
                name.debugDescription)
        }
        XCTAssertTrue(RuleLoader.isRuleName("unknown-connection"))
        XCTAssertFalse(RuleLoader.isRuleName("a--b"))
    }

    /// The lines marked `# <-`, as the character-wise split finds them: a
    /// `\r\n` is one character there (no line break), a marker followed by
    /// a combining mark is not the marker.
    func testMarkedLinesAsTheCharacterSplitFindsThem() {
        func reference(_ s: String) -> [Int] {
            s.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.contains("# <-") }.map { $0.offset + 1 }
        }
        let texts = [
            "a\nb  # <-\nc\n", "# <-", "", "\n\n# <-\n", "x # <- y\n# <\n-\n", "a\r\nb # <-\r\nc # <-\n",
            "é\nb # <-\n", "a\nb # <-\u{301}\nc # <-\n", "a # <-\rb\n", "a\u{2028}b # <-\n",
        ]
        for t in texts { XCTAssertEqual(RuleLoader.markedLines(t), reference(t), t.debugDescription) }
        XCTAssertEqual(RuleLoader.markedLines("a\nb  # <-\nc # <-"), [2, 3])
    }

    /// A rule's description and remediation trimmed as Foundation trims them.
    func testTrimmedAsFoundationTrims() {
        let texts = ["text", "text\n", "  text \n\n", "\t\r\n\u{0B}\u{0C}x y\n", "", " ", "\n\n", "é\n", " text é", "x\u{A0}",
                     "\u{2028}x\n", "x\u{85}", "a\n b\n", "\u{FEFF}x"]
        for t in texts {
            XCTAssertEqual(RuleLoader.trimmed(t), t.trimmingCharacters(in: .whitespacesAndNewlines), t.debugDescription)
        }
    }

    /// Bytes found in ASCII text as `String.contains` finds them.
    func testASCIIContainsAsStringContains() {
        let pairs = [("x_api_key", "api_key"), ("token", "token"), ("tok", "token"), ("", "a"), ("abc", ""), ("aab", "ab"),
                     ("private_keys", "private_key"), ("passwd2", "passwd"), ("abcabd", "abd"), ("ab", "abc")]
        for (h, n) in pairs {
            XCTAssertEqual(ASCIIText.contains(Array(h.utf8), Array(n.utf8)), n.isEmpty || h.contains(n), "\(h) \(n)")
        }
        XCTAssertTrue(SecretKeys.isSecret("X-Api-Key"))
        XCTAssertTrue(SecretKeys.isSecret("my_signing_key"))
        XCTAssertFalse(SecretKeys.isSecret("token_kind"))
        XCTAssertFalse(SecretKeys.isSecret("channel_name"))
        XCTAssertTrue(SecretKeys.isSecret("ÜBER_TOKEN"))
    }
}
