import Foundation
import XCTest

/// `wmdoctor expr`: values, tagged JSON, errors and their exit statuses.
final class ExprCommandTests: XCTestCase {
    private func expr(_ args: String...) throws -> (status: Int32, out: String, err: String) {
        try CLIRunner.run(["expr"] + args)
    }

    func testLiterals() throws {
        let cases: [(String, String)] = [
            ("1 + 2", "3"), ("2u * 3u", "6u"), ("1.0 / 4.0", "0.25"), ("'a' + \"b\"", "\"ab\""),
            ("[1, 'x', null, true]", "[1, \"x\", null, true]"), ("{'b': 1, 'a': 2}", "{\"a\": 2, \"b\": 1}"),
            ("size([1, 2, 3]) == 3 && 'abc'.startsWith('a')", "true"), ("wm.days(2)", "duration(\"172800s\")"),
            ("wm.closest('slak', ['slack', 'gmail'])", "\"slack\""),
            // Remembered by list and word: the same word against another list, another word against the same list.
            (
                "[wm.closest('slak', ['slack', 'gmail']), wm.closest('slak', ['slab', 'gmail']), wm.closest('slak', ['slack', 'gmail']), wm.closest('gmial', ['slack', 'gmail'])]",
                "[\"slack\", \"slab\", \"slack\", \"gmail\"]"
            ),
        ]
        for (input, expected) in cases {
            let r = try expr(input)
            XCTAssertEqual(r.status, 0, input + ": " + r.err)
            XCTAssertEqual(r.out, expected + "\n", input)
        }
    }

    func testTaggedJSON() throws {
        let cases: [(String, String)] = [
            ("1 + 2", #"{"int": "3"}"#), ("18446744073709551615u", #"{"uint": "18446744073709551615"}"#),
            ("1.5 * 2.0", #"{"double": 3.0}"#), ("1.0 / 0.0", #"{"double": "inf"}"#),
            ("[1, 'a']", #"{"list": [{"int": "1"}, {"string": "a"}]}"#),
            ("{'k': [true]}", #"{"map": [[{"string": "k"}, {"list": [{"bool": true}]}]]}"#),
            ("timestamp('2026-01-01T10:00:00Z') + duration('1h')", #"{"timestamp": "2026-01-01T11:00:00Z"}"#),
        ]
        for (input, expected) in cases {
            let r = try expr("--json", input)
            XCTAssertEqual(r.status, 0, input + ": " + r.err)
            XCTAssertEqual(r.out, expected + "\n", input)
        }
    }

    func testEvaluationErrorExitsOne() throws {
        let r = try expr("1 / 0")
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "expr:1:3: division by zero\n1 / 0\n  ^\n")
        let json = try expr("--json", "int('x')")
        XCTAssertEqual(json.status, 1)
        XCTAssertEqual(json.out, #"{"error": "cannot convert 'x' to int"}"# + "\n")
    }

    func testCompileErrorsExitTwoWithACaret() throws {
        let r = try expr("1 + x")
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "expr:1:5: undeclared reference to 'x'\n1 + x\n    ^\n")
        let multi = try expr("1 +\n  (2 +")
        XCTAssertEqual(multi.status, 2)
        XCTAssertEqual(multi.err, "expr:2:7: unexpected end of expression\n  (2 +\n      ^\n")
    }

    func testVariablesNowAndUsageErrors() throws {
        let r = try expr("--var", "scopes=[chat:write, 'x']", "--var", "n=3", "--var", "m={a: 1.5}", "--var", "e=", "scopes.size() + n + int(m.a) + (e == null ? 1 : 0)")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "7\n")
        let now = try expr("--now", "2026-11-24T12:00:00Z", "--json", "now")
        XCTAssertEqual(now.out, #"{"timestamp": "2026-11-24T12:00:00Z"}"# + "\n")
        for (bad, message) in [
            ("1x=2", #"--var 1x=2: "1x" is not an identifier"#), ("now=2", #"--var now=2: "now" is reserved"#),
            ("x", "--var x: write NAME=VALUE"), ("x=[1", "--var x: not YAML: 2:1:"),
        ] {
            let u = try expr("--var", bad, "1")
            XCTAssertEqual(u.status, 64, bad)
            XCTAssertTrue(u.err.contains(message), u.err)
        }
        XCTAssertEqual(try expr("--now", "soon", "1").status, 64)
    }

    func testWorkspaceFromInputs() throws {
        let input = "Tests/testdata/config/project/export.yaml"
        let r = try expr("--input", input, "--now", "2026-11-24", "workspace.connections.map(c, c.id)")
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertEqual(r.out, "[\"crm\", \"gmail\", \"spare\"]\n")
        let fns = try expr("--input", input, "workspaces.size() == 1 && wm.matchesAccount(workspace.connections[1], '*@gmail.com')")
        XCTAssertEqual(fns.out, "true\n", fns.err)
        let missing = try expr("--input", "nope.yaml", "1")
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.err, "nope.yaml:1:1: error: no such file or directory: nope.yaml\n")
        let noInput = try expr("workspace")
        XCTAssertEqual(noInput.status, 2)
    }

    /// An expression is type-checked as a rule is: a misspelt field is an
    /// error (status 2, with "did you mean") before anything runs, even where
    /// evaluation would never reach it.
    func testFieldsAreCheckedBeforeEvaluation() throws {
        let input = "Tests/testdata/config/project/export.yaml"
        let hidden = try expr("--input", input, "false && workspace.connectionz.size() > 0")
        XCTAssertEqual(hidden.status, 2, hidden.out)
        XCTAssertEqual(
            hidden.err,
            "expr:1:20: wm.Workspace has no field 'connectionz'; did you mean 'connections'?\nfalse && workspace.connectionz.size() > 0\n                   ^\n")
        let nested = try expr("--input", input, "workspace.connections[0].auth.scopez")
        XCTAssertEqual(nested.status, 2)
        XCTAssertTrue(nested.err.contains("wm.Auth has no field 'scopez'; did you mean 'scopes'?"), nested.err)
        XCTAssertEqual(try expr("--var", "m={a: 1}", "m.b == null").status, 1, "a --var value is dyn: its keys are known when it runs")
        XCTAssertEqual(try expr("now.getFullYear() > 2000").status, 0)
    }

    /// `--input` is read within the same limits as `check`, set by the same flags.
    func testInputsAreReadWithinTheLimits() throws {
        let input = "Tests/testdata/config/project/export.yaml"
        let small = try expr("--input", input, "--max-file-size", "100", "workspace.slug")
        XCTAssertEqual(small.status, 2)
        XCTAssertTrue(small.err.contains("more than the limit of 100 bytes (--max-file-size); not read"), small.err)
        let keys = try expr("--input", input, "--max-keys", "2", "workspace.slug")
        XCTAssertEqual(keys.status, 2)
        XCTAssertTrue(keys.err.contains("keys (--max-keys); refusing to read further"), keys.err)
        XCTAssertEqual(try expr("--input", input, "--max-keys", "0", "1").status, 64)
        XCTAssertEqual(try expr("--input", input, "--max-keys", "50", "1").status, 0)
    }
}
