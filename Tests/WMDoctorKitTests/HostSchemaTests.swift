import CEL
import Foundation
import XCTest

@testable import WMDoctorKit

/// The host schema is the one declaration of the fields rules see: the
/// documentation is generated from it, and the types it names are declared.
final class HostSchemaTests: XCTestCase {
    func testRulesDocumentHasTheGeneratedFieldReference() throws {
        let url = Repo.root.appendingPathComponent("docs/RULES.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let updated = try XCTUnwrap(HostSchemaDocs.update(text), "docs/RULES.md lacks the field reference markers")
        if ProcessInfo.processInfo.environment["WMDOCTOR_WRITE_DOCS"] == "1", updated != text {
            try updated.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(text, updated, "docs/RULES.md is not the schema's: run WMDOCTOR_WRITE_DOCS=1 swift test --filter HostSchemaTests")
    }

    func testEveryTypeNamedByAFieldIsDeclared() {
        func objects(_ t: CELStaticType) -> [String] {
            switch t {
            case .object(let n): return [n]
            case .list(let e), .nullable(let e): return objects(e)
            case .map(let k, let v): return objects(k) + objects(v)
            default: return []
            }
        }
        for t in HostSchema.types {
            for f in t.fields {
                for name in objects(f.type) { XCTAssertNotNil(HostSchema.byName[name], "\(t.name).\(f.name): \(name)") }
                if case .nested(let n) = f.place {
                    XCTAssertEqual(objects(f.type), [n], "\(t.name).\(f.name) goes on in another type than its own")
                }
            }
            XCTAssertEqual(Set(t.fields.map(\.name)).count, t.fields.count, "\(t.name) declares a field twice")
        }
    }

    /// A field read through the schema's reader (typed program: of a variable
    /// or of another expression) gives what
    /// the by-name lookup (untyped program) gives, for every field of a connection and a workflow.
    func testTypedAndByNameFieldAccessAgree() throws {
        let export = """
            apiVersion: workflow-machine/v1
            kind: Workspace
            workspace: acme
            connections:
              - {id: c1, name: Slack, app: slack, default: true, account: {id: T1, email: a@b.c}, auth: {type: oauth2, scopes: [chat:write], expires_at: 2026-01-01T00:00:00Z}, last_error: {code: x}}
            workflows:
              - id: wf
                name: W
                expect: {slack: T1}
                trigger: {app: slack, event: message_posted}
                steps:
                  - {id: s1, app: slack, action: send_message, connection: c1}
            """
        let (workspaces, _) = WorkspaceMerger.merge([load(export)])
        let resolved = BindingResolver.resolve(try XCTUnwrap(workspaces.first), now: testNow)
        let ws = WorkspaceObjects(resolved, others: [])
        let subjects: [(String, CELValue)] = [
            ("wm.Connection", .object(ws.connections[0])), ("wm.Workflow", .object(ws.workflows[0])),
            ("wm.Step", .object(ws.workflows[0].step(0))), ("wm.Workspace", .object(ws)),
        ]
        for (typeName, value) in subjects {
            let type = try XCTUnwrap(HostSchema.byName[typeName])
            for f in type.fields {
                var typed = RuleEnvironment.make(scopes: [.workspaces], lets: [], params: [], catalog: AppCatalog())
                typed.declare("x", type: .object(typeName))
                var plain = CELEnvironment()
                plain.declare("x")
                let a = try CELProgram(compiling: "x.\(f.name)", environment: typed).evaluate(["x": value])
                let b = try CELProgram(compiling: "x.\(f.name)", environment: plain).evaluate(["x": value])
                XCTAssertEqual(a.literal, b.literal, "\(typeName).\(f.name)")
                // Of a variable the field is read in one node; of any other expression, after it.
                let c = try CELProgram(compiling: "(true ? x : x).\(f.name)", environment: typed).evaluate(["x": value])
                XCTAssertEqual(c.literal, b.literal, "\(typeName).\(f.name) of an expression")
            }
        }
    }

    /// Workflows, steps and uses are made when read, so two reads give two
    /// objects: `==` still says whether they are the same workflow, step or use.
    func testObjectsMadeOnDemandCompareAsTheSameEntity() throws {
        let export = """
            apiVersion: workflow-machine/v1
            kind: Workspace
            workspace: acme
            connections:
              - {id: c1, name: Slack, app: slack, account: {id: T1}, auth: {type: oauth2, scopes: [chat:write]}}
            workflows:
              - id: wf
                name: W
                trigger: {app: slack, event: message_posted}
                steps:
                  - {id: s1, app: slack, action: send_message, connection: c1}
                  - {id: s2, app: slack, action: send_message}
              - id: wf2
                name: Another workflow
                steps:
                  - {id: s1, app: slack, action: send_message, connection: c1}
            """
        let (workspaces, _) = WorkspaceMerger.merge([load(export)])
        let resolved = BindingResolver.resolve(try XCTUnwrap(workspaces.first), now: testNow)
        let ws = WorkspaceObjects(resolved, others: [])
        let cases: [(String, String)] = [
            ("w.workflows[0] == w.workflows[0]", "true"),
            ("w.workflows[0] == w.workflows[1]", "false"),
            ("w.workflows[0].steps[0] == w.workflows[0].steps[0]", "true"),
            ("w.workflows[0].steps[0] == w.workflows[0].steps[1]", "false"),
            ("w.workflows[0].steps[0] == w.workflows[1].steps[0]", "false"),
            ("w.workflows[0].trigger == w.workflows[0].trigger", "true"),
            ("w.workflows[0].steps[0] == w.workflows[0].trigger", "false"),
            ("w.connections[0].usage[0] == w.connections[0].usage[0]", "true"),
            ("w.connections[0].usage[0] == w.connections[0].usage[1]", "false"),
            ("w.connections[0].usage.size()", "4"),  // the trigger, s1, s2 and the other workflow's s1
            ("w.workflows[1] in w.workflows", "true"),
        ]
        for (expression, expected) in cases {
            var env = CELEnvironment()
            env.declare("w")
            let value = try CELProgram(compiling: expression, environment: env).evaluate(["w": .object(ws)])
            XCTAssertEqual(value.literal, expected, expression)
        }
    }
}
