import XCTest
@testable import CEL

final class RegexTests: XCTestCase {

    // MARK: - Helpers

    private func re(_ pattern: String, file: StaticString = #filePath, line: UInt = #line) -> RE2? {
        do {
            return try RE2(pattern)
        } catch {
            XCTFail("pattern \(pattern) failed to compile: \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertMatch(_ pattern: String, _ text: String, _ expected: Bool,
                             file: StaticString = #filePath, line: UInt = #line) {
        guard let r = re(pattern, file: file, line: line) else { return }
        XCTAssertEqual(r.matches(text), expected, "\(pattern) on \(text.debugDescription)", file: file, line: line)
        // firstMatch must agree with matches.
        XCTAssertEqual(r.firstMatch(in: text) != nil, expected, "firstMatch \(pattern) on \(text.debugDescription)",
                       file: file, line: line)
    }

    private func assertRange(_ pattern: String, _ text: String, _ expected: Range<Int>?,
                             file: StaticString = #filePath, line: UInt = #line) {
        guard let r = re(pattern, file: file, line: line) else { return }
        XCTAssertEqual(r.firstMatch(in: text), expected, "\(pattern) on \(text.debugDescription)", file: file, line: line)
    }

    private func assertError(_ pattern: String, _ message: String, _ offset: Int,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try RE2(pattern)
            XCTFail("pattern \(pattern) should not compile", file: file, line: line)
        } catch {
            XCTAssertTrue(error.message.hasPrefix(message),
                          "\(pattern): message \(error.message.debugDescription) should start with \(message.debugDescription)",
                          file: file, line: line)
            XCTAssertEqual(error.offset, offset, "\(pattern): offset of \(error.message)", file: file, line: line)
        }
    }

    // MARK: - CEL conformance (string.json, section "matches")

    func testCELConformanceCases() {
        assertMatch("ubb", "hubba", true)          // basic
        assertMatch("foo|bar", "", false)          // empty_target
        assertMatch("", "cows", true)              // empty_arg
        assertMatch("", "", true)                  // empty_empty
        assertMatch("bc", "abcd", true)            // re_concat
        assertMatch("gr(a|e)y", "grey", true)      // re_alt
        assertMatch("ba(na)*", "banana", true)     // re_rep
        assertMatch("a+ñ+a+", "mañana", true)      // unicode
        assertMatch("(a|😀){2}", "🐱😀😀", true)   // unicode_smp
        // LANGDEF examples
        assertMatch("foo.*", "foobar", true)
    }

    // MARK: - Basic matching

    func testLiteralsAndPartialMatch() {
        assertMatch("b", "abc", true)
        assertMatch("^b", "abc", false)
        assertMatch("c$", "abc", true)
        assertMatch("b$", "abc", false)
        assertMatch("^abc$", "abc", true)
        assertMatch("abd", "abc", false)
        assertMatch("abc", "xxabxabcx", true)
        assertRange("abc", "xxabxabcx", 5..<8)
        assertRange("", "", 0..<0)
        assertRange("", "abc", 0..<0)
        assertRange("a", "", nil)
    }

    func testAlternation() {
        assertMatch("cat|dog", "hotdog", true)
        assertMatch("cat|dog", "cow", false)
        assertMatch("^(cat|dog)s?$", "cats", true)
        assertMatch("^(cat|dog)s?$", "dogss", false)
        assertMatch("a|", "zzz", true)   // empty alternative
        assertMatch("|", "", true)
        assertRange("a|ab", "ab", 0..<1)         // leftmost-first, not leftmost-longest
        assertRange("ab|a", "ab", 0..<2)
        assertRange("(a|ab)(c|bcd)", "abcd", 0..<4)
    }

    func testQuantifiers() {
        assertMatch("^a*$", "", true)
        assertMatch("^a*$", "aaaa", true)
        assertMatch("^a+$", "", false)
        assertMatch("^a+$", "aaa", true)
        assertMatch("^ab?c$", "ac", true)
        assertMatch("^ab?c$", "abbc", false)
        assertRange("a+", "baaac", 1..<4)
        assertRange("a*", "baaac", 0..<0)
        assertRange("a*?", "aaa", 0..<0)
        assertRange("a+?", "aaa", 0..<1)
        assertRange("a??b", "ab", 0..<2)
        assertRange("a.*b", "aXbYb", 0..<5)
        assertRange("a.*?b", "aXbYb", 0..<3)
        assertRange("(?U)a.*b", "aXbYb", 0..<3)
        assertRange("(?U)a.*?b", "aXbYb", 0..<5)
        assertRange("x*", "abc", 0..<0)
    }

    func testCountedRepetition() {
        assertMatch("a{3}", "aa", false)
        assertMatch("a{3}", "xaaax", true)
        assertMatch("^a{2,3}$", "a", false)
        assertMatch("^a{2,3}$", "aa", true)
        assertMatch("^a{2,3}$", "aaa", true)
        assertMatch("^a{2,3}$", "aaaa", false)
        assertMatch("^a{2,}$", "a", false)
        assertMatch("^a{2,}$", "aaaaaaa", true)
        assertMatch("^a{0,}$", "", true)
        assertMatch("^(ab){0}$", "", true)
        assertMatch("^(ab){0}$", "ab", false)
        assertMatch("^(?:ab){2}c$", "ababc", true)
        assertRange("a{2,4}?", "aaaa", 0..<2)
        assertRange("a{2,4}", "aaaaa", 0..<4)
        assertMatch("^a{1000}$", String(repeating: "a", count: 1000), true)
        assertMatch("^a{1000}$", String(repeating: "a", count: 999), false)
        assertMatch("^(a{2}){500}$", String(repeating: "a", count: 1000), true)
        // Not a repetition: literal braces.
        assertMatch("a{,2}", "a{,2}", true)
        assertMatch("a{", "a{", true)
        assertMatch("{}", "{}", true)
        assertMatch("a{x}", "a{x}", true)
    }

    func testAnchors() {
        assertMatch("a$", "a\n", false)            // $ is \z without (?m), as RE2
        assertMatch("(?m)a$", "a\n", true)
        assertMatch("(?m)^b$", "a\nb\nc", true)
        assertMatch("^b$", "a\nb\nc", false)
        assertMatch("\\Aab", "ab", true)
        assertMatch("\\Aab", "cab", false)
        assertMatch("(?m)\\Ab", "a\nb", false)
        assertMatch("ab\\z", "cab", true)
        assertMatch("(?m)a\\z", "a\nb", false)
        assertMatch("^a|b", "xb", true)
        assertMatch("^abc", "xabc", false)
        assertRange("$", "abc", 3..<3)
        assertRange("(?m)$", "ab\ncd", 2..<2)
        assertRange("(?m)^c", "ab\ncd", 3..<4)
        assertMatch("\\bfoo\\b", "a foo b", true)
        assertMatch("\\bfoo\\b", "afoob", false)
        assertMatch("\\bfoo\\b", "foo", true)
        assertMatch("\\Boo\\B", "foob", true)
        assertMatch("\\Boo\\B", "foo", false)
        assertMatch("^*a", "a", true)              // RE2 allows repeating an empty-width assertion
    }

    func testDotAndFlags() {
        assertMatch("a.b", "a\nb", false)
        assertMatch("(?s)a.b", "a\nb", true)
        assertMatch("(?s:a.)b", "a\nb", true)
        assertMatch("a.b", "a😀b", true)
        assertMatch("^.$", "é", true)              // precomposed é is one scalar
        assertMatch("^.$", "e\u{301}", false)      // decomposed: two scalars
        assertMatch("^..$", "e\u{301}", true)
        assertMatch("(?i)hello", "HeLLo world", true)
        assertMatch("hello", "HeLLo", false)
        assertMatch("(?i:a)b", "Ab", true)
        assertMatch("(?i:a)b", "AB", false)
        assertMatch("(?i)a(?-i)b", "AB", false)
        assertMatch("(?i)a(?-i)b", "Ab", true)
        assertMatch("((?i)a)b", "AB", false)       // flags end with the group
        assertMatch("((?i)a)b", "Ab", true)
        assertMatch("(?im)^X$", "a\nx\nb", true)
    }

    func testCaseFolding() {
        assertMatch("(?i)k", "\u{212A}", true)     // Kelvin sign
        assertMatch("(?i)\u{212A}", "k", true)
        assertMatch("(?i)σ", "Σ", true)
        assertMatch("(?i)σ", "ς", true)
        assertMatch("(?i)ΣΑΣ", "σας", true)
        assertMatch("(?i)straße", "STRAẞE", true)
        assertMatch("(?i)é", "É", true)
        assertMatch("(?i)ж", "Ж", true)
        assertMatch("(?i)i", "ı", false)           // no Turkic folding
        assertMatch("(?i)[a-c]+x", "ABCX", true)
        assertMatch("(?i)[^a-c]", "ABC", false)
        assertMatch("(?i)[^k]", "\u{212A}", false)
        assertMatch("(?i)\\p{Lu}", "a", true)
        assertMatch("\\p{Lu}", "a", false)
        assertMatch("(?i)[[:upper:]]", "q", true)
        // Negated Unicode classes fold first, then negate (as RE2).
        assertMatch("(?i)\\P{Lu}", "a", false)
        assertMatch("(?i)\\P{Lu}", "1", true)
        assertMatch("(?i)[\\P{Lu}x]", "X", true)
        assertMatch("(?i)\\p{^Greek}", "Ω", false)
        assertMatch("\\P{Lu}", "a", true)
    }

    // MARK: - Classes

    func testCharacterClasses() {
        assertMatch("[abc]", "xxbxx", true)
        assertMatch("[abc]", "xyz", false)
        assertMatch("[^a-z]", "abc", false)
        assertMatch("[^a-z]", "abC", true)
        assertMatch("[a-]", "-", true)
        assertMatch("[-a]", "-", true)
        assertMatch("[a-c-e]", "-", true)
        assertMatch("[]a]", "]", true)
        assertMatch("[^]a]", "]", false)
        assertMatch("[^\\n]", "\n", false)
        assertMatch("[^a]", "\n", true)            // negated classes match newline, as RE2
        assertMatch("[\\d.]+$", "v1.2", true)
        assertMatch("[\\]\\[]", "[", true)
        assertMatch("[\\x41-\\x43]+", "ABC", true)
        assertMatch("[α-ω]", "λ", true)
        assertMatch("[😀-😏]", "x😃x", true)
        assertMatch("^[\\D]+$", "abc", true)
        assertMatch("^[\\D]+$", "a1c", false)
        assertRange("[[:alpha:]]+", "12abc34", 2..<5)
        assertMatch("^[[:^digit:]]+$", "abc", true)
        assertMatch("^[[:^digit:]]+$", "ab3", false)
        assertMatch("[[:punct:]]", "a!", true)
        assertMatch("[[:space:]]", "a\u{0B}", true)
        assertMatch("[[:xdigit:]]+$", "0xFf", true)
        assertMatch("[[:word:]]", "_", true)
        assertMatch("[[:alpha:]-]", "-", true)
        assertMatch("[[]", "[", true)
    }

    func testPerlClasses() {
        assertMatch("^\\d+$", "0123456789", true)
        assertMatch("\\d", "٣", false)              // \d is ASCII-only in RE2
        assertMatch("^\\D+$", "abc", true)
        assertMatch("\\s", "a b", true)
        assertMatch("\\s", "a\u{0B}b", false)      // \s is [\t\n\f\r ] in RE2
        assertMatch("^\\S+$", "a\u{0B}b", true)
        assertMatch("^\\w+$", "snake_Case9", true)
        assertMatch("\\w", "é", false)
        assertMatch("^\\W+$", "!?é", true)
    }

    func testUnicodeClasses() {
        assertMatch("\\p{Greek}", "α", true)
        assertMatch("\\p{Greek}", "a", false)
        assertMatch("^\\p{Greek}+$", "αβγΩ", true)
        assertMatch("\\P{Greek}", "αβγ", false)
        assertMatch("\\p{^Greek}", "αβγ", false)
        assertMatch("\\p{Latin}", "é", true)
        assertMatch("\\p{Cyrillic}", "жизнь", true)
        assertMatch("\\p{Han}", "漢字", true)
        assertMatch("\\p{Han}", "かな", false)
        assertMatch("^\\pL+$", "héllo", true)
        assertMatch("^\\pL+$", "hé1lo", false)
        assertMatch("\\PL", "abc", false)
        assertMatch("\\PL", "ab1", true)
        assertMatch("\\p{^L}", "ab1", true)
        assertMatch("\\p{Lu}", "É", true)
        assertMatch("\\p{Ll}", "É", false)
        assertMatch("\\p{Nd}", "٣", true)
        assertMatch("\\pN", "½", true)
        assertMatch("\\p{P}", "¿", true)
        assertMatch("\\p{S}", "€", true)
        assertMatch("\\p{Sc}", "€", true)
        assertMatch("\\p{Z}", "a\u{00A0}b", true)
        assertMatch("\\p{Zs}", "ab", false)
        assertMatch("\\p{Any}", "x", true)
        assertMatch("^[\\p{Greek}\\d]+$", "α1β2", true)
        assertMatch("^[^\\p{Greek}]+$", "abc", true)
        assertMatch("^[^\\p{Greek}]+$", "abγ", false)
        assertMatch("^[\\P{L}]+$", "123", true)
        assertRange("\\p{So}", "ab😀", 2..<3)
    }

    // MARK: - Escapes

    func testEscapes() {
        assertMatch("\\x41", "A", true)
        assertMatch("\\x{1F600}", "😀", true)
        assertMatch("\\x{41}", "A", true)
        assertMatch("\\x{10FFFF}", "\u{10FFFF}", true)
        assertMatch("[\\x{10000}-\\x{10FFFF}]", "a😀", true)
        assertMatch("[\\x{10000}-\\x{10FFFF}]", "aé", false)
        assertMatch("\\101", "A", true)            // octal
        assertMatch("\\0", "\u{0}", true)
        assertMatch("\\12", "\n", true)            // octal, not a backreference
        assertMatch("a\\tb", "a\tb", true)
        assertMatch("\\n", "\n", true)
        assertMatch("\\r\\f\\v\\a", "\r\u{0C}\u{0B}\u{07}", true)
        assertMatch("\\.", "a", false)
        assertMatch("\\.", ".", true)
        assertMatch("\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", "*+?()[]{}|^$\\", true)
        assertMatch("\\Q.*+\\E", "a.*+b", true)
        assertMatch("\\Q.*+\\E", "ab", false)
        assertMatch("\\Qab\\E+", "abbb", true)     // the operator applies to the last literal
        assertMatch("\\Qa.b", "a.b", true)         // \Q without \E runs to the end
        assertMatch("\\-\\_\\#\\ ", "-_# ", true)
    }

    // MARK: - Groups

    func testGroups() {
        assertMatch("(?:ab)+$", "xabab", true)
        assertMatch("(?P<year>\\d{4})-(?P<month>\\d{2})", "on 2024-05-01", true)
        assertMatch("(?<year>\\d{4})", "1999", true)
        assertMatch("((a)|b)+c", "abac", true)
        assertMatch("()", "", true)
        assertMatch("(|a)+b", "aab", true)
        assertRange("(a*)+", "b", 0..<0)
        assertRange("(a*)*b", "aab", 0..<3)
    }

    // MARK: - Unicode text

    func testMultiByteText() {
        assertRange("😀+", "🐱😀😀", 1..<3)
        assertRange("ñ", "mañana", 2..<3)
        assertRange("b", "ééb", 2..<3)
        assertRange("^.{3}$", "🐱😀😀", 0..<3)
        assertMatch("^.{2}$", "🐱😀😀", false)
        assertRange("$", "日本語", 3..<3)
        assertRange("本", "日本語", 1..<2)
        assertRange("\\bé", "éé", nil)             // é is not an ASCII word char: no boundary
        assertRange("\\bé", "aé", 1..<2)
        assertRange("🇫🇷", "x🇫🇷", 1..<3)        // a flag is two scalars
        assertMatch("^\\x{1F1EB}", "🇫🇷", true)
        assertRange("(?i)ǅ", "xǆ", 1..<2)
    }

    // MARK: - Rejected constructs

    func testRejectedConstructs() {
        assertError("a\\1", "backreferences are not supported in RE2 syntax", 1)
        assertError("(a)\\1", "backreferences are not supported in RE2 syntax", 3)
        assertError("\\9", "backreferences are not supported in RE2 syntax", 0)
        assertError("(?P<n>a)\\k<n>", "backreferences are not supported in RE2 syntax", 8)
        assertError("(?P=n)", "backreferences are not supported in RE2 syntax", 0)
        assertError("a(?=b)", "lookahead assertions are not supported in RE2 syntax", 1)
        assertError("a(?!b)", "lookahead assertions are not supported in RE2 syntax", 1)
        assertError("(?<=a)b", "lookbehind assertions are not supported in RE2 syntax", 0)
        assertError("x(?<!a)b", "lookbehind assertions are not supported in RE2 syntax", 1)
        assertError("(?>a)", "atomic groups are not supported in RE2 syntax", 0)
        assertError("a*+", "possessive quantifiers are not supported in RE2 syntax", 1)
        assertError("ab++", "possessive quantifiers are not supported in RE2 syntax", 2)
        assertError("a{2}+", "possessive quantifiers are not supported in RE2 syntax", 1)
        assertError("a**", "bad repetition operator: **", 1)
        assertError("a+*", "bad repetition operator: +*", 1)
        assertError("a*??", "bad repetition operator: *??", 1)
        assertError("a{2}{3}", "bad repetition operator: {2}{3}", 1)
        assertError("*a", "missing argument to repetition operator: *", 0)
        assertError("a|+", "missing argument to repetition operator: +", 2)
        assertError("(?", "missing closing )", 0)
        assertError("(*)", "missing argument to repetition operator: *", 1)
        assertError("{2}", "missing argument to repetition operator: {2}", 0)
        assertError("\\C", "\\C (any byte) is not supported", 0)
        assertError("a\\e", "invalid escape sequence: \\e", 1)
        assertError("\\Z", "invalid escape sequence: \\Z", 0)
        assertError("\\G", "invalid escape sequence: \\G", 0)
        assertError("\\cA", "invalid escape sequence: \\c", 0)
        assertError("\\é", "invalid escape sequence: \\é", 0)
        assertError("\\E", "invalid escape sequence: \\E", 0)
        assertError("\\x4", "invalid escape sequence", 0)
        assertError("\\x{110000}", "invalid escape sequence", 0)
        assertError("\\x{}", "invalid escape sequence", 0)
        assertError("ab\\", "trailing backslash at end of expression", 2)
        assertError("[z-a]", "invalid character class range: z-a", 1)
        assertError("ab[xz-a]", "invalid character class range: z-a", 4)
        assertError("[a-\\d]", "invalid escape sequence", 3)
        assertError("[[:foo:]]", "invalid character class range: [:foo:]", 1)
        assertError("[\\b]", "invalid escape sequence: \\b", 1)
        assertError("[abc", "missing closing ]", 0)
        assertError("x[]", "missing closing ]", 1)
        assertError("[^]", "missing closing ]", 0)
        assertError("(abc", "missing closing )", 0)
        assertError("a(b(c)", "missing closing )", 1)
        assertError("abc)", "unexpected )", 3)
        assertError("a)(", "unexpected )", 1)
        assertError("a{1001}", "invalid repeat count", 1)
        assertError("a{2,1}", "invalid repeat count", 1)
        assertError("a{0,1001}", "invalid repeat count", 1)
        assertError("(a{1000}){1000}", "invalid repeat count", 9)
        assertError("((a{10}){10}){11}", "invalid repeat count", 13)
        assertError("\\p{Foo}", "unknown Unicode character class: \\p{Foo}", 0)
        assertError("x\\pX", "unknown Unicode character class", 1)
        assertError("\\p{Greek", "invalid character class range", 0)
        assertError("\\p", "invalid character class range", 0)
        assertError("(?x)a", "invalid or unsupported Perl syntax: (?x", 0)
        assertError("(?)", "invalid or unsupported Perl syntax", 0)
        assertError("(?i-)", "invalid or unsupported Perl syntax", 0)
        assertError("(?i--s)", "invalid or unsupported Perl syntax", 0)
        assertError("(?#c)", "comments are not supported in RE2 syntax", 0)
        assertError("(?P<>a)", "invalid named capture group", 0)
        assertError("(?P<a-b>x)", "invalid named capture group", 0)
        assertError("(?P<name", "invalid named capture group", 0)
        assertError("(?P<n>a)(?P<n>b)", "duplicate capture group name: n", 8)
        assertError("é(?=x)", "lookahead assertions are not supported", 1)   // offsets count scalars
        assertError("😀😀)", "unexpected )", 2)
    }

    func testErrorValue() {
        do {
            _ = try RE2("ab(?=c)")
            XCTFail("should not compile")
        } catch {
            XCTAssertEqual(error.offset, 2)
            XCTAssertTrue(error.description.contains("lookahead"))
            XCTAssertTrue(error.description.contains("2"))
            XCTAssertEqual(error, RE2Error(message: error.message, offset: 2))
        }
    }

    func testSizeAndNestingLimits() {
        // 120 literals × 1000 > 100,000 instructions.
        let big = "(?:" + String(repeating: "abcdefghij", count: 12) + "){1000}"
        assertError(big, "expression too large", 124)
        // Many separate repetitions add up (each [a-z]{1000} is 1,001 instructions).
        let many = String(repeating: "[a-z]{1000}", count: 120)
        assertError(many, "expression too large", 99 * 11 + 5)
        assertMatch("^" + String(repeating: "[a-z]{1000}", count: 50), String(repeating: "q", count: 50_000), true)
        // Nesting: 1000 groups are fine, 1001 are not.
        let ok = String(repeating: "(", count: 1000) + "a" + String(repeating: ")", count: 1000)
        assertMatch(ok, "xax", true)
        let deep = String(repeating: "(", count: 1001) + "a" + String(repeating: ")", count: 1001)
        assertError(deep, "expression nests too deeply", 1000)
        let deepNC = String(repeating: "(?:", count: 5000) + "a"
        assertError(deepNC, "expression nests too deeply", 3000)
        // Long flat patterns are fine (no recursion anywhere).
        let alts = (0..<5000).map { "w\($0)x" }.joined(separator: "|")
        assertMatch(alts, "..w4999x..", true)
        assertMatch(alts, "..w5000x..", false)
        let stars = String(repeating: "a*", count: 5000)
        assertMatch("^" + stars + "$", String(repeating: "a", count: 100), true)
    }

    // MARK: - Linear time

    func testPathologicalPatternsAreLinear() {
        let a30k = String(repeating: "a", count: 30_000)
        assertMatch("(a*)*b", a30k, false)
        assertMatch("(a|a)*b", a30k, false)
        assertMatch("(a+)+b", a30k, false)
        assertMatch("(a|aa)+$", a30k + "b", false)
        assertMatch("(x+x+)+y", String(repeating: "x", count: 30_000), false)
        assertMatch("^(a?){25}a{25}$", String(repeating: "a", count: 25), true)
        assertMatch("(.*a){20}", String(repeating: "a", count: 19) + String(repeating: "b", count: 10_000), false)
        assertRange("(a*)*$", a30k, 0..<30_000)
        assertMatch("(\\w+\\s?)*$", String(repeating: "word ", count: 5_000) + "!", true)
    }

    func testLargeText() {
        var text = String(repeating: "lorem ipsum dolor sit amet, ", count: 40_000)  // ~1.1 MB
        XCTAssertFalse(re("needle")!.matches(text))
        XCTAssertFalse(re("[0-9]{3}-[0-9]{4}")!.matches(text))
        XCTAssertFalse(re("(?i)NEEDLE")!.matches(text))
        XCTAssertFalse(re("\\bneedle\\b")!.matches(text))
        let scalars = text.unicodeScalars.count
        text += "é needle 555-1234"
        XCTAssertTrue(re("needle")!.matches(text))
        XCTAssertEqual(re("needle")!.firstMatch(in: text), (scalars + 2)..<(scalars + 8))
        XCTAssertEqual(re("[0-9]{3}-[0-9]{4}")!.firstMatch(in: text), (scalars + 9)..<(scalars + 17))
        XCTAssertTrue(re("(?i)NEEDLE")!.matches(text))
        XCTAssertTrue(re("\\bneedle\\b")!.matches(text))
        XCTAssertTrue(re("é n")!.matches(text))
        XCTAssertTrue(re("1234$")!.matches(text))
        XCTAssertFalse(re("^needle")!.matches(text))
    }

    func testSendableAndReusable() async {
        let r = re("^[a-z]+\\d$")!
        let results = await withTaskGroup(of: Bool.self) { group in
            for k in 0..<8 {
                group.addTask { r.matches("abc\(k)") }
            }
            var all: [Bool] = []
            for await v in group { all.append(v) }
            return all
        }
        XCTAssertEqual(results, Array(repeating: true, count: 8))
        XCTAssertEqual(r.pattern, "^[a-z]+\\d$")
    }
}
