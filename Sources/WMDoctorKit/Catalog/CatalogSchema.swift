/// The keys of the catalog file format (docs/CATALOG.md).
enum CatalogSchema {
    static let version = "v1"
    static let fileKeys = ["catalog", "apps"]
    static let appKeys = [
        "name", "auth", "token_kinds", "scope_prefix", "aliases", "implies", "scopes_absent_means", "key_modes",
        "actions", "triggers", "notes", "errors",
    ]
    static let operationKeys = ["needs", "token_kind", "method", "note"]
    static let keyModeKeys = ["prefix", "mode", "full_access"]
}

/// `scopes_absent_means`: what an OAuth connection without `scopes` has been granted.
enum ScopesAbsentMeaning: String, ExportEnum {
    case unknown, full
}
