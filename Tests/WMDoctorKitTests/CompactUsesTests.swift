import XCTest

@testable import WMDoctorKit

/// The uses findings list and connections keep, held compactly: read back,
/// they are what the model and the bindings say.
final class CompactUsesTests: XCTestCase {
    /// Named workflows and steps, a trigger bound by id, a disabled
    /// workflow, tied defaults (undetermined) and a step naming no app's connection.
    private let export = header + """
        connections:
          - {id: a, name: A, app: slack, account: {id: T1}, auth: {type: oauth2}}
          - {id: g1, name: G, app: gmail, default: true, account: {email: x@y.z}, auth: {type: oauth2}}
          - {id: g2, name: G2, app: gmail, default: true, account: {email: v@y.z}, auth: {type: oauth2}}
        workflows:
          - id: wf_named
            name: Orders
            trigger: {app: slack, event: new_message, connection: a}
            steps:
              - {id: s0, name: Tell the team, app: slack, action: send_message, connection: a}
              - {id: s1, app: gmail, action: send_email}
              - {id: s2, app: notion, action: create_page}
          - id: wf_off
            name: Off
            enabled: false
            steps:
              - {id: post, app: slack, action: send_message, connection: {name: A}}

        """

    /// Every use, step or trigger, read from its workspace (as rules make
    /// them) equals the use written out from the model field by field.
    func testUsesReadFromTheirWorkspaceEqualThemWrittenOut() throws {
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        let source = UseSource(ws)
        var refs: [UseRef] = []
        for (wi, wf) in ws.workspace.workflows.enumerated() {
            if wf.trigger != nil { refs.append(UseRef(workflow: wi, step: nil)) }
            refs += wf.steps.indices.map { UseRef(workflow: wi, step: $0) }
        }
        XCTAssertEqual(refs.count, 5)
        for ref in refs {
            let wf = ws.workspace.workflows[Int(ref.workflow)]
            let step = ref.isTrigger ? nil : wf.steps[Int(ref.step)]
            let b = ws.binding(of: ref)
            let written = AffectedUse(
                workspace: ws.workspace.slug, workflow: wf.id.value, workflowName: wf.name.value, step: step?.id.value,
                stepName: step?.name?.value, method: b?.method ?? .none, connection: b?.connection.map { ws.workspace.connections[$0].id.value },
                undetermined: b?.isUndetermined ?? false, enabled: wf.isEnabled, location: step?.location ?? wf.trigger?.location ?? wf.location)
            let read = source.affectedUse(ref)
            XCTAssertEqual(read, written, "\(ref)")
            XCTAssertEqual(read.hashValue, written.hashValue)
            XCTAssertEqual(read.title, written.title)
            XCTAssertEqual(read.via, written.via)
        }
        let uses = refs.map(source.affectedUse)
        XCTAssertEqual(uses.map(\.key.path), ["wf_named/trigger", "wf_named/s0", "wf_named/s1", "wf_named/s2", "wf_off/post"])
        XCTAssertEqual(uses.map(\.stepName), [nil, "Tell the team", nil, nil, nil])
        XCTAssertEqual(uses.map(\.workflowName), ["Orders", "Orders", "Orders", "Orders", "Off"])
        XCTAssertEqual(uses.map(\.connection), ["a", "a", "g1", nil, "a"])
        XCTAssertEqual(uses.map(\.method), [.explicitID, .explicitID, .defaultConnection, .none, .name])
        XCTAssertEqual(uses.map(\.undetermined), [false, false, true, false, false])
        XCTAssertEqual(uses.map(\.enabled), [true, true, true, true, false])
        XCTAssertEqual(uses.map(\.location.line), [11, 13, 14, 15, 20])
        // A baseline state set on a use read from its workspace changes that copy alone.
        var marked = uses[1]
        marked.baseline = .new
        XCTAssertEqual(marked.baseline, .new)
        XCTAssertNil(uses[1].baseline)
        XCTAssertNotEqual(marked, uses[1])
        XCTAssertEqual(marked.key, uses[1].key)
        XCTAssertLessThanOrEqual(MemoryLayout<AffectedUse>.stride, 24, "a use read from its workspace holds no copies")
    }

    /// A use packed in 32 bits reads back as it was, at the limits of the
    /// shape; a shape whose numbers do not fit keeps its uses as they are.
    func testPackedUsesReadBackAndWideShapesAreNotPacked() throws {
        let shapes: [(workflows: Int, longest: Int, uses: [UseRef])] = [
            (1, 0, [UseRef(workflow: 0, step: nil)]),
            (172_343, 20, [UseRef(workflow: 0, step: nil), UseRef(workflow: 0, step: 0), UseRef(workflow: 172_342, step: 19), UseRef(workflow: 90_000, step: nil)]),
            (1 << 16, (1 << 16) - 2, [UseRef(workflow: 65_535, step: 65_533), UseRef(workflow: 65_535, step: nil), UseRef(workflow: 1, step: 0)]),
        ]
        for shape in shapes {
            let packing = try XCTUnwrap(UsePacking(workflows: shape.workflows, longest: shape.longest), "\(shape.workflows) x \(shape.longest)")
            for u in shape.uses { XCTAssertEqual(packing.unpack(packing.pack(u)), u) }
            let list = UseList(shape.uses, count: shape.uses.count, packing: packing)
            XCTAssertEqual(Array(list), shape.uses)
            XCTAssertEqual(list, UseList(shape.uses), "packed or not, the same uses are equal")
        }
        XCTAssertNil(UsePacking(workflows: 1 << 20, longest: 1 << 12), "21 and 13 bits do not fit in 32")
        XCTAssertNil(UsePacking(workflows: 1 << 16 + 1, longest: (1 << 16) - 1))
        let wide = [UseRef(workflow: 1 << 20, step: 4_000), UseRef(workflow: 3, step: nil)]
        XCTAssertEqual(Array(UseList(wide, count: 2, packing: nil)), wide)
        XCTAssertNotEqual(UseList(wide), UseList(Array(wide.reversed())))
    }

    /// The usage index packs the uses of an analysed workspace, and they
    /// read back as the bindings say.
    func testUsageIndexListsReadBackPacked() throws {
        let ws = try XCTUnwrap(analyze(["a.yaml": export]).workspaces.first)
        XCTAssertEqual(Array(ws.usage.byConnection[0]), [UseRef(workflow: 0, step: nil), UseRef(workflow: 0, step: 0), UseRef(workflow: 1, step: 0)])
        XCTAssertEqual(Array(ws.usage.byConnection[1]), [UseRef(workflow: 0, step: 1)])
        XCTAssertEqual(Array(ws.usage.byConnection[2]), [])
        XCTAssertEqual(Array(ws.usage.tiedByConnection[2]), [UseRef(workflow: 0, step: 1)], "the gmail step may run as the other default")
    }

    /// Findings on steps bound to one connection relate where it is defined
    /// with one shared list, not a copy each.
    func testFindingsOnStepsOfOneConnectionShareWhereItIsDefined() throws {
        var text = header + """
            connections:
              - {id: a, name: A, app: slack, account: {id: T1}, auth: {type: oauth2, scopes: [channels:read]}}
            workflows:

            """
        for w in 0..<3 { text += "  - id: wf\(w)\n    name: W\n    steps:\n      - {id: s0, app: slack, action: send_message, connection: a}\n" }
        let r = gatedReport(["a.yaml": text])
        let onSteps = r.findings.filter { $0.entity.kind == .step && !$0.related.isEmpty }
        XCTAssertEqual(onSteps.count, 3, lines(r.findings).joined(separator: "\n"))
        let first = try XCTUnwrap(onSteps.first)
        XCTAssertEqual(first.related.map(\.message), ["connection \"a\" (A) is defined here"])
        XCTAssertEqual(first.related.first?.location.line, 5)
        let base = { (f: Finding) in f.related.withUnsafeBufferPointer { $0.baseAddress } }
        for f in onSteps { XCTAssertEqual(base(f), base(first), "\(f.location)") }
    }
}
