import CEL

/// The types rule params declare (`int`, `duration`, `list(string)`, ...):
/// reading them, and checking a value (a default, a configured value) against one.
enum ParamType {
    /// The type written as `text`, nil when it is not a type.
    static func parse(_ text: String) -> CELStaticType? {
        guard let t = CELStaticType(parsing: text) else { return nil }
        return t
    }

    static func invalid(_ text: String) -> String {
        "param type \(quoted(text)) should be one of \(CELStaticType.primitiveNames.joined(separator: ", ")), "
            + "list(T) or map(K, V)\(DidYouMean.hint(text, from: CELStaticType.primitiveNames))"
    }

    /// The type of a default when the param declares none.
    static func inferred(from value: CELValue) -> CELStaticType {
        switch value {
        case .null: return .dyn
        case .list(let l):
            let types = Set((0..<l.count).map { inferred(from: l[$0]) })
            return .list(types.count == 1 ? types.first ?? .dyn : .dyn)
        case .map(let m):
            let types = Set(m.values.map { inferred(from: $0) })
            return .map(.string, types.count == 1 ? types.first ?? .dyn : .dyn)
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .timestamp: return .timestamp
        case .duration: return .duration
        default: return .dyn
        }
    }

    /// `value` as a value of `type` (a duration or timestamp may be written as
    /// a string, a double as an int), nil when it is not one.
    static func convert(_ value: CELValue, to type: CELStaticType) -> CELValue? {
        switch (type, value) {
        case (.dyn, _): return value
        case (.nullable, .null): return .null
        case (.nullable(let t), _): return convert(value, to: t)
        case (.duration, .string(let s)): return CELDuration(parsing: s).map { .duration($0) }
        case (.timestamp, .string(let s)): return CELTimestamp(rfc3339: s).map { .timestamp($0) }
        case (.double, .int(let i)): return .double(Double(i))
        case (.list(let e), .list(let l)):
            var out: [CELValue] = []
            for i in 0..<l.count {
                guard let v = convert(l[i], to: e) else { return nil }
                out.append(v)
            }
            return .list(CELList(out))
        case (.map(let k, let t), .map(let m)):
            var entries: [(CELValue, CELValue)] = []
            for (key, v) in zip(m.keys, m.values) {
                guard let ck = convert(key, to: k), let cv = convert(v, to: t) else { return nil }
                entries.append((ck, cv))
            }
            guard case .success(let out) = CELMap.make(entries) else { return nil }
            return .map(out)
        default:
            // (Not `? value : nil`: CELValue's nil literal is its null.)
            guard type.admits(value) else { return nil }
            return value
        }
    }

    /// A type as a message names it: "an int", "a list(string)".
    static func article(_ t: CELStaticType) -> String {
        let name = "\(t)"
        return (name.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + name
    }

    /// How a value is named in a message: its type and, for a scalar, the value.
    static func describe(_ v: CELValue) -> String {
        switch v {
        case .list, .map: return "\(article(inferred(from: v))) \(v.literal)"
        case .null: return "null"
        default: return "\(article(inferred(from: v))) \(v.literal)"
        }
    }
}

/// A rule's `at:` path checked against the host schema: it starts from an
/// entity every scope of the rule can locate and goes through fields that
/// are written in the export.
enum AtPath {
    /// The host type of each name an `at:` path may start from.
    static func rootType(_ name: String, scopes: [RuleScope]) -> String? {
        switch name {
        case "connection": return "wm.Connection"
        case "workflow": return "wm.Workflow"
        case "step": return "wm.Step"
        case "trigger": return "wm.Trigger"
        case "use":
            if case .object(let t) = RuleEnvironment.type(of: "use", in: scopes).nonNull { return t }
            return nil
        default: return nil
        }
    }

    /// What is wrong with `path` and the character offset in it, or nil.
    static func check(_ path: [String], scopes: [RuleScope]) -> (message: String, offset: Int)? {
        let roots = scopes.reduce(Set(scopes.first?.locatables ?? [])) { $0.intersection($1.locatables) }.sorted()
        guard let first = path.first, roots.contains(first), let rootName = rootType(first, scopes: scopes),
            var type = HostSchema.byName[rootName]
        else {
            let first = path.first ?? ""
            return ("\"at\" should start with one of \(roots.joined(separator: ", "))\(DidYouMean.hint(first, from: roots))", 0)
        }
        var offset = first.count + 1
        var walked = first
        var keyed = false
        for (n, name) in path.enumerated().dropFirst() {
            let last = n == path.count - 1
            if keyed {
                if last { return nil }
                return ("\"at\": \(walked).\(name) is a map entry, it has no fields", offset + name.count)
            }
            guard let field = type.fields.first(where: { $0.name == name }) else {
                return ("\"at\": \(type.name) has no field \(quoted(name))\(DidYouMean.hint(name, from: type.fields.map(\.name)))", offset)
            }
            walked += "." + name
            switch field.place {
            case .none:
                return ("\"at\": \(walked) is not written in the export (\(field.doc)), so a finding cannot point at it", offset)
            case .value:
                if !last { return ("\"at\": \(walked) is a \(field.type), it has no fields", offset + name.count) }
            case .keyed: keyed = true
            case .nested(let t):
                guard let next = HostSchema.byName[t] else { return nil }
                type = next
            }
            offset += name.count + 1
        }
        return nil
    }
}
