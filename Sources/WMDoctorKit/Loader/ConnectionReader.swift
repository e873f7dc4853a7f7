extension LoadContext {
    /// A connection, or nil when it lacks what identifies it (id, name, app);
    /// every problem is reported as a finding.
    func readConnection(_ node: YAMLNode, workspace: String) -> Connection? {
        let idText = node.scalarText(at: "id")
        let entity = EntityRef(kind: .connection, workspace: workspace, connection: idText)
        return with(entity) {
            guard
                let f = Fields(
                    node, section: "connection", allowed: ExportSchema.connection,
                    required: ExportSchema.connectionRequired, ctx: self)
            else { return nil }
            let id = f.string("id")
            let name = f.string("name")
            let app = f.string("app")
            let isDefault = f.bool("default")
            let status = f.enumValue("status", ConnectionStatus.self)
            let environment = f.enumValue("environment", Environment.self)
            let owner = f.string("owner")
            let createdAt = f.timestamp("created_at")
            let updatedAt = f.timestamp("updated_at")
            let lastUsedAt = f.timestamp("last_used_at")
            let account = f.node("account").flatMap { readAccount($0) } ?? Account(location: f.location)
            var auth = f.node("auth").flatMap { readAuth($0) } ?? Auth(secretsPresent: [], location: f.location)
            // Secrets by shape elsewhere (a token quoted in last_error.message):
            // the secret fields of auth are named already.
            auth.secretsPresent += shapedSecrets(in: node) { path in
                path.hasPrefix("auth.") && SecretKeys.exportFields.contains(String(path.dropFirst(5)))
            }
            let lastError = f.node("last_error").flatMap { readLastError($0) }
            guard let id, let name, let app else { return nil }
            return Connection(
                id: id, name: name, app: app, isDefault: isDefault, status: status, environment: environment,
                owner: owner, createdAt: createdAt, updatedAt: updatedAt, lastUsedAt: lastUsedAt,
                account: account, auth: auth, lastError: lastError, location: f.location)
        }
    }

    private func readAccount(_ node: YAMLNode) -> Account? {
        guard let f = Fields(node, section: "account", allowed: ExportSchema.account, ctx: self) else { return nil }
        let account = Account(
            id: f.string("id"), label: f.string("label"), email: f.string("email"),
            mode: f.enumValue("mode", AccountMode.self), location: f.location)
        if !f.has("id") && !f.has("label") && !f.has("email") {
            report(.missingKey, "account needs at least one of \"id\", \"label\" or \"email\"", at: f.location)
        }
        return account
    }

    private func readAuth(_ node: YAMLNode) -> Auth? {
        guard let f = Fields(node, section: "auth", allowed: ExportSchema.auth, required: ["type"], ctx: self) else {
            return nil
        }
        var secrets: [Located<String>] = []
        for key in ExportSchema.auth where SecretKeys.exportFields.contains(key) {
            if let loc = f.keyLocation(key) { secrets.append(Located(key, at: loc)) }
        }
        return Auth(
            type: f.enumValue("type", AuthType.self), scopes: f.stringList("scopes"),
            tokenKind: f.enumValue("token_kind", TokenKind.self), keyHint: f.string("key_hint"),
            expiresAt: f.timestamp("expires_at"), refreshable: f.bool("refreshable"),
            refreshExpiresAt: f.timestamp("refresh_expires_at"), issuedAt: f.timestamp("issued_at"),
            secretsPresent: secrets, location: f.location)
    }

    private func readLastError(_ node: YAMLNode) -> LastError? {
        guard let f = Fields(node, section: "last_error", allowed: ExportSchema.lastError, ctx: self) else { return nil }
        return LastError(code: f.string("code"), message: f.string("message"), at: f.timestamp("at"), location: f.location)
    }
}
