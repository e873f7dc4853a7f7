/// The apps known to an analysis: the built-in catalog (Rules/catalog/)
/// merged with the catalog files of users' rule folders.
///
/// Merging an app that is already known EXTENDS it: actions, triggers,
/// aliases, implications, key modes, error codes and notes are added; an
/// action, trigger, alias, error code or key-mode prefix defined again
/// replaces the earlier one (the later file wins); `auth` and `token_kinds`
/// are united; `name`, `scope_prefix` and `scopes_absent_means` change only
/// when the later file writes them.
public struct AppCatalog: Sendable {
    public private(set) var apps: [String: CatalogApp]

    public init() {
        apps = [:]
    }

    /// Merges a catalog file (built-in first, then users' folders).
    public mutating func merge(_ file: CatalogFile) {
        for app in file.apps {
            if let existing = apps[app.key] {
                apps[app.key] = existing.extended(by: app)
            } else {
                apps[app.key] = app
            }
        }
    }

    public func app(_ key: String) -> CatalogApp? { apps[key] }

    /// The closest action key of `app` to an unknown `action`, if one is close enough.
    public func suggestAction(_ action: String, app: String) -> String? {
        guard let a = apps[app] else { return nil }
        return DidYouMean.suggest(action, from: a.actions.keys.sorted())
    }

    /// The closest trigger event of `app` to an unknown `event`, if one is close enough.
    public func suggestTrigger(_ event: String, app: String) -> String? {
        guard let a = apps[app] else { return nil }
        return DidYouMean.suggest(event, from: a.triggers.keys.sorted())
    }

    /// The closest known app key to an unknown one, if one is close enough.
    public func suggestApp(_ key: String) -> String? {
        DidYouMean.suggest(key, from: apps.keys.sorted())
    }
}

extension CatalogApp {
    /// This app with a later definition of the same app merged in (see `AppCatalog`).
    func extended(by later: CatalogApp) -> CatalogApp {
        func union<T: Equatable>(_ a: [T], _ b: [T]) -> [T] { a + b.filter { !a.contains($0) } }
        var implies = self.implies
        for (broad, narrower) in later.implies { implies[broad] = union(implies[broad] ?? [], narrower) }
        var keyModes = self.keyModes.filter { old in !later.keyModes.contains { $0.prefix == old.prefix } }
        keyModes += later.keyModes
        return CatalogApp(
            key: key,
            name: later.written.contains("name") ? later.name : name,
            authTypes: union(authTypes, later.authTypes),
            tokenKinds: union(tokenKinds, later.tokenKinds),
            scopePrefix: later.written.contains("scope_prefix") ? later.scopePrefix : scopePrefix,
            aliases: aliases.merging(later.aliases) { _, new in new },
            implies: implies,
            keyModes: keyModes,
            scopesAbsentMeansFull: later.written.contains("scopes_absent_means")
                ? later.scopesAbsentMeansFull : scopesAbsentMeansFull,
            actions: actions.merging(later.actions) { _, new in new },
            triggers: triggers.merging(later.triggers) { _, new in new },
            notes: union(notes, later.notes),
            errors: errors.merging(later.errors) { _, new in new },
            location: location,
            written: written.union(later.written))
    }
}
