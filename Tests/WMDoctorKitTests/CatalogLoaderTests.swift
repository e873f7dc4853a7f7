import XCTest

@testable import WMDoctorKit

/// Catalog files with problems (Tests/testdata/catalog/): every problem with its exact position and message.
final class CatalogLoaderTests: XCTestCase {
    /// `name:line:col: message` for each problem of Tests/testdata/catalog/<name>; [] when it loads.
    func problems(_ name: String) -> [String] {
        let path = Repo.testdata("catalog/\(name)")
        switch CatalogLoader.load(path: path) {
        case .success(let file):
            XCTAssertEqual(file.path, path)
            return []
        case .failure(let e):
            for error in e.errors { XCTAssertEqual(error.location.file, path) }
            return e.errors.map { "\(name):\($0.location.line):\($0.location.column): \($0.message)" }
        }
    }

    /// Problems of YAML text given in memory.
    func problems(text: String) -> [String] {
        switch CatalogLoader.load(bytes: Array(text.utf8), path: "mem.yaml") {
        case .success: return []
        case .failure(let e): return e.errors.map { "\($0.location): \($0.message)" }
        }
    }

    func testUnknownKeyWithDidYouMean() {
        XCTAssertEqual(
            problems("unknown-key.yaml"),
            [
                "unknown-key.yaml:7:9: unknown key \"neds\" in action \"send_message\" of app \"slack\"; did you mean \"needs\"? (allowed: needs, token_kind, method, note)"
            ])
        XCTAssertEqual(
            problems(text: "catalog: v1\napps:\n  x:\n    triggrs: {}\n"),
            [
                "mem.yaml:4:5: unknown key \"triggrs\" in app \"x\"; did you mean \"triggers\"? (allowed: name, auth, token_kinds, scope_prefix, aliases, implies, scopes_absent_means, key_modes, actions, triggers, notes, errors)"
            ])
    }

    func testNeedsMustBeAListOfListsOfStrings() {
        XCTAssertEqual(
            problems("bad-needs.yaml"),
            [
                "bad-needs.yaml:6:17: each group of \"needs\" in action \"flat\" of app \"slack\" should be a list of scopes, any one of which satisfies it; got the string \"chat:write\" (write [chat:write] for a group of one scope)",
                "bad-needs.yaml:8:16: \"needs\" in action \"scalar\" of app \"slack\" should be a list of scope groups (a list of lists of strings, e.g. [[chat:write]]), got the string \"chat:write\"",
                "bad-needs.yaml:10:17: an empty group in \"needs\" in action \"empty_group\" of app \"slack\" can never be satisfied; remove it (write `needs: []` when no scope is needed)",
            ])
        XCTAssertEqual(
            problems(text: "catalog: v1\napps:\n  x:\n    actions:\n      a: {needs: [[~, {a: b}]]}\n"),
            [
                "mem.yaml:5:20: \"needs\" in action \"a\" of app \"x\" should be a string, got null (an empty value)",
                "mem.yaml:5:23: \"needs\" in action \"a\" of app \"x\" should be a string, got a mapping",
            ])
    }

    func testUnknownValuesListTheAllowedOnes() {
        XCTAssertEqual(
            problems("bad-values.yaml"),
            [
                "bad-values.yaml:4:12: \"auth\" in app \"slack\" lists \"oauth\", which is not one of oauth2, api_key, token, basic, custom; did you mean \"oauth2\"?",
                "bad-values.yaml:6:26: \"scopes_absent_means\" in app \"slack\" should be one of unknown, full, got \"everything\"",
                "bad-values.yaml:10:21: \"token_kind\" in action \"search_messages\" of app \"slack\" should be one of bot, user, got \"usr\"; did you mean \"user\"?",
                "bad-values.yaml:13:34: \"mode\" in a key mode of app \"stripe\" should be one of live, test, got \"production\"",
                "bad-values.yaml:14:53: \"full_access\" in a key mode of app \"stripe\" should be a boolean (true or false), got the string \"no\"; write false",
                "bad-values.yaml:18:39: \"token_kind\" in action \"search\" of app \"teamchat\" is \"user\", which is not among the app's token_kinds (bot)",
                "bad-values.yaml:19:13: action \"post\" of app \"teamchat\" is missing the required key \"needs\" (write `needs: []` when no scope is needed)",
            ])
    }

    func testCatalogVersion() {
        XCTAssertEqual(
            problems("missing-version.yaml"),
            ["missing-version.yaml:1:1: this is not an app catalog: the file should start with `catalog: v1`"])
        XCTAssertEqual(
            problems("wrong-version.yaml"), ["wrong-version.yaml:1:10: unsupported catalog version \"v2\"; expected \"v1\""])
        XCTAssertEqual(
            problems(text: ""), ["mem.yaml:1:1: the catalog file is empty; it should start with `catalog: v1` and define `apps`"])
        XCTAssertEqual(problems(text: "catalog: v1\n"), ["mem.yaml:1:1: the catalog file is missing the required key \"apps\""])
        XCTAssertEqual(
            problems(text: "- catalog: v1\n"), ["mem.yaml:1:1: the catalog file should be a mapping, got a list"])
    }

    func testDuplicateKey() {
        XCTAssertEqual(
            problems("duplicate-key.yaml"),
            ["duplicate-key.yaml:6:7: key \"send_message\" is defined twice in this mapping; previously defined at line:5,col:7"])
    }

    func testYAMLSyntaxErrorHasItsPosition() {
        XCTAssertEqual(
            problems("syntax-error.yaml"),
            ["syntax-error.yaml:6:7: did not find expected ',' or '}' (in the {…} mapping that starts at line:5,col:21)"])
        XCTAssertEqual(
            problems(text: "catalog: v1\napps: {}\n---\ncatalog: v1\n"),
            ["mem.yaml:3:1: a catalog file holds one YAML document; a second one starts here"])
    }

    func testWrongShapes() {
        XCTAssertEqual(
            problems(
                text: """
                    catalog: v1
                    apps:
                      x:
                        auth: oauth2
                        actions: [a]
                        implies: {a: b}
                        aliases: {a: [b]}
                        key_modes: {prefix: x}
                        notes: note
                      y: 3
                    """),
            [
                "mem.yaml:4:11: \"auth\" in app \"x\" should be a list of strings, got the string \"oauth2\"",
                "mem.yaml:5:14: \"actions\" in app \"x\" should be a mapping of action keys to actions, got a list",
                "mem.yaml:6:18: \"a\" in \"implies\" of app \"x\" should be a list of the scopes it includes, got the string \"b\"",
                "mem.yaml:7:18: \"a\" in \"aliases\" of app \"x\" should be a string, got a list",
                "mem.yaml:8:16: \"key_modes\" in app \"x\" should be a list of {prefix, mode, full_access}, got a mapping",
                "mem.yaml:9:12: \"notes\" in app \"x\" should be a list of strings, got the string \"note\"",
                "mem.yaml:10:6: app \"y\" should be a mapping, got a number (3)",
            ])
    }

    func testUnreadablePath() {
        XCTAssertEqual(problems("no-such-file.yaml").count, 1)
        XCTAssertTrue(problems("no-such-file.yaml").first?.hasPrefix("no-such-file.yaml:1:1: cannot read ") == true)
    }

    func testDocumentationExamplesLoad() throws {
        let doc = try String(contentsOf: Repo.root.appendingPathComponent("docs/CATALOG.md"), encoding: .utf8)
        let blocks = doc.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        XCTAssertEqual(blocks.count, 2)
        for block in blocks { XCTAssertEqual(problems(text: block), []) }
    }

    func testUserFileLoads() {
        XCTAssertEqual(problems("user/extra.yaml"), [])
    }
}

/// A user's rule folder may hold catalog files anywhere: a file is a
/// catalog by its folder, its first line or a line starting `catalog: v1`.
final class CatalogRecognitionTests: XCTestCase {
    func testACatalogIsToldByALineStartingItsVersion() {
        XCTAssertTrue(RuleSet.hasLine(startingWith: "catalog: v1", in: "catalog: v1\napps: {}\n"))
        XCTAssertTrue(RuleSet.hasLine(startingWith: "catalog: v1", in: "# mine\ncatalog: v1 # version\napps: {}\n"))
        XCTAssertTrue(RuleSet.hasLine(startingWith: "catalog: v1", in: "# é\ncatalog: v1"))
        XCTAssertFalse(RuleSet.hasLine(startingWith: "catalog: v1", in: "id: X1\n  catalog: v1\n"))
        XCTAssertFalse(RuleSet.hasLine(startingWith: "catalog: v1", in: "id: X1 catalog: v1\ncatalog: v"))
        XCTAssertFalse(RuleSet.hasLine(startingWith: "catalog: v1", in: ""))
        var sources = RuleSet.builtinFiles
        sources.append((path: "mine/apps.yaml", text: "# my apps\ncatalog: v1\napps:\n  acme:\n    name: Acme\n"))
        let (rules, errors) = RuleSet.load(sources)
        XCTAssertEqual(errors, [])
        XCTAssertNotNil(rules.catalog.app("acme"), "read as a catalog, not as a rule")
    }
}
