import CEL

/// Domain helpers that rules call. They state facts (which required scope
/// groups a grant leaves unmet, whether an account matches a pattern, the
/// mode of a key); the rules decide what is a problem.
enum RuleFunctions {
    /// What each function that takes a connection reads of it (the argument,
    /// and the CEL paths of the connection its answer depends on): a rule
    /// that passes one only the elements of a list of connections is keyed
    /// by those values of them (``ConnectionProjection``). A function whose
    /// answer comes to depend on another value of the connection must add
    /// it here (`ConnectionProjectionTests` checks each on connections that
    /// differ in everything else).
    static let connectionReads: [String: (argument: Int, paths: [[String]])] = [
        // The grant (``Grant/of(_:app:)``) under the connection's app.
        "wm.unmetGroups": (0, [["app"], ["auth", "type"], ["auth", "scopes"], ["auth", "key_hint"]]),
        "wm.grants": (0, [["app"], ["auth", "type"], ["auth", "scopes"], ["auth", "key_hint"]]),
        // The key's prefix under the connection's app, then the account's mode.
        "wm.mode": (0, [["app"], ["auth", "key_hint"], ["account", "mode"]]),
        "wm.keyMode": (0, [["app"], ["auth", "key_hint"]]),
        "wm.keyAccess": (0, [["app"], ["auth", "key_hint"]]),
        // ``AccountPattern/match(_:_:)``.
        "wm.matchesAccount": (0, [["account", "id"], ["account", "label"], ["account", "email"]]),
    ]

    static func register(in env: inout CELEnvironment, catalog: AppCatalog) {
        typealias T = CELStaticType
        let conn = T.object("wm.Connection")
        func sig(_ p: [T], _ r: T) -> CELSignature { CELSignature(p, r) }
        // wm.unmetGroups(connection, operation): the groups of operation.needs that the
        // connection's granted scopes leave unmet, after aliases and implications; [] when
        // all are met or the key has full access; null when the grant is unknown (OAuth
        // connection exported without scopes).
        env.registerFunction("wm.unmetGroups", signatures: [sig([conn, .object("wm.Operation")], T.list(.list(.string)).orNull)]) { args in
            guard let conn = object(args[0], ConnectionObject.self), let op = object(args[1], OperationObject.self) else {
                return noOverload("wm.unmetGroups", args)
            }
            // Operation objects live as long as the run (one per catalog operation), so their identity is a key.
            return conn.unmetGroups(for: op) {
                guard let reached = conn.grantClosure(under: op.app) else { return .null }
                let unmet = op.app.unmetGroups(op.operation.needs, reached: reached)
                return .list(CELList(unmet.map { HostValue.strings($0) }))
            }
        }
        // wm.grants(connection, scope): the connection's grant covers the scope.
        env.registerFunction("wm.grants", signatures: [sig([conn, .string], T.bool.orNull)]) { args in
            guard let conn = object(args[0], ConnectionObject.self), case .string(let scope) = args[1] else {
                return noOverload("wm.grants", args)
            }
            guard let app = catalog.app(conn.connection.app.value) else {
                return .bool(conn.connection.auth.scopes?.value.contains { $0.value == scope } ?? false)
            }
            guard let granted = grantedScopes(conn.connection, app: app) else { return .null }
            return .bool(app.unmetGroups([[scope]], granted: granted).isEmpty)
        }
        // wm.matchesAccount(connection, pattern): account id, label or e-mail equals the
        // pattern, where `*` matches any run of characters (``AccountPattern``).
        env.registerFunction("wm.matchesAccount", signatures: [sig([conn, .string], .bool)]) { args in
            guard let conn = object(args[0], ConnectionObject.self), case .string(let pattern) = args[1] else {
                return noOverload("wm.matchesAccount", args)
            }
            return .bool(AccountPattern.matches(pattern, conn.connection.account))
        }
        // wm.narrowest(operation, group): the scopes of a group (any one of which satisfies it)
        // that no narrower scope of the group is implied by: the smallest grants that fix it
        // (`gmail.send` for send_email; `spreadsheets` and `drive.file`, which do not compare).
        env.registerFunction("wm.narrowest", signatures: [sig([.object("wm.Operation"), T.list(.string)], T.list(.string))]) { args in
            guard let op = object(args[0], OperationObject.self), case .list(let list) = args[1] else {
                return noOverload("wm.narrowest", args)
            }
            var scopes: [String] = []
            for i in 0..<list.count {
                guard case .string(let scope) = list[i] else { return noOverload("wm.narrowest", args) }
                scopes.append(scope)
            }
            let reach = scopes.map { op.app.closure(of: [$0]) }
            let minimal = scopes.indices.filter { i in
                !scopes.indices.contains { j in j != i && reach[j].isStrictSubset(of: reach[i]) }
            }
            return HostValue.strings(minimal.map { scopes[$0] })
        }
        // wm.catalogApps(): the app keys of the catalog, sorted.
        let catalogApps = HostValue.strings(catalog.apps.keys.sorted())
        env.registerFunction("wm.catalogApps", signatures: [sig([], T.list(.string))]) { _ in catalogApps }
        // wm.mode(connection): "live" or "test": what the key reaches when its key_hint
        // prefix tells (the key decides), else account.mode; null if neither says.
        env.registerFunction("wm.mode", signatures: [sig([conn], T.string.orNull)]) { args in
            guard let conn = object(args[0], ConnectionObject.self) else { return noOverload("wm.mode", args) }
            return conn.mode ?? HostValue.string(mode(of: conn.connection, catalog: catalog)?.rawValue)
        }
        // wm.keyMode(connection): "live" or "test" from the key_hint prefix alone; null when the hint says nothing.
        env.registerFunction("wm.keyMode", signatures: [sig([conn], T.string.orNull)]) { args in
            guard let conn = object(args[0], ConnectionObject.self) else { return noOverload("wm.keyMode", args) }
            return HostValue.string(keyMode(of: conn.connection, catalog: catalog)?.rawValue)
        }
        // wm.covers(a, b): a's grant reaches every scope b's does (after aliases and
        // implications, full access for keys); null when either grant is unknown.
        env.registerFunction("wm.covers", signatures: [sig([conn, conn], T.bool.orNull)]) { args in
            guard let a = object(args[0], ConnectionObject.self), let b = object(args[1], ConnectionObject.self) else {
                return noOverload("wm.covers", args)
            }
            return covers(a, b, catalog: catalog).map(CELValue.bool) ?? .null
        }
        // wm.standIn(connection): a usable connection that can run its uses now, or null.
        env.registerFunction("wm.standIn", signatures: [sig([conn], conn.orNull)]) { args in
            guard let c = object(args[0], ConnectionObject.self) else { return noOverload("wm.standIn", args) }
            return standIn(for: c, catalog: catalog).map { .object($0) } ?? .null
        }
        // wm.describeStandIn(connection, uses): "; \"x\" (X) is usable, on the same account, and its
        // grant covers this one's: point that use at it, or reconnect this one" when the connection
        // has a stand-in and uses; "" otherwise.
        env.registerFunction("wm.describeStandIn", signatures: [sig([conn, .list(.object("wm.Usage"))], .string)]) { args in
            guard let c = object(args[0], ConnectionObject.self), let uses = RuleEngine.usages(args[1]) else {
                return noOverload("wm.describeStandIn", args)
            }
            guard !uses.isEmpty, let other = standIn(for: c, catalog: catalog) else { return .string("") }
            let o = other.connection
            return .string(
                "; \(quoted(o.id.value)) (\(o.name.value)) is usable, on the same account, and its grant covers this one's: "
                    + standInFix(uses, app: c.connection.app.value, isDefault: c.connection.markedDefault) + ", or reconnect this one")
        }
        // wm.keyAccess(connection): "full", "restricted", or null when the key_hint says nothing.
        env.registerFunction("wm.keyAccess", signatures: [sig([conn], T.string.orNull)]) { args in
            guard let conn = object(args[0], ConnectionObject.self) else { return noOverload("wm.keyAccess", args) }
            guard let hint = conn.connection.auth.keyHint?.value,
                let km = catalog.app(conn.connection.app.value)?.keyMode(forHint: hint)
            else { return .null }
            return .string(km.fullAccess ? "full" : "restricted")
        }
        // wm.describeUses(uses): "2 steps and 1 trigger in 2 workflows" for a list of
        // uses (`connection.usage`, an app's `uses`); "no step or trigger" when empty.
        env.registerFunction("wm.describeUses", signatures: [sig([.list(.object("wm.Usage"))], .string)]) { args in
            guard let refs = RuleEngine.usages(args[0]) else { return noOverload("wm.describeUses", args) }
            return .string(describe(refs))
        }
        // wm.describeMayRun(uses, app): "1 step in 1 workflow that may run as it (the export
        // does not determine which slack connection it uses)" for uses whose connection the
        // export does not determine; "" when empty. One phrase for every connection rule.
        env.registerFunction("wm.describeMayRun", signatures: [sig([.list(.object("wm.Usage")), .string], .string)]) { args in
            guard let refs = RuleEngine.usages(args[0]), case .string(let app) = args[1] else { return noOverload("wm.describeMayRun", args) }
            guard !refs.isEmpty else { return .string("") }
            return .string(
                describe(refs) + " that may run as it (the export does not determine which \(app) connection "
                    + (refs.count == 1 ? "it uses" : "they use") + ")")
        }
        // wm.closest(word, candidates): the candidate a typo most likely meant, or null.
        // Worked out once per list of candidates and word: a misspelt action
        // repeats on many steps (26 distinct words of WM203's 7,782 findings
        // at dense 100 MB), and its search was 3% of the rules' time. Kept
        // per word within a list (few lists: an app's actions, its triggers),
        // not per list and word: a list is not held again for every word.
        let closestByList = Memo<[String], Memo<String, String?>>()
        env.registerFunction("wm.closest", signatures: [sig([.string, .list(.string)], T.string.orNull)]) { args in
            guard case .string(let word) = args[0], case .list(let list) = args[1] else { return noOverload("wm.closest", args) }
            var candidates: [String] = []
            for i in 0..<list.count { if case .string(let s) = list[i] { candidates.append(s) } }
            let byWord = closestByList.value(for: candidates) { Memo() }
            return HostValue.string(byWord.value(for: word) { DidYouMean.suggest(word, from: candidates) })
        }
        // wm.closestConnection(workspace, by, value, app): the connection id (by "id") or the
        // name of a connection of `app` (by "name") that `value` most likely meant, or null.
        // Memoised per workspace: many steps often name the same missing connection.
        env.registerFunction("wm.closestConnection", signatures: [sig([.object("wm.Workspace"), .string, .string, T.string.orNull], T.string.orNull)]) { args in
            guard let ws = object(args[0], WorkspaceObjects.self), case .string(let by) = args[1],
                case .string(let value) = args[2]
            else { return noOverload("wm.closestConnection", args) }
            let app: String?
            switch args[3] {
            case .string(let a): app = a
            case .null: app = nil
            default: return noOverload("wm.closestConnection", args)
            }
            return HostValue.string(ws.closestConnection(by: by, value: value, app: app))
        }
        // wm.days(n): a duration of n days (for params such as window_days).
        env.registerFunction("wm.days", signatures: [sig([.int], .duration), sig([.uint], .duration), sig([.double], .duration)]) { args in
            let days: Double
            switch args[0] {
            case .int(let i): days = Double(i)
            case .uint(let u): days = Double(u)
            case .double(let d): days = d
            default: return noOverload("wm.days", args)
            }
            let nanos = days * 86_400e9
            guard nanos.isFinite, abs(nanos) < 9.2e18 else { return .error(CELError(.evaluation, "wm.days(\(days)) is out of range")) }
            return .duration(CELDuration(nanoseconds: Int64(nanos)))
        }
        // wm.canonicalScopes(connection): the granted scopes as the catalog names them (prefix and aliases resolved).
        env.registerFunction("wm.canonicalScopes", signatures: [sig([conn], T.list(.string).orNull)]) { args in
            guard let conn = object(args[0], ConnectionObject.self) else { return noOverload("wm.canonicalScopes", args) }
            guard let scopes = conn.connection.auth.scopes?.value.map(\.value) else { return .null }
            guard let app = catalog.app(conn.connection.app.value) else { return HostValue.strings(scopes) }
            return HostValue.strings(scopes.map { app.canonical($0) })
        }
    }

    /// The scopes a connection was granted, nil when unknown (see `Grant`).
    static func grantedScopes(_ c: Connection, app: CatalogApp) -> [String]? {
        Grant.of(c, app: app).scopes(in: app)
    }

    /// The first connection of the same app and account (export order) that is
    /// usable, in the same environment, and whose grant covers `c`'s: `c`'s
    /// uses can run as it now. nil when there is none, or no grant is known.
    static func standIn(for c: ConnectionObject, catalog: AppCatalog) -> ConnectionObject? {
        c.twinObjects.first { o in
            o.usability.isUsable && o.connection.environment?.value == c.connection.environment?.value
                && covers(o, c, catalog: catalog) == true
        }
    }

    /// How `uses` move to a stand-in: those that name the connection are pointed
    /// at it; those that get it by naming none (as the default, the only or the
    /// most recent connection) get the stand-in once it is the app's default.
    static func standInFix(_ uses: [ConnectionUsage], app: String, isDefault: Bool) -> String {
        let named = uses.filter { $0.method == .explicitID || $0.method == .name }.count
        let makeDefault = "make it the \(app) default" + (isDefault ? " instead of this one" : "")
        if named == uses.count { return "point " + (named == 1 ? "that use" : "those uses") + " at it" }
        if named == 0 { return makeDefault }
        return "point the " + (named == 1 ? "use that names" : "uses that name") + " this one at it and " + makeDefault
    }

    /// Whether `a`'s grant covers `b`'s, for connections of one app; nil when either is unknown.
    static func covers(_ a: ConnectionObject, _ b: ConnectionObject, catalog: AppCatalog) -> Bool? {
        if let app = catalog.app(b.connection.app.value) {
            guard let reachedA = a.grantClosure(under: app), let reachedB = b.grantClosure(under: app) else { return nil }
            return reachedB.isSubset(of: reachedA)
        }
        // An app the catalog does not know: keys and tokens without scopes have full access.
        func grant(_ c: Connection) -> Set<String>?? {
            if let scopes = c.auth.scopes?.value { return .some(Set(scopes.map(\.value))) }
            switch c.auth.type?.value {
            case .apiKey?, .token?, .basic?: return .some(nil)  // full access
            case .oauth2?, .custom?, nil: return nil
            }
        }
        guard let ga = grant(a.connection), let gb = grant(b.connection) else { return nil }
        guard let sa = ga else { return true }
        guard let sb = gb else { return false }
        return sb.isSubset(of: sa)
    }

    /// The data a connection reaches: the key's mode when its prefix tells (an
    /// `sk_test_` key reaches test data whatever `account.mode` says), else `account.mode`.
    static func mode(of c: Connection, catalog: AppCatalog) -> AccountMode? {
        keyMode(of: c, catalog: catalog) ?? c.account.mode?.value
    }

    /// The mode the key_hint's prefix tells, under the connection's catalog app.
    static func keyMode(of c: Connection, catalog: AppCatalog) -> AccountMode? {
        guard let hint = c.auth.keyHint?.value else { return nil }
        return catalog.app(c.app.value)?.keyMode(forHint: hint)?.mode
    }

    static func object<T>(_ v: CELValue, _ type: T.Type) -> T? {
        if case .object(let o) = v { return o as? T }
        return nil
    }

    static func noOverload(_ name: String, _ args: [CELValue]) -> CELValue {
        .error(CELError(.noMatchingOverload, "no matching overload for \(name)(\(args.map { $0.celType.name }.joined(separator: ", ")))"))
    }

    /// `2 steps and 1 trigger in 2 workflows`, `1 step in 1 workflow`, `no step or trigger`.
    static func describe(_ uses: [ConnectionUsage]) -> String {
        let triggers = uses.lazy.filter { $0.use.isTrigger }.count
        let steps = uses.count - triggers
        guard steps + triggers > 0 else { return "no step or trigger" }
        var workflows = Set<Int32>()
        for u in uses { workflows.insert(u.use.workflow) }
        var parts: [String] = []
        if steps > 0 { parts.append("\(steps) \(steps == 1 ? "step" : "steps")") }
        if triggers > 0 { parts.append("\(triggers) \(triggers == 1 ? "trigger" : "triggers")") }
        return parts.joined(separator: " and ") + " in \(workflows.count) \(workflows.count == 1 ? "workflow" : "workflows")"
    }
}
