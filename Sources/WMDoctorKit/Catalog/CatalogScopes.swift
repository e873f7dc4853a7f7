/// Scope-name arithmetic shared by `CatalogApp` and its initializer.
enum ScopeNames {
    /// `scope` without `prefix` (when it starts with it and is longer).
    static func strip(_ scope: String, prefix: String?) -> String {
        guard let prefix, scope.utf8.count > prefix.utf8.count, scope.utf8.starts(with: prefix.utf8) else {
            return scope
        }
        return String(decoding: scope.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
    }

    /// Prefix stripped, then one alias step (alias keys and values are already stripped).
    static func canonical(_ scope: String, prefix: String?, aliases: [String: String]) -> String {
        let stripped = strip(scope, prefix: prefix)
        return aliases[stripped] ?? stripped
    }
}

extension CatalogApp {
    /// Canonical form of a granted or required scope: prefix stripped, alias applied.
    /// `https://www.googleapis.com/auth/gmail.send` → `gmail.send`; Slack `chat:write:bot` → `chat:write`.
    public func canonical(_ scope: String) -> String {
        ScopeNames.canonical(scope, prefix: scopePrefix, aliases: aliases)
    }

    /// Every scope the granted ones satisfy (canonical, implications followed
    /// transitively, cycle-safe). Linear in the scopes and implications reached.
    public func closure(of granted: [String]) -> Set<String> {
        var reached = Set<String>()
        var pending: [String] = []
        for scope in granted {
            let c = canonical(scope)
            if reached.insert(c).inserted { pending.append(c) }
        }
        while let scope = pending.popLast() {
            for narrower in implies[scope] ?? [] where reached.insert(narrower).inserted {
                pending.append(narrower)
            }
        }
        return reached
    }

    /// The groups of `needs` not satisfied by `granted`, as written and in
    /// order (empty: all satisfied). A group is satisfied when the closure of
    /// `granted` holds any one of its scopes.
    public func unmetGroups(_ needs: [[String]], granted: [String]) -> [[String]] {
        guard !needs.isEmpty else { return [] }
        return unmetGroups(needs, reached: closure(of: granted))
    }

    /// As ``unmetGroups(_:granted:)``, given the closure of the grant (``closure(of:)``).
    public func unmetGroups(_ needs: [[String]], reached: Set<String>) -> [[String]] {
        needs.filter { group in !group.contains { reached.contains(canonical($0)) } }
    }

    /// Whether `granted` satisfies every group of `needs`.
    public func satisfies(_ needs: [[String]], granted: [String]) -> Bool {
        unmetGroups(needs, granted: granted).isEmpty
    }

    /// Mode and access of a key from its visible prefix (`rk_live_…4242` → live,
    /// restricted); the longest matching prefix wins; nil when none matches.
    public func keyMode(forHint hint: String) -> CatalogKeyMode? {
        var best: CatalogKeyMode?
        for mode in keyModes where hint.utf8.starts(with: mode.prefix.utf8) {
            if best.map({ mode.prefix.utf8.count > $0.prefix.utf8.count }) ?? true { best = mode }
        }
        return best
    }

    /// The action with this key, if the catalog has it.
    public func action(_ key: String) -> CatalogOperation? { actions[key] }

    /// The trigger for this event, if the catalog has it.
    public func trigger(_ event: String) -> CatalogOperation? { triggers[event] }
}
