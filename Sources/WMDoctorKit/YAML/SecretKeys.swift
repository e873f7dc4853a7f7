/// The one place that decides which keys hold secret values. The YAML layer
/// uses it to record where secret values sit, so that no snippet, message or
/// report ever prints one; the loader uses it to keep only their presence.
public enum SecretKeys {
    /// Secret fields of `auth` named by the export format.
    public static let exportFields: Set<String> = [
        "access_token", "refresh_token", "api_key", "client_secret", "password",
    ]

    /// Keys that look secret but only describe one (`token_kind: bot`).
    private static let harmless: Set<String> = ["token_kind", "key_hint", "token_type"]

    /// Keys of the export format that hold no secret (checked first: they are most keys read).
    private static let commonHarmless: Set<String> = [
        "id", "name", "app", "action", "connection", "expect", "params", "account", "auth", "type", "scopes",
        "label", "email", "mode", "default", "status", "environment", "owner", "event", "trigger", "steps",
        "enabled", "refreshable", "text", "channel", "to", "title", "url", "code", "message",
    ]

    private static let fragments = [
        "token", "secret", "password", "passwd", "apikey", "api_key", "private_key",
        "credential", "authorization", "cookie", "signing_key", "webhook_key",
    ]

    /// True for keys whose values must never be shown, in any section.
    public static func isSecret(_ key: String) -> Bool {
        // The common keys of the export answer without any string search.
        if commonHarmless.contains(key) { return false }
        let k = key.lowercased()
        if harmless.contains(k) || k.hasSuffix("_at") || k.hasSuffix("_kind") || k.hasSuffix("_hint") { return false }
        if exportFields.contains(k) { return true }
        return fragments.contains { k.contains($0) }
    }
}
