/// `wmdoctor inventory`: what a workspace holds, for support teams. Per
/// connection: app, account (id, label, e-mail, mode; never a secret),
/// status, expiry, scopes, whether it is a default, and every step and
/// trigger using it with how it was chosen. Per app: its connections and
/// what a step naming no connection gets. Deterministic: workspaces in report
/// order, connections in export order, apps by key.
public struct Inventory: Sendable {
    /// A step or trigger bound to a connection.
    public struct Use: Sendable, Hashable {
        public var workflow: String
        /// The step id; nil for the workflow's trigger.
        public var step: String?
        public var method: BindingMethod
        public var workflowEnabled: Bool

        /// `wf_lead_alerts / notify`, `wf_lead_alerts / trigger`.
        public var path: String { "\(workflow) / \(step ?? "trigger")" }
    }

    public struct ConnectionEntry: Sendable {
        public var health: ConnectionHealth
        /// `auth.expires_at` as written, if any.
        public var expiresAt: String?
        public var uses: [Use]
    }

    public struct AppEntry: Sendable, Hashable {
        public var app: String
        /// Its connections' ids, in export order.
        public var connections: [String]
        /// Those marked `default: true`.
        public var markedDefaults: [String]
        /// What a step of this app that names no connection uses, and why.
        public var implicitChoice: String?
        public var implicitMethod: BindingMethod
    }

    /// A step or trigger whose connection does not resolve: it fails on every run.
    public struct Unresolved: Sendable, Hashable {
        public var use: Use
        /// `unknown-id`, `unknown-name`, `no-connection`, `invalid-reference`.
        public var failure: String
        /// What the export names, if anything.
        public var reference: String?
        public var location: SourceLocation

        /// `wf / notify: names the connection id "conn_x", which does not exist`.
        public var described: String {
            let why: String
            switch failure {
            case BindingFailure.unknownID.rawValue: why = "names the connection id \(quoted(reference ?? "")), which does not exist"
            case BindingFailure.unknownName.rawValue: why = "names the connection \(quoted(reference ?? "")), which does not exist for its app"
            case BindingFailure.invalidReference.rawValue:
                why = "gives \"connection\" a value that is no connection reference: which connection it uses is not determined"
            default: why = "names no connection, and its app has none"
            }
            return "\(use.path) (\(location)): \(why)\(use.workflowEnabled ? "" : ", workflow disabled")"
        }
    }

    public struct WorkspaceEntry: Sendable {
        public var slug: String
        public var connections: [ConnectionEntry]
        public var apps: [AppEntry]
        /// Steps and triggers whose connection does not resolve, in workflow order.
        public var unresolved: [Unresolved] = []
    }

    public var now: Timestamp
    public var inputs: [String]
    public var workspaces: [WorkspaceEntry]
    public var errors: [InputError]

    public init(_ report: Report) {
        now = report.now
        inputs = report.inputs
        errors = report.errors
        var rows = ConnectionHealth.rows(report)[...]
        workspaces = report.workspaces.map { ws in
            let health = Array(rows.prefix(ws.workspace.connections.count))
            rows = rows.dropFirst(ws.workspace.connections.count)
            return Inventory.entry(ws, health: health)
        }
    }

    private static func entry(_ ws: ResolvedWorkspace, health: [ConnectionHealth]) -> WorkspaceEntry {
        let w = ws.workspace
        let source = UseSource(ws)
        func use(_ ref: UseRef) -> Use {
            Use(workflow: source.workflowID(of: ref), step: source.stepID(of: ref), method: source.method(of: ref), workflowEnabled: source.isEnabled(ref))
        }
        let uses = ws.usage.byConnection.map { $0.map(use) }
        let connections = health.indices.map { i in
            ConnectionEntry(health: health[i], expiresAt: w.connections[i].auth.expiresAt.map { $0.value.description }, uses: uses[i])
        }
        let resolver = BindingResolver(w)
        let keys = Set(w.connections.map(\.app.value)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let apps = keys.map { key in
            let indices = resolver.connections(ofApp: key)
            let choice = ws.usage.fallback[key] ?? resolver.bind(app: key, reference: nil)
            return AppEntry(
                app: key, connections: indices.map { w.connections[$0].id.value },
                markedDefaults: indices.filter { w.connections[$0].markedDefault }.map { w.connections[$0].id.value },
                implicitChoice: choice.connection.map { w.connections[$0].id.value }, implicitMethod: choice.method)
        }
        var unresolved: [Unresolved] = []
        for (wi, wf) in w.workflows.enumerated() {
            var refs: [UseRef] = wf.trigger == nil ? [] : [UseRef(workflow: wi, step: nil)]
            refs += wf.steps.indices.map { UseRef(workflow: wi, step: $0) }
            for ref in refs {
                guard let b = ws.binding(of: ref), b.connection == nil, let failure = b.failure, failure != .noApp else { continue }
                let reference: String? = {
                    switch ws.reference(of: ref) {
                    case .id(let v)?, .name(let v)?: return v.value
                    case .invalid?, nil: return nil
                    }
                }()
                unresolved.append(Unresolved(use: use(ref), failure: failure.rawValue, reference: reference, location: source.location(of: ref)))
            }
        }
        return WorkspaceEntry(slug: w.slug, connections: connections, apps: apps, unresolved: unresolved)
    }
}
