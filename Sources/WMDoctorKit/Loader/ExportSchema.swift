/// The keys each section of the export format allows (spec: workflow-machine-export.md).
enum ExportSchema {
    static let header = ["apiVersion", "kind", "workspace", "exported_at", "exported_by", "connections", "workflows"]
    static let apiVersion = "workflow-machine/v1"
    static let connection = [
        "id", "name", "app", "default", "status", "environment", "owner", "created_at", "updated_at",
        "last_used_at", "account", "auth", "last_error",
    ]
    static let connectionRequired = ["id", "name", "app", "account", "auth"]
    static let account = ["id", "label", "email", "mode"]
    static let auth = [
        "type", "scopes", "token_kind", "key_hint", "expires_at", "refreshable", "refresh_expires_at", "issued_at",
        "access_token", "refresh_token", "api_key", "client_secret", "password",
    ]
    static let lastError = ["code", "message", "at"]
    static let workflow = ["id", "name", "enabled", "environment", "owner", "expect", "trigger", "steps"]
    static let workflowRequired = ["id", "name", "steps"]
    static let workflowExpect = ["accounts"]
    static let trigger = ["app", "event", "connection", "expect"]
    static let step = ["id", "name", "app", "action", "connection", "expect", "params"]
    static let stepRequired = ["id", "app", "action"]
    static let stepExpect = ["account"]
    static let connectionRef = ["id", "name"]
}
