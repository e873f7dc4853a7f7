/// The formats of `wmdoctor inventory`.
public enum InventoryFormat: String, CaseIterable, Sendable {
    case text, json, markdown

    public func render(_ inventory: Inventory) -> String {
        switch self {
        case .text: return InventoryText.render(inventory)
        case .json: return InventoryJSON.render(inventory)
        case .markdown: return InventoryMarkdown.render(inventory)
        }
    }
}

extension Inventory.Use {
    /// `wf / notify (default)`, with `, workflow disabled` when it is.
    var described: String { "\(path) (\(method.phrase)\(workflowEnabled ? "" : ", workflow disabled"))" }
}

extension Inventory.AppEntry {
    /// `conn_a (default), conn_b; a step naming no connection gets conn_a (default)`.
    var described: String {
        let list = connections.map { markedDefaults.contains($0) ? "\($0) (marked default)" : $0 }.joined(separator: ", ")
        let choice = implicitChoice.map { "\($0) (\(implicitMethod.phrase))" } ?? "nothing"
        return "\(list); a step naming no connection gets \(choice)"
    }
}

/// For a terminal: per workspace, each connection with its facts and uses, then the apps.
enum InventoryText {
    static func render(_ inv: Inventory) -> String {
        var out = ""
        for ws in inv.workspaces {
            out += "Workspace \(terminalSafe(ws.slug))\n\nConnections\n"
            if ws.connections.isEmpty { out += "  none\n" }
            for c in ws.connections {
                let h = c.health
                var status = h.status.rawValue
                if let e = h.lastError { status += " (last error \(e))" }
                out += terminalSafe("  \(h.id) \(quoted(h.name)): \(h.app), \(status)\(h.isDefault ? ", default" : "")") + "\n"
                out += terminalSafe("    health: \(h.healthDescription)") + "\n"
                out += terminalSafe("    environment: \(h.environment ?? "not stated")") + "\n"
                out += terminalSafe("    account: \(h.account.isEmpty ? "not stated" : h.account.joined(separator: ", "))") + "\n"
                if let key = h.keyDescription { out += terminalSafe("    key: \(key)") + "\n" }
                out += terminalSafe("    expiry: \(h.expiry)") + "\n"
                out += terminalSafe("    scopes: \(h.credential.grantDescription)") + "\n"
                out += c.uses.isEmpty ? "    used by: nothing\n" : "    used by:\n"
                for u in c.uses { out += terminalSafe("      \(u.described)") + "\n" }
            }
            out += "\nApps\n"
            if ws.apps.isEmpty { out += "  none\n" }
            for a in ws.apps { out += terminalSafe("  \(a.app): \(a.described)") + "\n" }
            if !ws.unresolved.isEmpty {
                out += "\nSteps and triggers whose connection does not resolve\n"
                for u in ws.unresolved { out += terminalSafe("  \(u.described)") + "\n" }
            }
            out += "\n"
        }
        for e in inv.errors { out += terminalSafe("\(e.location): error: \(e.message)") + "\n" }
        let connections = inv.workspaces.reduce(0) { $0 + $1.connections.count }
        out += "\(inv.workspaces.count) workspace\(inv.workspaces.count == 1 ? "" : "s"), \(connections) connection\(connections == 1 ? "" : "s")"
        out += inv.errors.isEmpty ? ".\n" : "; \(inv.errors.count) input(s) could not be analysed.\n"
        return out
    }
}

/// JSON: `tool`, `now`, `inputs`, `workspaces` (each with `connections` and `apps`), `errors`.
enum InventoryJSON {
    static func render(_ inv: Inventory) -> String {
        JSON.object([
            ("tool", .object([("name", .string(Tool.name)), ("version", .string(Tool.version))])),
            ("now", .string(inv.now.description)),
            ("inputs", .array(inv.inputs.map(JSON.string))),
            ("workspaces", .array(inv.workspaces.map { ws in
                .object([
                    ("workspace", .string(ws.slug)),
                    ("connections", .array(ws.connections.map(connection))),
                    ("apps", .array(ws.apps.map(app))),
                    ("unresolved", .array(ws.unresolved.map { u in
                        .object([
                            ("workflow", .string(u.use.workflow)), ("step", .string(u.use.step)), ("trigger", .bool(u.use.step == nil)),
                            ("failure", .string(u.failure)), ("reference", .string(u.reference)),
                            ("workflow_enabled", .bool(u.use.workflowEnabled)), ("location", JSONReporter().location(u.location)),
                        ])
                    })),
                ])
            })),
            ("errors", .array(inv.errors.map(JSONReporter().error))),
        ]).serialized()
    }

    private static func connection(_ c: Inventory.ConnectionEntry) -> JSON {
        let h = c.health
        return .object([
            ("id", .string(h.id)), ("name", .string(h.name)), ("app", .string(h.app)),
            ("account", .array(h.account.map(JSON.string))),
            ("status", .string(h.status.rawValue)), ("last_error", .string(h.lastError)),
            ("expires_at", .string(c.expiresAt)), ("expiry", .string(h.expiry)), ("expired", .bool(h.expired)), ("usable", .bool(h.usability.isUsable)), ("health", .string(h.usability.key)),
            ("scopes", h.scopes.map { .array($0.map(JSON.string)) } ?? .null),
            ("default", .bool(h.isDefault)),
            ("location", JSONReporter().location(h.location)),
            ("environment", .string(h.environment)), ("mode", .string(h.credential.mode?.rawValue)),
            ("key_access", .string(h.credential.keyAccess)), ("full_access", .bool(h.credential.grant == .full)),
            ("uses", .array(c.uses.map { u in
                .object([
                    ("workflow", .string(u.workflow)), ("step", .string(u.step)), ("trigger", .bool(u.step == nil)),
                    ("method", .string(u.method.rawValue)), ("workflow_enabled", .bool(u.workflowEnabled)),
                ])
            })),
        ])
    }

    private static func app(_ a: Inventory.AppEntry) -> JSON {
        .object([
            ("app", .string(a.app)), ("connections", .array(a.connections.map(JSON.string))),
            ("marked_defaults", .array(a.markedDefaults.map(JSON.string))),
            ("implicit_choice", .string(a.implicitChoice)), ("implicit_method", .string(a.implicitMethod.rawValue)),
        ])
    }
}

/// Markdown for a ticket: per workspace a table of connections and one of apps.
enum InventoryMarkdown {
    static func render(_ inv: Inventory) -> String {
        let cell = MarkdownReporter.cell, code = { MarkdownReporter.code($0) }
        var out = "# \(Tool.name) inventory\n\nChecked at \(inv.now) with \(Tool.name) \(Tool.version).\n"
        for ws in inv.workspaces {
            out += "\n## Workspace \(MarkdownReporter.code(ws.slug, inTable: false))\n\n### Connections\n\n"
            out += "| Connection | Name | App | Health | Environment | Account | Key | Status | Expiry | Scopes | Default | Used by |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            for c in ws.connections {
                let h = c.health
                let cells = [
                    code(h.id), cell(h.name), cell(h.app), cell(h.healthDescription), cell(h.environment ?? "not stated"),
                    cell(h.account.joined(separator: ", ")), cell(h.keyDescription ?? ""),
                    cell(h.status.rawValue + (h.lastError.map { " (last error \($0))" } ?? "")), cell(h.expiry),
                    h.scopes.map { $0.isEmpty ? "none" : $0.map(code).joined(separator: " ") } ?? cell(h.credential.grantDescription),
                    h.isDefault ? "yes" : "", c.uses.map { cell($0.described) }.joined(separator: "<br>"),
                ]
                out += "| " + cells.joined(separator: " | ") + " |\n"
            }
            out += "\n### Apps\n\n| App | Connections | Marked default | A step naming no connection gets |\n|---|---|---|---|\n"
            for a in ws.apps {
                let choice = a.implicitChoice.map { code($0) + " (\(a.implicitMethod.phrase))" } ?? "nothing"
                out += "| \(cell(a.app)) | \(a.connections.map(code).joined(separator: ", ")) | \(a.markedDefaults.map(code).joined(separator: ", ")) | \(choice) |\n"
            }
            if !ws.unresolved.isEmpty {
                out += "\n### Steps and triggers whose connection does not resolve\n\n"
                for u in ws.unresolved { out += "- \(cell(u.described))\n" }
            }
        }
        if !inv.errors.isEmpty {
            out += "\n## Inputs that could not be analysed\n\n| Location | Problem |\n|---|---|\n"
            for e in inv.errors { out += "| \(code(e.location.description)) | \(cell(e.message)) |\n" }
        }
        return out
    }
}
