import Foundation

/// SplitMix64: small, fast, and the same sequence on every machine for a seed.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Writes a realistic synthetic workspace export: a mix of apps, actions,
/// defaults, explicit and implicit bindings, mostly healthy, with defects
/// planted at low rates (about 1–3% each: missing scopes, revoked or expired
/// tokens, unknown connection ids, typos in keys, environment mismatches,
/// test keys in production, unknown actions). Two shapes, both with about
/// 44 connections per megabyte:
/// - `wide`: about 1,100 workflows (≈ 5,500 steps) per megabyte; every step
///   has params.
/// - `dense`: about 1,720 workflows (≈ 8,600 steps) per megabyte (113 MB:
///   about 5,000 connections, 194,000 workflows, 970,000 steps); terse
///   steps, a third of them with params. More evaluations per byte.
struct Generator {
    enum Shape: String, CaseIterable {
        case wide, dense
    }

    var random: SeededRandom
    var shape: Shape

    init(seed: UInt64, shape: Shape = .wide) {
        random = SeededRandom(state: seed)
        self.shape = shape
    }

    struct Stats {
        var bytes = 0
        var connections = 0
        var workflows = 0
        var steps = 0
    }

    /// Apps with actions, a trigger, and every scope those need (granted in full
    /// unless a defect is planted).
    static let apps: [(app: String, actions: [String], trigger: String, scopes: [String])] = [
        ("slack", ["send_message", "list_channels", "read_history", "add_reaction", "upload_file"], "new_message",
         ["chat:write", "channels:read", "channels:history", "reactions:write", "files:write"]),
        ("gmail", ["send_email", "read_email", "create_draft", "add_label"], "new_email",
         ["https://www.googleapis.com/auth/gmail.modify"]),
        ("google_sheets", ["read_rows", "append_row", "update_row"], "new_row",
         ["https://www.googleapis.com/auth/spreadsheets"]),
        ("notion", ["create_page", "read_page", "query_database", "add_comment"], "new_database_item",
         ["read_content", "insert_content", "update_content", "insert_comments"]),
        ("stripe", ["create_customer", "get_customer", "list_charges", "create_refund"], "customer.created",
         ["rak_customer_write", "rak_charge_read", "rak_refund_write", "rak_webhook_write"]),
        ("github", ["create_issue", "comment_on_issue", "create_pull_request"], "push", ["repo", "read:org", "admin:repo_hook"]),
        ("hubspot", ["create_contact", "get_contact", "create_deal"], "new_contact",
         ["crm.objects.contacts.write", "crm.objects.contacts.read", "crm.objects.deals.write"]),
    ]

    mutating func write(megabytes: Double, to path: String) throws -> Stats {
        let target = Int(megabytes * 1_048_576)
        let connectionCount = max(7, Int(megabytes * 44))
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CocoaError(.fileWriteUnknown) }
        defer { try? handle.close() }
        var stats = Stats()
        var buffer = ""
        buffer.reserveCapacity(1 << 20)
        func flush(_ force: Bool = false) {
            if force || buffer.utf8.count >= 1 << 20 {
                let data = Data(buffer.utf8)
                handle.write(data)
                stats.bytes += data.count
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer += "apiVersion: workflow-machine/v1\nkind: Workspace\nworkspace: synthetic\nexported_at: 2026-11-20T10:00:00Z\nconnections:\n"
        var byApp: [String: [String]] = [:]
        for c in 0..<connectionCount {
            let (app, _, _, scopes) = Generator.apps[c % Generator.apps.count]
            let id = "conn_\(app)_\(c)"
            byApp[app, default: []].append(id)
            let isDefault = c < Generator.apps.count
            buffer += "  - id: \(id)\n    name: \(app.capitalized) \(c / Generator.apps.count)\n    app: \(app)\n"
            if isDefault { buffer += "    default: true\n" }
            if random.chance(2) { buffer += "    status: \(random.pick(["expired", "revoked", "error", "disabled"]))\n" }
            buffer += "    environment: \(c < Generator.apps.count || random.chance(97) ? "production" : "staging")\n"
            buffer += "    created_at: 2026-\(String(format: "%02d", 1 + random.below(10)))-\(String(format: "%02d", 1 + random.below(28)))T09:00:00Z\n"
            buffer += "    updated_at: 2026-11-\(String(format: "%02d", 1 + random.below(19)))T12:30:00+01:00\n"
            if app == "stripe" {
                let mode = random.chance(2) ? "test" : "live"
                buffer += "    account: {id: acct_\(c), label: Synthetic \(c), mode: \(mode)}\n"
                let granted = random.chance(3) ? Array(scopes.prefix(1 + random.below(scopes.count))) : scopes
                buffer += "    auth: {type: api_key, key_hint: \"rk_\(mode)_…\(1000 + c % 9000)\", scopes: [\(granted.joined(separator: ", "))]}\n"
            } else {
                buffer += "    account: {id: U\(c), label: team-\(c % 97), email: user\(c)@example.com}\n"
                buffer += "    auth:\n      type: oauth2\n"
                if app == "slack" { buffer += "      token_kind: \(random.chance(80) ? "bot" : "user")\n" }
                let granted = random.chance(3) ? scopes.filter { _ in random.chance(70) } : scopes
                buffer += "      scopes: [\(granted.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
                if random.chance(30) {
                    buffer += "      expires_at: 2026-\(String(format: "%02d", 9 + random.below(4)))-\(String(format: "%02d", 1 + random.below(28)))T00:00:00Z\n"
                    buffer += "      refreshable: \(random.chance(97))\n"
                }
            }
            stats.connections += 1
            flush()
        }
        buffer += "workflows:\n"
        var w = 0
        while stats.bytes + buffer.utf8.count < target {
            buffer += shape == .wide ? "  - id: wf_\(w)\n    name: Synthetic workflow \(w)\n" : "  - id: wf_\(w)\n    name: W\(w)\n"
            if random.chance(10) { buffer += "    enabled: false\n" }
            buffer += "    environment: production\n"
            let (tApp, _, tEvent, _) = random.pick(Generator.apps)
            buffer += "    trigger: {app: \(tApp), event: \(tEvent)}\n    steps:\n"
            let steps = 1 + random.below(9)
            for s in 0..<steps {
                let (app, actions, _, _) = random.pick(Generator.apps)
                let action = random.chance(1) ? random.pick(actions) + "s" : random.pick(actions)
                buffer += "      - id: s\(s)\n        app: \(app)\n        action: \(action)\n"
                let roll = random.below(100)
                if roll < 30, let ids = byApp[app] {
                    buffer += "        connection: \(random.pick(ids))\n"
                } else if roll < 35 {
                    buffer += "        connection: {name: \(app.capitalized) \(random.below(5))}\n"
                } else if roll < 36 {
                    buffer += "        connection: conn_missing_\(random.below(1000))\n"
                } else if roll < 37 {
                    buffer += "        conection: \(byApp[app]?.first ?? "x")\n"
                }
                if random.chance(10) { buffer += "        expect: {account: \"*@example.com\"}\n" }
                switch shape {
                case .wide:
                    buffer += "        params: {text: \"Item {{trigger.id}} from step \(s)\", channel: \"#ops-\(w % 50)\"}\n"
                case .dense:
                    if random.chance(33) { buffer += "        params: {channel: \"#ops-\(w % 50)\"}\n" }
                }
                stats.steps += 1
            }
            w += 1
            stats.workflows += 1
            flush()
        }
        flush(true)
        return stats
    }
}
