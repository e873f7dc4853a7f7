/// Builds catalog apps from a composed catalog document, reporting problems
/// through a `LoadContext` (the loader turns them into `InputError`s).
struct CatalogReader {
    let ctx: LoadContext

    /// The apps of the file, in the order written.
    func readFile(_ root: YAMLNode) -> [CatalogApp] {
        guard let f = Fields(root, section: "the catalog file", allowed: CatalogSchema.fileKeys, ctx: ctx) else {
            return []
        }
        if let version = f.string("catalog") {
            if version.value != CatalogSchema.version {
                ctx.report(
                    .unsupportedHeader,
                    "unsupported catalog version \(quoted(version.value)); expected \(quoted(CatalogSchema.version))",
                    at: version.location)
            }
        } else if !f.has("catalog") {
            ctx.report(
                .missingKey, "this is not an app catalog: the file should start with `catalog: v1`", at: f.location)
        }
        guard let appsNode = f.node("apps") else {
            ctx.report(.missingKey, "the catalog file is missing the required key \"apps\"", at: f.location)
            return []
        }
        return entries(appsNode, key: "apps", section: "the catalog file", of: "app keys to apps").compactMap {
            readApp(key: $0.key, node: $0.value)
        }
    }

    private func readApp(key: Located<String>, node: YAMLNode) -> CatalogApp? {
        let section = "app \(quoted(key.value))"
        guard let f = Fields(node, section: section, allowed: CatalogSchema.appKeys, ctx: ctx) else { return nil }
        let tokenKinds = enumList(f, "token_kinds", TokenKind.self)
        var prefix: String?
        if let p = f.string("scope_prefix") {
            if p.value.isEmpty {
                ctx.report(.invalidValue, "\"scope_prefix\" in \(section) should not be empty", at: p.location)
            } else {
                prefix = p.value
            }
        }
        var written: Set<String> = []
        for k in ["name", "scope_prefix", "scopes_absent_means"] where f.has(k) { written.insert(k) }
        let actions = operations(f, "actions", kind: "action", app: key.value, tokenKinds: tokenKinds)
        let triggers = operations(f, "triggers", kind: "trigger", app: key.value, tokenKinds: tokenKinds)
        return CatalogApp(
            key: key.value,
            name: f.string("name")?.value ?? key.value,
            authTypes: enumList(f, "auth", AuthType.self),
            tokenKinds: tokenKinds,
            scopePrefix: prefix,
            aliases: stringMap(f, "aliases", of: "legacy scopes to canonical scopes"),
            implies: impliesMap(f),
            keyModes: keyModes(f),
            scopesAbsentMeansFull: f.enumValue("scopes_absent_means", ScopesAbsentMeaning.self)?.value == .full,
            actions: actions,
            triggers: triggers,
            notes: f.stringList("notes")?.value.map(\.value) ?? [],
            errors: stringMap(f, "errors", of: "error codes to explanations"),
            location: key.location,
            written: written)
    }

    /// `actions` or `triggers`: key → operation.
    private func operations(
        _ f: Fields, _ key: String, kind: String, app: String, tokenKinds: [TokenKind]
    ) -> [String: CatalogOperation] {
        guard let node = f.node(key) else { return [:] }
        var result: [String: CatalogOperation] = [:]
        for (name, value) in entries(node, key: key, section: f.section, of: "\(kind) keys to \(kind)s") {
            let section = "\(kind) \(quoted(name.value)) of app \(quoted(app))"
            guard let g = Fields(value, section: section, allowed: CatalogSchema.operationKeys, ctx: ctx) else { continue }
            requireNeeds(g)
            let needs = g.node("needs").flatMap { readNeeds($0, section: section) }
            let tokenKind = g.enumValue("token_kind", TokenKind.self)
            if let tk = tokenKind, !tokenKinds.isEmpty, !tokenKinds.contains(tk.value) {
                ctx.report(
                    .invalidValue,
                    "\"token_kind\" in \(section) is \(quoted(tk.value.rawValue)), which is not among the app's token_kinds (\(tokenKinds.map(\.rawValue).joined(separator: ", ")))",
                    at: tk.location)
            }
            guard let needs else { continue }
            result[name.value] = CatalogOperation(
                key: name.value, needs: needs, tokenKind: tokenKind?.value, method: g.string("method")?.value,
                note: g.string("note")?.value, location: name.location)
        }
        return result
    }

    /// Reports a missing `needs`, unless an unknown key is its likely typo (already reported with "did you mean").
    private func requireNeeds(_ g: Fields) {
        guard !g.has("needs") else { return }
        let typo = g.node.pairs?.contains { pair in
            pair.key.scalar.map { $0.text != "needs" && DidYouMean.suggest($0.text, from: CatalogSchema.operationKeys) == "needs" }
                ?? false
        }
        if typo != true {
            ctx.report(
                .missingKey, "\(g.section) is missing the required key \"needs\" (write `needs: []` when no scope is needed)",
                at: g.location)
        }
    }

    /// `needs`: a list of groups, each a non-empty list of scopes. nil after reporting a problem.
    private func readNeeds(_ node: YAMLNode, section: String) -> [[String]]? {
        guard let groups = node.items else {
            ctx.report(
                .wrongType,
                "\"needs\" in \(section) should be a list of scope groups (a list of lists of strings, e.g. [[chat:write]]), got \(phrase(of: node, key: "needs"))",
                at: ctx.location(of: node))
            return nil
        }
        var result: [[String]] = []
        var ok = true
        for group in groups {
            guard let items = group.items else {
                var message = "each group of \"needs\" in \(section) should be a list of scopes, any one of which satisfies it; got \(phrase(of: group, key: "needs"))"
                if let s = group.scalar { message += " (write [\(s.text)] for a group of one scope)" }
                ctx.report(.wrongType, message, at: ctx.location(of: group))
                ok = false
                continue
            }
            if items.isEmpty {
                ctx.report(
                    .invalidValue,
                    "an empty group in \"needs\" in \(section) can never be satisfied; remove it (write `needs: []` when no scope is needed)",
                    at: ctx.location(of: group))
                ok = false
            }
            let scopes = items.compactMap { Fields.string($0, key: "needs", section: section, ctx: ctx) }
            if scopes.count != items.count { ok = false }
            result.append(scopes.map(\.value))
        }
        return ok ? result : nil
    }

    /// `implies`: scope → list of narrower scopes.
    private func impliesMap(_ f: Fields) -> [String: [String]] {
        guard let node = f.node("implies") else { return [:] }
        var result: [String: [String]] = [:]
        for (scope, value) in entries(node, key: "implies", section: f.section, of: "scopes to the scopes they include") {
            guard let items = value.items else {
                ctx.report(
                    .wrongType,
                    "\(quoted(scope.value)) in \"implies\" of \(f.section) should be a list of the scopes it includes, got \(phrase(of: value, key: scope.value))",
                    at: ctx.location(of: value))
                continue
            }
            let section = "\"implies\" of \(f.section)"
            result[scope.value] = items.compactMap { Fields.string($0, key: scope.value, section: section, ctx: ctx)?.value }
        }
        return result
    }

    /// `key_modes`: a list of {prefix, mode, full_access}.
    private func keyModes(_ f: Fields) -> [CatalogKeyMode] {
        guard let node = f.node("key_modes") else { return [] }
        guard let items = node.items else {
            ctx.report(
                .wrongType,
                "\"key_modes\" in \(f.section) should be a list of {prefix, mode, full_access}, got \(phrase(of: node, key: "key_modes"))",
                at: ctx.location(of: node))
            return []
        }
        return items.compactMap { item in
            let section = "a key mode of \(f.section)"
            guard let g = Fields(item, section: section, allowed: CatalogSchema.keyModeKeys, required: CatalogSchema.keyModeKeys, ctx: ctx),
                let prefix = g.string("prefix"), let mode = g.enumValue("mode", AccountMode.self),
                let full = g.bool("full_access")
            else { return nil }
            return CatalogKeyMode(prefix: prefix.value, mode: mode.value, fullAccess: full.value)
        }
    }

    /// A mapping of strings to strings.
    private func stringMap(_ f: Fields, _ key: String, of what: String) -> [String: String] {
        guard let node = f.node(key) else { return [:] }
        var result: [String: String] = [:]
        for (k, value) in entries(node, key: key, section: f.section, of: what) {
            if let v = Fields.string(value, key: k.value, section: "\(quoted(key)) of \(f.section)", ctx: ctx) {
                result[k.value] = v.value
            }
        }
        return result
    }

    /// A list of values of a closed set, each checked with "did you mean".
    private func enumList<E: ExportEnum>(_ f: Fields, _ key: String, _ type: E.Type) -> [E] {
        guard let list = f.stringList(key) else { return [] }
        var result: [E] = []
        for item in list.value {
            guard let e = E(rawValue: item.value) else {
                ctx.report(
                    .invalidValue,
                    "\(quoted(key)) in \(f.section) lists \(quoted(item.value)), which is not one of \(E.allowed.joined(separator: ", "))\(DidYouMean.hint(item.value, from: E.allowed))",
                    at: item.location)
                continue
            }
            if !result.contains(e) { result.append(e) }
        }
        return result
    }

    /// The pairs of a mapping with string keys; reports a value that is not a mapping.
    private func entries(_ node: YAMLNode, key: String, section: String, of what: String) -> [(key: Located<String>, value: YAMLNode)] {
        guard let pairs = node.pairs else {
            ctx.report(
                .wrongType, "\(quoted(key)) in \(section) should be a mapping of \(what), got \(phrase(of: node, key: key))",
                at: ctx.location(of: node))
            return []
        }
        return pairs.compactMap { pair in
            guard let k = pair.key.scalar, !ResolvedScalar.isNull(k) else {
                ctx.report(
                    .wrongType, "keys of \(quoted(key)) in \(section) should be names, got \(phrase(of: pair.key, key: ""))",
                    at: ctx.location(of: pair.key))
                return nil
            }
            return (Located(k.text, at: ctx.location(of: pair.key)), pair.value)
        }
    }
}
