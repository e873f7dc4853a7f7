extension EntityRef {
    /// For people: `workflow wf_lead_alerts / step notify`, `connection conn_slack_mkt`.
    public var displayPath: String {
        switch kind {
        case .connection: return "connection \(connection ?? "")"
        case .workflow: return "workflow \(workflow ?? "")"
        case .step: return "workflow \(workflow ?? "") / step \(step ?? "")"
        case .trigger: return "workflow \(workflow ?? "") / trigger"
        case .app: return "app \(app ?? "")"
        case .workspace: return workspace.isEmpty ? "export document" : "workspace \(workspace)"
        }
    }

    /// `displayPath` prefixed with the workspace: `acme / connection conn_a`.
    public var qualifiedDisplayPath: String {
        kind == .workspace || workspace.isEmpty ? displayPath : "\(workspace) / \(displayPath)"
    }

    /// For tools (SARIF logical locations): `acme/wf_lead_alerts/notify`; empty
    /// when the entity has no name yet (a document without a workspace).
    public var qualifiedName: String {
        var parts = [workspace]
        switch kind {
        case .connection: parts.append(connection ?? "")
        case .workflow: parts.append(workflow ?? "")
        case .step: parts += [workflow ?? "", step ?? ""]
        case .trigger: parts += [workflow ?? "", "trigger"]
        case .app: parts.append(app ?? "")
        case .workspace: break
        }
        return parts.contains(where: \.isEmpty) ? "" : parts.joined(separator: "/")
    }

    /// The last part of the name: the step, workflow, connection, app or workspace.
    public var shortName: String {
        switch kind {
        case .connection: return connection ?? ""
        case .workflow: return workflow ?? ""
        case .step: return step ?? ""
        case .trigger: return "trigger"
        case .app: return app ?? ""
        case .workspace: return workspace
        }
    }
}
