/// Explains a `Binding` (the resolver's pick) in the spec's words: the rule
/// that applies, each connection considered and why it was or was not picked,
/// and when the export's dates do not decide, that the export cannot tell.
/// It never picks: the pick is the resolver's.
enum ChoiceExplanation {
    static func explain(_ b: Binding, reference: ConnectionReference?, app: String?, in w: Workspace) -> ConnectionChoice {
        let connections = w.connections
        let firstByID = w.connectionIndex()
        // The connections the resolver knows (first definition of each id), in export order.
        let known = connections.indices.filter { firstByID[connections[$0].id.value] == $0 }
        var choice = ConnectionChoice(
            method: b.method, failure: b.failure, rule: "", ruleNumber: nil, reference: nil, candidates: [],
            chosen: b.connection.map { connections[$0].id.value }, undetermined: nil)
        switch reference {
        case .id(let v)?: choice.reference = ("id", v.value, v.location)
        case .name(let v)?: choice.reference = ("name", v.value, v.location)
        case .invalid?, nil: break
        }
        func candidate(_ i: Int, picked: Bool, _ reason: String) -> ChoiceCandidate {
            let c = connections[i]
            return ChoiceCandidate(
                id: c.id.value, name: c.name.value, app: c.app.value, location: c.location, picked: picked,
                tied: b.isUndetermined && b.tied.contains(i), reason: reason)
        }
        switch b.method {
        case .explicitID:
            choice.ruleNumber = 1
            choice.rule = "`connection: <id>`: that connection; if no connection has that id in the workspace, the step fails"
            if let i = b.connection {
                let c = connections[i]
                var reason = "its id is the one written"
                if let app, c.app.value != app {
                    reason += ", but it is a \(c.app.value) connection: a connection of another app than the step's fails the step (rule 5)"
                }
                choice.candidates = [candidate(i, picked: true, reason)]
            }
        case .name:
            choice.ruleNumber = 2
            choice.rule = "`connection: {name: …}`: the connection of that app with that name; if several have it, the most recently created"
            let name = choice.reference?.value ?? ""
            let same = known.filter { connections[$0].name.value == name }
            let (reasons, open) = byDate(b, key: \.createdAt, field: "created_at", sole: "the only \(app ?? "") connection with this name", in: connections)
            for i in same {
                if let r = reasons[i] {
                    choice.candidates.append(candidate(i, picked: i == b.connection, r))
                } else {
                    choice.candidates.append(candidate(i, picked: false, "a \(connections[i].app.value) connection, not \(app ?? "of the step's app"): not considered"))
                }
            }
            choice.undetermined = open
        case .defaultConnection, .onlyConnection, .mostRecent:
            choice.ruleNumber = 3
            let ofApp = known.filter { connections[$0].app.value == app }
            let defaults = Set(b.method == .defaultConnection ? b.candidates : [])
            switch b.method {
            case .defaultConnection:
                choice.rule = "no `connection`: the app's default connection; if several are marked default, the most recently updated"
                let (reasons, open) = byDate(b, key: \.updatedAt, field: "updated_at", sole: "the only one marked default", in: connections)
                for i in ofApp {
                    choice.candidates.append(candidate(i, picked: i == b.connection, defaults.contains(i) ? reasons[i] ?? "" : "not marked default"))
                }
                choice.undetermined = open
            case .onlyConnection:
                choice.rule = "no `connection`, none marked default, and the app has exactly one connection: that one"
                choice.candidates = ofApp.map { candidate($0, picked: $0 == b.connection, "the app's only connection (none is marked default)") }
            default:
                choice.rule = "no `connection`, none marked default, several connections of the app: the most recently created"
                let (reasons, open) = byDate(b, key: \.createdAt, field: "created_at", sole: "", in: connections)
                choice.candidates = ofApp.map { candidate($0, picked: $0 == b.connection, "not marked default; " + (reasons[$0] ?? "")) }
                choice.undetermined = open
            }
        case .none:
            switch b.failure {
            case .noApp?:
                choice.rule = "a trigger without an app (a schedule, a webhook) uses no connection"
            case .noConnection?:
                choice.ruleNumber = 3
                choice.rule = "no `connection`, and the app has no connection in the workspace: the step fails"
            case .invalidReference?:
                choice.rule =
                    "`connection` is written but is no connection id or `{id: …}` / `{name: …}` (reported above): "
                    + "the export does not say which connection Workflow Machine uses, nor whether the step runs"
            default:
                choice.rule = "no connection could be chosen"
            }
        }
        if choice.candidates.isEmpty, b.connection == nil {
            switch b.failure {
            case .unknownID?: choice.rule += " (no connection of workspace \(quoted(w.slug)) has this id)"
            case .unknownName?: choice.rule += " (no \(app ?? "") connection of workspace \(quoted(w.slug)) has this name)"
            default: break
            }
        }
        return choice
    }

    /// Why each candidate of `b` was or was not picked by "the most recent
    /// `field`", and, when the export does not determine the pick (the
    /// resolver's `tied`), why it cannot tell (`Binding.undeterminedReason`).
    private static func byDate(
        _ b: Binding, key: KeyPath<Connection, Located<Timestamp>?>, field: String, sole: String, in connections: [Connection]
    ) -> (reasons: [Int: String], undetermined: String?) {
        var reasons: [Int: String] = [:]
        guard let chosen = b.connection else { return ([:], nil) }
        if b.candidates.count == 1 {
            reasons[chosen] = sole
            return (reasons, nil)
        }
        let best = connections[chosen][keyPath: key]?.value
        let tied = Set(b.isUndetermined ? b.tied : [])
        for i in b.candidates {
            let t = connections[i][keyPath: key]?.value
            let date = t.map { "\(field) \($0)" } ?? "no \(field)"
            if tied.contains(i) {
                reasons[i] = "\(date): the export cannot tell it from the other tied " + (b.tied.count == 2 ? "one" : "ones")
            } else if i == chosen {
                reasons[i] = best.map { "the most recent \(field) (\($0))" } ?? "no \(field)"
            } else {
                reasons[i] = "\(date), older than \(best.map(\.description) ?? "the pick's")"
            }
        }
        guard let why = b.undeterminedReason({ connections[$0] }) else { return (reasons, nil) }
        let ids = b.tied.map { quoted(connections[$0].id.value) }.joined(separator: ", ")
        return (reasons, "the export cannot tell which connection Workflow Machine picks: \(why); it may run as any of \(ids); each is shown below, \(quoted(connections[chosen].id.value)) first")
    }
}
