import CEL
import XCTest

@testable import WMDoctorKit

/// The parts a step's binding decides are read once per distinct binding
/// (``WhenMemo/BindingPartsMemo``): a step whose binding has the same place
/// among the workspace's distinct bindings, with the same connection, gets
/// them copied; the findings are those of reading every step.
final class BindingPartsMemoTests: XCTestCase {
    private static let builtin = RuleSet.load(RuleSet.builtinFiles).0
    typealias Slot = RuleEnvironment.Slot

    private let export = header + """
        connections:
          - {id: a, name: A, app: slack, default: true, account: {id: T1}, auth: {type: oauth2}}
          - {id: b, name: B, app: slack, account: {id: T2}, auth: {type: oauth2}}
        workflows:
          - id: wf
            name: W
            steps:
              - {id: s0, app: slack, action: send_message, connection: a}

        """

    func testAStepWithABindingsPlaceGetsThePartsReadForItWithTheSameConnectionOnly() throws {
        let text = RuleCheckTests.rule(for: "steps", "when: binding.method == 'id' && connection.account.id == 'T1'\nmessage: m")
        let rule = try RuleCheckTests.loaded(text, catalog: Self.builtin.catalog)
        let parts = WhenMemo.Parts([WhenMemo(rule)], scope: .steps)
        let keyer = WhenMemo.Keyer(parts, indices: try XCTUnwrap(parts.indices[0]))
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        let objects = WorkspaceObjects(ws, others: [ws.workspace])
        let range = objects.bindingConnections()
        let byID = Binding(connection: 0, method: .explicitID, candidates: [0], failure: nil)
        let byDefault = Binding(connection: 0, method: .defaultConnection, candidates: [0], failure: nil)
        func known(_ binding: Binding, place: Int, _ connection: ConnectionObject) -> Bool? {
            var globals = [CELValue](repeating: .null, count: RuleEnvironment.slots.count)
            globals[Slot.binding.rawValue] = .object(BindingObject(binding, range, place: place))
            globals[Slot.connection.rawValue] = .object(connection)
            parts.fill(globals)
            return keyer.isKnownFalse()
        }
        XCTAssertEqual(known(byID, place: 3, objects.connections[0]), false)
        keyer.rememberFalse()
        XCTAssertEqual(known(byID, place: 3, objects.connections[0]), true)
        // Its method read anew: another key.
        XCTAssertEqual(known(byDefault, place: -1, objects.connections[0]), false)
        // The same place is the same binding: its parts are copied, not read (here they differ on purpose).
        XCTAssertEqual(known(byDefault, place: 3, objects.connections[0]), true)
        // Another place in the same slot of the memo: read anew.
        XCTAssertEqual(known(byDefault, place: 3 + WhenMemo.BindingPartsMemo.slots, objects.connections[0]), false)
        XCTAssertEqual(known(byID, place: 3, objects.connections[0]), true, "read anew: that place is no longer in the slot")
        // Another connection (of another account): read anew.
        XCTAssertEqual(known(byID, place: 3, objects.connections[1]), false)
    }

    func testBindingsInOneSlotOfTheMemoGiveTheFindingsOfReadingEveryStep() throws {
        // Each connection named by id, then by name. A binding by id has the connection's index
        // as its place, an unknown id the next, and the bindings by name follow in order: with
        // one connection fewer than the memo has slots, a connection's two bindings (places k
        // and k + slots) share a slot and a connection.
        let n = WhenMemo.BindingPartsMemo.slots - 1
        var text = header + "connections:\n"
        for c in 0..<n {
            text += "  - {id: c\(c), name: C\(c), app: slack, account: {id: \(c % 4 == 0 ? "T9" : "T1")}, auth: {type: oauth2}}\n"
        }
        text += "workflows:\n  - id: wf\n    name: W\n    steps:\n"
        for s in 0..<(2 * n) {
            let reference = s < n ? "c\(s)" : "{name: C\(s - n)}"
            text += "      - {id: s\(s), app: slack, action: send_message, connection: \(reference)}\n"
        }
        let rules = try [
            ("ACME901", "binding.method == 'name' && connection != null"),
            ("ACME902", "binding.possible.exists(c, c.account.id == 'T9')"),
        ].map { id, when in
            try RuleCheckTests.loaded(
                RuleCheckTests.rule(for: "steps", "when: \"\(when)\"\nmessage: m").replacingOccurrences(of: "id: ACME001", with: "id: \(id)")
                    .replacingOccurrences(of: "name: test-rule", with: "name: test-\(id.lowercased())"),
                catalog: Self.builtin.catalog)
        }
        let ws = try XCTUnwrap(analyze(["a.yaml": text]).workspaces.first)
        func run(memoized: Bool) -> RuleEngine.Output {
            var engine = RuleEngine(rules: rules, catalog: Self.builtin.catalog)
            engine.workers = 1
            engine.memoizeWhen = memoized
            return engine.run([ws], now: testNow)
        }
        let memo = run(memoized: true)
        XCTAssertEqual(lines(memo.findings), lines(run(memoized: false).findings))
        XCTAssertEqual(memo.findings.filter { $0.rule.id == "ACME901" }.count, n)
        XCTAssertEqual(memo.findings.filter { $0.rule.id == "ACME902" }.count, 2 * ((n + 3) / 4))
    }
}
