import XCTest

@testable import WMDoctorKit

/// A step or trigger that gives `connection` a value that is no reference
/// (`null`, a list, a mapping without exactly one of `id` and `name`, a
/// mapping whose `id` is no string) is reported by the loader, and then
/// bound to nothing: the export does not say which connection Workflow
/// Machine uses, so it is not the app's default (the step names something),
/// it counts as no connection's use, and no connection of its app is called
/// unused.
final class InvalidReferenceTests: XCTestCase {
    private let yaml = header + """
        connections:
          - {id: c1, name: One, app: slack, default: true, account: {id: T1}, auth: {type: oauth2}}
          - {id: c2, name: Two, app: slack, account: {id: T2}, auth: {type: oauth2}}
          - {id: g1, name: Mail, app: gmail, account: {email: a@acme.com}, auth: {type: oauth2}}
          - {id: h1, name: Hub, app: hubspot, account: {id: "9"}, auth: {type: oauth2}}
        workflows:
          - id: wf
            name: W
            trigger: {app: hubspot, event: contact.created, connection: null}
            steps:
              - {id: a, app: slack, action: send_message, connection: null}
              - {id: b, app: slack, action: send_message, connection: [c2]}
              - {id: c, app: slack, action: send_message, connection: {}}
              - {id: d, app: slack, action: send_message, connection: {id: c1, name: One}}
              - {id: e, app: slack, action: send_message, connection: {id: [c1]}}
              - {id: f, app: slack, action: send_message, connection: c1}
              - {id: g, app: slack, action: send_message}

        """

    func testANameThatIsNoReferenceIsBoundToNothing() throws {
        let report = gatedReport(["a.yaml": yaml])
        let ws = try XCTUnwrap(report.workspaces.first)
        let bindings = Array(ws.stepBindings[0])
        XCTAssertEqual(bindings.map(\.failure), [.invalidReference, .invalidReference, .invalidReference, .invalidReference, .invalidReference, nil, nil])
        XCTAssertEqual(bindings.map(\.connection), [nil, nil, nil, nil, nil, 0, 0], "only f (by id) and g (the default) are bound to c1")
        XCTAssertEqual(bindings.map(\.method), [.none, .none, .none, .none, .none, .explicitID, .defaultConnection])
        let trigger = try XCTUnwrap(ws.triggerBindings[0])
        XCTAssertEqual(trigger.failure, .invalidReference)
        XCTAssertNil(trigger.connection)
        // Each is where its value is written.
        for s in 0..<5 {
            guard case .invalid(let at)? = ws.workspace.workflows[0].steps[s].connection else { return XCTFail("step \(s)") }
            XCTAssertEqual([at.line, at.column], [14 + s, 63], "step \(s)")
        }
        // The default's uses are f and g alone; hubspot's connection has none.
        XCTAssertEqual(ws.usage.byConnection[0].count, 2)
        XCTAssertEqual(ws.usage.byConnection[3].count, 0)
        // Each value is reported by the loader.
        XCTAssertEqual(report.findings.filter { $0.rule.id.hasPrefix("WM00") }.map(\.location.line), [12, 14, 15, 16, 17, 18])
        // A null is told what the spec allows, and how to get the default.
        XCTAssertEqual(
            report.findings.first { $0.location.line == 14 }?.message,
            "\"connection\" in step should be a connection id or a mapping with \"id\" or \"name\", got null (an empty value); to use the app's default connection, leave \"connection\" out")
        // c2 and h1 are not called unused (a use of their app may run as them); g1 is.
        let unused = report.findings.filter { $0.rule.id == "WM601" }.map(\.message)
        XCTAssertEqual(unused, ["no workflow uses connection \"g1\" (Mail, gmail)"])
    }

    func testTheInventoryAndWhySayItIsNotDetermined() throws {
        let inv = Inventory(gatedReport(["a.yaml": yaml]))
        let ws = try XCTUnwrap(inv.workspaces.first)
        let unsure = "gives \"connection\" a value that is no connection reference: which connection it uses is not determined"
        XCTAssertEqual(ws.unresolved.map(\.described), [
            "wf / trigger (a.yaml:12:14): \(unsure)", "wf / a (a.yaml:14:9): \(unsure)", "wf / b (a.yaml:15:9): \(unsure)",
            "wf / c (a.yaml:16:9): \(unsure)", "wf / d (a.yaml:17:9): \(unsure)", "wf / e (a.yaml:18:9): \(unsure)",
        ])
        XCTAssertEqual(Set(ws.unresolved.map(\.failure)), ["invalid-reference"])
        let c1 = try XCTUnwrap(ws.connections.first { $0.health.id == "c1" })
        XCTAssertEqual(c1.uses.map(\.path), ["wf / f", "wf / g"])
    }
}
