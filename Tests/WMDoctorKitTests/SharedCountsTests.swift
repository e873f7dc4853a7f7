import XCTest

@testable import WMDoctorKit

@_silgen_name("swift_retainCount")
private func swiftRetainCount(_ object: UnsafeMutableRawPointer) -> Int

/// The strong references counted on `object` now.
private func references(_ object: AnyObject) -> Int { swiftRetainCount(Unmanaged.passUnretained(object).toOpaque()) }

/// The objects rules see for each step count references only to objects of
/// the thread visiting it (its workflow's object, its range's connections),
/// not to objects every thread's steps share (the workspace's uses, its
/// connections). Two cores changing one count pass its memory between them
/// on every change: the steps' rules took 43% more CPU on two threads than
/// on one (perf samples, dense 100 MB) while they did.
final class SharedCountsTests: XCTestCase {
    private let export = header + """
        connections:
          - {id: a, name: A, app: slack, account: {id: T1}, auth: {type: oauth2}}
          - {id: g, name: G, app: gmail, default: true, account: {email: x@y.z}, auth: {type: oauth2}}
        workflows:
          - id: wf
            name: W
            trigger: {app: slack, event: new_message, connection: a}
            steps:
              - {id: s0, app: slack, action: send_message, connection: a}
              - {id: s1, app: gmail, action: send_email}

        """

    func testStepObjectsCountNoReferenceToWhatEveryThreadShares() throws {
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        let objects = WorkspaceObjects(ws, others: [ws.workspace])
        let (a, g) = (objects.connections[0], objects.connections[1])
        let before = (uses: references(objects.uses), a: references(a), g: references(g))
        let workflow = objects.workflows.forOneThread()[0]
        let range = objects.bindingConnections()
        var made: [(UseObject, BindingObject)] = []
        for _ in 0..<20 {
            for (i, b) in ws.stepBindings[0].enumerated() { made.append((workflow.step(i), BindingObject(b, range))) }
            if let t = workflow.trigger, let b = ws.triggerBindings[0] { made.append((t, BindingObject(b, range))) }
        }
        // Counted here: an assertion's closure would count one more.
        let after = (uses: references(objects.uses), a: references(a), g: references(g))
        XCTAssertEqual(made.count, 60)
        XCTAssertEqual(after.uses, before.uses + 1, "the thread's workflows hold the uses, not each of the steps' objects")
        XCTAssertEqual(after.a, before.a, "a binding reads its connection when asked")
        XCTAssertEqual(after.g, before.g)
        // What they read is unchanged.
        XCTAssertTrue(made[0].1.connection === a)
        XCTAssertTrue(made[1].1.connection === g)
        XCTAssertTrue(made[2].1.connection === a, "the trigger")
        XCTAssertEqual(made.map { $0.0.ref }.prefix(3), [UseRef(workflow: 0, step: 0), UseRef(workflow: 0, step: 1), UseRef(workflow: 0, step: nil)])
        XCTAssertEqual(made[0].0.workflowID, "wf")
        XCTAssertTrue(made[0].0.isSame(as: made[3].0), "two objects of one step are the same to ==")
        XCTAssertFalse(made[0].0.isSame(as: made[1].0))
        XCTAssertTrue(made[0].0.isSame(as: objects.workflows[0].step(0)), "whichever workflow object made them")
    }

    /// The workflow objects one thread makes count a reference to what that
    /// thread shares, not to the workspace's uses each.
    func testWorkflowObjectsOfOneThreadCountOnItsOwnSource() throws {
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        let objects = WorkspaceObjects(ws, others: [ws.workspace])
        let before = references(objects.uses)
        let mine = objects.workflows.forOneThread()
        let made = (0..<20).map { _ in mine[0] }
        let after = references(objects.uses)
        XCTAssertEqual(after, before + 1)
        XCTAssertTrue(made[0].isSame(as: made[19]))
        XCTAssertTrue(made[0].isSame(as: objects.workflows[0]), "two threads' objects of one workflow are the same to ==")
        XCTAssertEqual(made[0].workflow.id.value, "wf")
    }
}
