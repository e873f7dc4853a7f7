import XCTest

@testable import WMDoctorKit

final class YAMLLayerTests: XCTestCase {
    private func compose(_ text: String, limits: YAMLLimits = .default) throws -> YAMLNode {
        let reader = YAMLEventReader(bytes: Array(text.utf8))
        let composer = YAMLComposer(reader: reader, limits: limits)
        guard case .streamStart = try reader.next(), case .documentStart = try reader.next() else {
            throw YAMLError("no document", at: Mark(line: 0, column: 0))
        }
        return try composer.composeNode()
    }

    func testPositionsAreOneBasedAndCountCharacters() throws {
        let node = try compose("a: 1\nbé😀: {x: [y, \"z\"]}\n")
        let pairs = try XCTUnwrap(node.pairs)
        XCTAssertEqual(pairs[0].key.start, Mark(line: 1, column: 1))
        XCTAssertEqual(pairs[0].value.start, Mark(line: 1, column: 4))
        XCTAssertEqual(pairs[1].key.start, Mark(line: 2, column: 1))
        // "bé😀: " is 5 characters: the flow mapping starts at column 6.
        XCTAssertEqual(pairs[1].value.start, Mark(line: 2, column: 6))
        let inner = try XCTUnwrap(pairs[1].value.pairs?[0].value.items)
        XCTAssertEqual(inner[1].start, Mark(line: 2, column: 14))
        XCTAssertEqual(inner[1].underlineLength, 3)
    }

    func testQuotedAndPlainScalarsAreToldApart() throws {
        let node = try compose("a: true\nb: \"true\"\nc: 2026-12-01\nd: '2026-12-01'\ne: 0123\nf: ~\ng: !!str 12\nh: 1.5\ni: yes\n")
        let values = try XCTUnwrap(node.pairs).map { ResolvedScalar(try XCTUnwrap($0.value.scalar)) }
        XCTAssertEqual(values, [
            .bool(true), .string("true"), .string("2026-12-01"), .string("2026-12-01"), .int(123), .null,
            .string("12"), .float(1.5), .string("yes"),
        ])
        let texts = try XCTUnwrap(node.pairs).map { $0.value.scalar?.text }
        XCTAssertEqual(texts[4], "0123", "plain scalars keep their text")
        XCTAssertEqual(try XCTUnwrap(node.pairs)[1].value.scalar?.style, .doubleQuoted)
    }

    /// `quoted` escapes what could break a line or a message, and cuts at the
    /// limit; plain ASCII ids (its fast path) stand as they are, up to the limit.
    func testQuotedEscapesAndCutsAtTheLimit() {
        XCTAssertEqual(quoted("conn_slack_1"), "\"conn_slack_1\"")
        XCTAssertEqual(quoted(""), "\"\"")
        XCTAssertEqual(quoted(String(repeating: "a", count: 60)), "\"" + String(repeating: "a", count: 60) + "\"")
        XCTAssertEqual(quoted(String(repeating: "a", count: 61)), "\"" + String(repeating: "a", count: 60) + "…\"")
        XCTAssertEqual(quoted("abcd", limit: 3), "\"abc…\"")
        XCTAssertEqual(quoted("say \"hi\""), "\"say \\\"hi\\\"\"")
        XCTAssertEqual(quoted("a\\b"), "\"a\\\\b\"")
        XCTAssertEqual(quoted("a\nb\tc\r"), "\"a\\nb\\tc\\r\"")
        XCTAssertEqual(quoted("del\u{7F}esc\u{1B}"), "\"del\\u{7f}esc\\u{1b}\"")
        XCTAssertEqual(quoted("café ✓"), "\"café ✓\"")
        XCTAssertEqual(quoted(String(repeating: "é", count: 61)), "\"" + String(repeating: "é", count: 60) + "…\"")
    }

    func testAnchorsAliasesAndMergeKeys() throws {
        let node = try compose("base: &b {x: 1, y: 2}\nuse: {<<: *b, y: 3}\nref: *b\n")
        let pairs = try XCTUnwrap(node.pairs)
        let use = try XCTUnwrap(pairs[1].value.pairs)
        XCTAssertEqual(use.map { $0.key.scalar?.text }, ["y", "x"])
        XCTAssertEqual(use.map { $0.value.scalar?.text }, ["3", "1"])
        XCTAssertEqual(pairs[2].value.pairs?.count, 2)
    }

    func testUnknownAliasIsAnErrorWithPosition() {
        XCTAssertThrowsError(try compose("a: *nope\n")) { error in
            let e = error as? YAMLError
            XCTAssertEqual(e?.mark, Mark(line: 1, column: 4))
            XCTAssertEqual(e?.message, "unknown alias *nope: no anchor &nope is defined before it in this document")
        }
    }

    func testBillionLaughsFailsFast() throws {
        let text = try String(contentsOfFile: Repo.testdata("check/billion-laughs.yaml"), encoding: .utf8)
        let file = load(text, name: "lol.yaml")
        XCTAssertEqual(file.error?.location.line, 10)
        XCTAssertEqual(file.error?.location.column, 8)
        XCTAssertTrue(file.error?.message.contains("billion laughs") ?? false)
    }

    func testAliasBoundIsConfigurable() {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
        XCTAssertNoThrow(try compose(text))
        XCTAssertThrowsError(try compose(text, limits: YAMLLimits(maxAliasExpansion: 8))) { error in
            XCTAssertEqual((error as? YAMLError)?.mark, Mark(line: 2, column: 13))
        }
    }

    func testDeepNestingIsRefused() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try compose(deep)) { error in
            XCTAssertEqual((error as? YAMLError)?.mark, Mark(line: 1, column: 257))
        }
    }

    func testDuplicateKeysNameBothPositions() {
        let file = load(header + "connections: []\nworkflows: []\nkind: Workspace\n")
        XCTAssertEqual(lines(file.findings), [
            "test.yaml:6:1: key \"kind\" is defined twice in this mapping; previously defined at line:2,col:1 [duplicate-key]"
        ])
        XCTAssertEqual(file.findings.first?.related.first?.location.line, 2)
    }

    func testSyntaxErrorsMapToPositionsInPlainWords() {
        let cases: [(String, String)] = [
            ("a: b: c\n", "test.yaml:1:5: a \"key: value\" pair is not allowed here (is a colon inside an unquoted value, or is the indentation off?)"),
            ("a: [1, 2\nb: 3\n", "test.yaml:2:2: did not find expected ',' or ']' (in the […] list that starts at line:1,col:4)"),
            ("a: \"open\n", "test.yaml:2:1: the file ends inside a value (an unclosed quote or bracket?) (in the quoted value that starts at line:1,col:4)"),
            ("\tkey: 1\n", "test.yaml:1:1: found a character that cannot start any YAML token (tabs cannot indent YAML; quote values that start with @ or `)"),
        ]
        for (text, expected) in cases {
            let file = load(text)
            XCTAssertEqual(file.error.map { "\($0.location): \($0.message)" }, expected, text)
            XCTAssertTrue(file.findings.isEmpty, "a broken document yields the error alone")
        }
    }

    func testInvalidUTF8IsAnErrorAtItsByte() {
        let file = FileLoader().load(bytes: Array("a: b\nc: ".utf8) + [0xFF, 0x0A], path: "bin.yaml")
        XCTAssertEqual(file.error?.location.description, "bin.yaml:2:4")
        XCTAssertEqual(file.error?.message, "the file is not valid UTF-8: invalid leading UTF-8 octet (byte 0xff)")
    }

    func testSecretValuesAreRecordedForRedaction() {
        let file = load("auth: {access_token: abc, token_kind: bot}\nparams:\n  db_password:\n    - x\n")
        XCTAssertEqual(file.secretSpans, [
            SecretSpan(start: Mark(line: 1, column: 22), end: Mark(line: 1, column: 25)),
            SecretSpan(start: Mark(line: 4, column: 5), end: Mark(line: 5, column: 1)),
        ])
    }

    func testSecretKeyHeuristic() {
        for key in ["access_token", "refresh_token", "api_key", "client_secret", "password", "extra_token", "DB_PASSWORD", "webhookSecret"] {
            XCTAssertTrue(SecretKeys.isSecret(key), key)
        }
        for key in ["token_kind", "key_hint", "refresh_expires_at", "name", "scopes", "type"] {
            XCTAssertFalse(SecretKeys.isSecret(key), key)
        }
    }
    /// `ResolvedScalar.isNull` answers what resolving answers, for every
    /// null spelling and near miss, in every style and under the tags that
    /// make a scalar a string (and one that does not).
    func testNullIsWhatResolvingSays() {
        let texts = ["", "~", "null", "Null", "NULL", "nul", "nulls", "NuLL", " ", "0", "false", "~~", "null ", "n", "NULL\u{0}"]
        let styles: [ScalarStyle] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]
        let tags: [String?] = [nil, "tag:yaml.org,2002:str", "!", "tag:yaml.org,2002:null"]
        var nulls = 0
        for text in texts {
            for style in styles {
                for tag in tags {
                    let scalar = YAMLScalar(text: text, style: style, tag: tag)
                    let resolved = ResolvedScalar(scalar) == .null
                    XCTAssertEqual(ResolvedScalar.isNull(scalar), resolved, "\(quoted(text)) \(style) \(tag ?? "no tag")")
                    if resolved { nulls += 1 }
                }
            }
        }
        // The five spellings, plain, without a tag or under !!null.
        XCTAssertEqual(nulls, 10)
        XCTAssertTrue(ResolvedScalar.isNull(YAMLScalar(text: "~")))
        XCTAssertFalse(ResolvedScalar.isNull(YAMLScalar(text: "null", style: .doubleQuoted)))
        XCTAssertFalse(ResolvedScalar.isNull(YAMLScalar(text: "null", tag: "tag:yaml.org,2002:str")))
    }

    /// A text made through the cache of recent texts is the text its bytes
    /// make, whatever was asked before: texts of every length up to 64
    /// bytes, ones that differ only in their length (a NUL byte), only in
    /// their last bytes, or not valid UTF-8, asked in several orders among
    /// thousands of others that take their places.
    func testRecentTextsGiveTheTextOfTheBytes() {
        var samples: [[UInt8]] = [[0x61], [0x61, 0], [0x61, 0, 0], [0xFF], [0x61, 0xFF, 0x62], Array("é😀".utf8), [0]]
        for n in 1...64 { samples.append((0..<n).map { UInt8(0x61 + $0 % 26) }) }
        // Fifteen bytes sharing their first eight: they differ only in the second word.
        for i in 0..<3000 {
            let digits = String(i)
            samples.append(Array("conn_ab_".utf8) + Array((String(repeating: "0", count: 7 - digits.count) + digits).utf8))
        }
        for i in 0..<3000 { samples.append(Array("s\(i % 97)".utf8)) }
        let texts = RecentTexts()
        defer { texts.free() }
        var generator = SystemRandomNumberGenerator()
        var order = samples
        for pass in 0..<4 {
            if pass > 0 { order.shuffle(using: &generator) }
            for bytes in order {
                let made = bytes.withUnsafeBufferPointer { texts.text($0.baseAddress.unsafelyUnwrapped, count: $0.count) }
                let expected = String(decoding: bytes, as: UTF8.self)
                guard made == expected, made.utf8.count == expected.utf8.count else {
                    return XCTFail("pass \(pass): \(bytes) made \(quoted(made)), expected \(quoted(expected))")
                }
            }
        }
    }
}
