import CEL
import XCTest

/// What an expression reads of the elements of a list field is found right,
/// and any use that is not followed leaves the field out.
final class ElementReadsTests: XCTestCase {
    private static let functions = ["wm.unmetGroups": 0, "wm.mode": 0]

    /// The reads of `source`, with `lets` compiled in order (each sees the ones before).
    private func reads(_ source: String, lets: [(String, String)] = [], elements: Set<String> = []) throws -> [String: CELElementReads] {
        var env = CELEnvironment()
        for v in ["binding", "use", "operation", "workflow", "connection"] { env.declare(v) }
        env.registerFunction("wm.unmetGroups", arity: 2) { _ in .null }
        env.registerFunction("wm.covers", arity: 2) { _ in .null }
        env.registerFunction("wm.mode", arity: 1) { _ in .null }
        env.registerFunction("f", receiverStyle: true, arity: 0) { _ in .null }
        var programs: [String: CELProgram] = [:]
        for (name, text) in lets {
            programs[name] = try CELProgram(compiling: text, environment: env)
            env.declare(name)
        }
        return CELProgram.elementReads(
            of: try CELProgram(compiling: source, environment: env), lets: programs, elementFunctions: Self.functions,
            elementVariables: elements)
    }

    func testPathsAndDeclaredCallsOfTheElementsAreTheReads() throws {
        let r = try reads(
            "workflow.enabled && lacking.size() > 0",
            lets: [
                ("lacking", "operation == null ? [] : binding.possible.filter(c, c.app == use.app && has(c.auth.type) && wm.unmetGroups(c, operation) != null && wm.unmetGroups(c, operation).size() > 0)")
            ])
        XCTAssertEqual(r["binding.possible"], CELElementReads(paths: [["app"], ["auth", "type"]], calls: ["wm.unmetGroups"]))
        // Fields used as values are left out (`use.app` is compared, `workflow.enabled` is a condition).
        XCTAssertNil(r["use.app"])
        XCTAssertNil(r["workflow.enabled"])
    }

    func testOnlyTheSizeReadsNothingOfTheElements() throws {
        XCTAssertEqual(try reads("binding.candidates.size() > 1")["binding.candidates"], CELElementReads())
        XCTAssertEqual(try reads("size(binding.candidates) > 1")["binding.candidates"], CELElementReads())
    }

    func testAMappedPathAndAQuantifierAreFollowed() throws {
        let r = try reads("binding.possible.map(c, c.account.id).exists(x, x == 'a') && binding.tied.all(t, t.environment == 'production')")
        XCTAssertEqual(r["binding.possible"], CELElementReads(paths: [["account", "id"]]))
        XCTAssertEqual(r["binding.tied"], CELElementReads(paths: [["environment"]]))
    }

    func testElementsFollowedThroughAFilterIntoALaterComprehension() throws {
        let r = try reads("binding.possible.filter(c, c.app == 'slack').exists(d, d.name == 'x')")
        XCTAssertEqual(r["binding.possible"], CELElementReads(paths: [["app"], ["name"]]))
        let viaLet = try reads("wrong.exists(d, d.id == 'x')", lets: [("wrong", "binding.possible.filter(c, wm.mode(c) == 'test')")])
        XCTAssertEqual(viaLet["binding.possible"], CELElementReads(paths: [["id"]], calls: ["wm.mode"]))
    }

    /// Each of these does something with an element or the list that is not followed.
    func testAnyOtherUseLeavesTheFieldOut() throws {
        let unfollowed = [
            "binding.possible.exists(c, c == connection)",  // an element compared
            "binding.possible == []",  // the list compared
            "binding.possible[0].app == 'slack'",  // indexed
            "binding.possible.exists(c, wm.covers(c, connection))",  // a function not declared
            "binding.possible.exists(c, wm.unmetGroups(operation, c) == null)",  // at another argument
            "binding.possible.map(c, c).size() > 0 && binding.possible.map(c, c)[0] == connection",  // mapped to itself, then indexed
            "[binding.possible].size() > 0",  // in a list
            "(binding.possible + binding.tied).size() > 0",  // joined
            "binding.possible.exists(c, c.same_account.exists(d, d == connection))" + " && binding.possible.filter(c, true) == []",
            "binding.possible.all(i, c, c.app == 'x')",  // two variables
            "binding.possible.exists(c, size(c) > 0)",  // an element's size
            "binding.possible.exists(c, c.app.size() > 0) && binding.possible.exists(c, c.f())",  // a method of the element
        ]
        for text in unfollowed {
            let r = try reads(text)
            XCTAssertNil(r["binding.possible"], text)
        }
    }

    func testALetThatHoldsTheListIsFollowedOnlyWhereItIsRead() throws {
        // A let the expression does not name adds nothing.
        XCTAssertNil(try reads("true", lets: [("x", "binding.possible.exists(c, c == connection)")])["binding.possible"])
        // The let, compared where it is read, leaves the field out.
        XCTAssertNil(try reads("x == []", lets: [("x", "binding.possible.filter(c, c.app == 'a')")])["binding.possible"])
        XCTAssertEqual(
            try reads("x.size() == 0", lets: [("x", "binding.possible.filter(c, c.app == 'a')")])["binding.possible"],
            CELElementReads(paths: [["app"]]))
    }

    func testAnAbsoluteNameIsTheDeclaredVariable() throws {
        // `.binding` is the variable even inside a comprehension; its list's elements compared: left out.
        XCTAssertNil(try reads("binding.possible.exists(c, c.app == 'x') && .binding.possible.exists(c, c == connection)")["binding.possible"])
        XCTAssertNil(try reads("binding.possible.exists(c, c.app == 'x') && .binding.possible == []")["binding.possible"])
        XCTAssertEqual(try reads(".binding.possible.exists(c, c.app == 'x')")["binding.possible"], CELElementReads(paths: [["app"]]))
    }

    func testAVariableHoldingOneElementIsFollowedLikeAnElement() throws {
        let one: Set<String> = ["connection"]
        XCTAssertEqual(
            try reads("connection != null && use.app != null && connection.app != use.app", elements: one)["connection"],
            CELElementReads(paths: [["app"]]))
        XCTAssertEqual(
            try reads("null == connection || wm.unmetGroups(connection, operation) == null || .connection.auth.type == 'x'", elements: one)["connection"],
            CELElementReads(paths: [["auth", "type"]], calls: ["wm.unmetGroups"]))
        XCTAssertEqual(try reads("connection == null", elements: one)["connection"], CELElementReads())
        for text in ["connection == binding.connection", "[connection].size() > 0", "binding.possible.exists(c, c == connection)", "wm.covers(connection, connection)"] {
            XCTAssertNil(try reads(text, elements: one)["connection"], text)
        }
        XCTAssertNil(try reads("connection != null")["connection"], "not named an element: not followed")
    }

    func testAComprehensionVariableOverAnotherListShadowsTheElement() throws {
        // The inner `c` ranges over a list of numbers, not over the elements: its uses are not the elements'.
        let r = try reads("binding.possible.exists(c, [1, 2].exists(c, c == 1) && c.app == 'x')")
        XCTAssertEqual(r["binding.possible"], CELElementReads(paths: [["app"]]))
    }
}
