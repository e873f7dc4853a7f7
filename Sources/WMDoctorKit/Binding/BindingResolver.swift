/// Resolves which connection each step and trigger uses, exactly as Workflow
/// Machine does at run time. It records facts; rules judge them.
///
/// Ties ("most recently created/updated" with equal or missing timestamps)
/// go to the connection defined first in input order; a missing timestamp
/// counts as older than any present one.
public struct BindingResolver: Sendable {
    private let workspace: Workspace
    private let byID: [String: Int]
    private let byApp: [String: [Int]]

    public init(_ workspace: Workspace) {
        self.workspace = workspace
        self.byID = workspace.connectionIndex()
        var byApp: [String: [Int]] = [:]
        for (i, c) in workspace.connections.enumerated() where byID[c.id.value] == i {
            byApp[c.app.value, default: []].append(i)
        }
        self.byApp = byApp
    }

    public static func resolve(_ workspace: Workspace) -> ResolvedWorkspace {
        let resolver = BindingResolver(workspace)
        return ResolvedWorkspace(
            workspace: workspace,
            stepBindings: workspace.workflows.map { wf in
                wf.steps.map { resolver.bind(app: $0.app.value, reference: $0.connection) }
            },
            triggerBindings: workspace.workflows.map { wf in
                wf.trigger.map { t in
                    guard let app = t.app?.value else {
                        if let ref = t.connection { return resolver.bind(app: nil, reference: ref) }
                        return Binding(connection: nil, method: .none, candidates: [], failure: .noApp, reference: nil)
                    }
                    return resolver.bind(app: app, reference: t.connection)
                }
            })
    }

    /// The connections of one app in export order.
    public func connections(ofApp app: String) -> [Int] { byApp[app] ?? [] }

    public func bind(app: String?, reference: ConnectionReference?) -> Binding {
        switch reference {
        case .id(let id)?:
            if let i = byID[id.value] {
                return Binding(connection: i, method: .explicitID, candidates: [i], failure: nil, reference: reference)
            }
            return Binding(connection: nil, method: .explicitID, candidates: [], failure: .unknownID, reference: reference)
        case .name(let name)?:
            // A name reference with no app (a trigger without app) matches any app.
            let named = (app.map { connections(ofApp: $0) } ?? workspace.connections.indices.filter { byID[workspace.connections[$0].id.value] == $0 })
                .filter { workspace.connections[$0].name.value == name.value }
            guard let chosen = latest(named, by: \.createdAt) else {
                return Binding(connection: nil, method: .name, candidates: [], failure: .unknownName, reference: reference)
            }
            return Binding(connection: chosen, method: .name, candidates: named, failure: nil, reference: reference)
        case nil:
            guard let app else {
                return Binding(connection: nil, method: .none, candidates: [], failure: .noApp, reference: nil)
            }
            let all = connections(ofApp: app)
            let defaults = all.filter { workspace.connections[$0].markedDefault }
            if let chosen = latest(defaults, by: \.updatedAt) {
                return Binding(connection: chosen, method: .defaultConnection, candidates: defaults, failure: nil, reference: nil)
            }
            if all.count == 1 {
                return Binding(connection: all[0], method: .onlyConnection, candidates: all, failure: nil, reference: nil)
            }
            if let chosen = latest(all, by: \.createdAt) {
                return Binding(connection: chosen, method: .mostRecent, candidates: all, failure: nil, reference: nil)
            }
            return Binding(connection: nil, method: .none, candidates: [], failure: .noConnection, reference: nil)
        }
    }

    /// The most recent by `key`; ties and missing timestamps go to the earliest defined.
    private func latest(_ indices: [Int], by key: KeyPath<Connection, Located<Timestamp>?>) -> Int? {
        var best: Int?
        var bestTime: Timestamp?
        for i in indices {
            let t = workspace.connections[i][keyPath: key]?.value
            if best == nil {
                best = i
                bestTime = t
            } else if let t, bestTime.map({ t > $0 }) ?? true {
                best = i
                bestTime = t
            }
        }
        return best
    }
}
