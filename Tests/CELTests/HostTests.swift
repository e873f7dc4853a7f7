import XCTest

@testable import CEL

final class Connection: CELObject {
    let status: String
    let scopes: [String]
    init(status: String, scopes: [String]) {
        self.status = status
        self.scopes = scopes
    }
    var celTypeName: String { "wm.Connection" }
    var fieldNames: [String] { ["status", "scopes"] }
    func field(_ name: String) -> CELValue? {
        switch name {
        case "status": return .string(status)
        case "scopes": return .list(scopes.map { .string($0) })
        default: return nil
        }
    }
}

final class Steps: CELListProtocol {
    let apps: [String]
    init(_ apps: [String]) { self.apps = apps }
    var count: Int { apps.count }
    subscript(index: Int) -> CELValue { .map(CELMap.strings(["app": .string(apps[index])])) }
}

final class HostTests: XCTestCase {
    func env() -> CELEnvironment {
        var env = CELEnvironment()
        env.declare("conn")
        env.declare("steps")
        env.registerFunction("lacks", receiverStyle: true, arity: 1) { args in
            guard case .object(let o) = args[0], let c = o as? Connection, case .string(let s) = args[1] else {
                return .error(CELError(.noMatchingOverload, "lacks() expects a connection and a string"))
            }
            return .bool(!c.scopes.contains(s))
        }
        env.registerFunction("missingScopes", arity: 2) { args in
            guard case .object(let o) = args[0], let c = o as? Connection, case .list(let wanted) = args[1] else {
                return .error(CELError(.noMatchingOverload, "missingScopes(conn, list)"))
            }
            return .list(wanted.elements.filter { v in
                if case .string(let s) = v { return !c.scopes.contains(s) }
                return false
            })
        }
        return env
    }

    var bindings: [String: CELValue] {
        [
            "conn": .object(Connection(status: "active", scopes: ["chat:read"])),
            "steps": .list(CELList(host: Steps(["slack", "gmail", "slack", "slack"]))),
        ]
    }

    func testFieldAccessAndHas() {
        let e = env()
        assertEval("conn.status == 'active'", true, bindings, env: e)
        assertEval("has(conn.status) && !has(conn.token)", true, bindings, env: e)
        assertEval("conn.scopes.size()", 1, bindings, env: e)
        assertEval("type(conn) == type(conn) && string(type(conn)) == 'wm.Connection'", true, bindings, env: e)
        assertEvalError("conn.token", bindings, env: e, contains: "no such field")
        assertEval("conn == conn", true, bindings, env: e)
    }

    func testHostListIsLazy() {
        let e = env()
        assertEval("steps.filter(s, s.app == 'slack').size() > 2", true, bindings, env: e)
        assertEval("steps[1].app", "gmail", bindings, env: e)
        assertEval("steps.size()", 4, bindings, env: e)
        assertEval("steps.exists(s, s.app == 'gmail')", true, bindings, env: e)
    }

    func testHostFunctions() {
        let e = env()
        assertEval("conn.lacks('chat:write') && !conn.lacks('chat:read')", true, bindings, env: e)
        assertEval("missingScopes(conn, ['chat:read', 'chat:write'])", ["chat:write"], bindings, env: e)
        assertCompileError("conn.lacks()", env: e, kind: .check, contains: "no overload")
        assertCompileError("lacks(conn, 'x')", env: e, kind: .check)  // receiver style only
        assertEvalError("'x'.lacks('y')", bindings, env: e, contains: "lacks()")
    }

    func testOverloadChaining() {
        var e = CELEnvironment()
        e.registerFunction("double_it", arity: 1) { args in
            if case .int(let i) = args[0] { return .int(i &* 2) }
            return .error(CELError(.noMatchingOverload, "no int"))
        }
        e.registerFunction("double_it", arity: 1) { args in
            if case .string(let s) = args[0] { return .string(s + s) }
            return .error(CELError(.noMatchingOverload, "no string"))
        }
        assertEval("double_it(2) == 4 && double_it('a') == 'aa'", true, env: e)
        // A host overload of a standard function extends it.
        e.declare("conn")
        e.registerFunction("size", receiverStyle: true, arity: 0) { args in
            if case .object(let o) = args[0] { return .int(Int64(o.fieldNames.count)) }
            return .error(CELError(.noMatchingOverload, "size"))
        }
        assertEval("conn.size() == 2 && 'abc'.size() == 3", true, ["conn": bindings["conn"] ?? .null], env: e)
    }

    func testDottedVariablesAndNamespaces() {
        var e = CELEnvironment()
        e.declare("wm.rule")
        assertEval("wm.rule.name", "r1", ["wm.rule": .map(CELMap.strings(["name": "r1"]))], env: e)
        assertEval("has(wm.rule.name)", true, ["wm.rule": .map(CELMap.strings(["name": "r1"]))], env: e)
    }

    func testConcurrentEvaluation() throws {
        let program = try CELProgram(compiling: "steps.filter(s, s.app == 'slack').size() > 2", environment: env())
        let b = bindings
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            for _ in 0..<100 {
                if case .bool(true) = (try? program.evaluate(b)) ?? .null {} else { XCTFail("wrong result") }
            }
        }
    }
}
