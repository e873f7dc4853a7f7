extension LoadContext {
    /// Values under `node` that held a secret by its shape (``SecretShapes``),
    /// named by their path below `node` and the kind found:
    /// `last_error.message (a Slack token)`. The values themselves were
    /// redacted as they were read; `skip` leaves out keys reported by name.
    func shapedSecrets(in node: YAMLNode, path: String = "", skip: (String) -> Bool = { _ in false }) -> [Located<String>] {
        // Most subtrees hold none: ask first, without building a path per key
        // (as deep as the walk below looks).
        guard node.holdsShapedSecret(maxDepth: Self.shapedSecretDepth) else { return [] }
        var out: [Located<String>] = []
        collectShaped(node, path: path, at: nil, skip: skip, into: &out, depth: 0)
        return out
    }

    /// How deep below a node secrets by shape are looked for.
    static let shapedSecretDepth = 64

    private func collectShaped(
        _ node: YAMLNode, path: String, at key: YAMLNode?, skip: (String) -> Bool, into out: inout [Located<String>], depth: Int
    ) {
        guard depth < Self.shapedSecretDepth else { return }
        switch node.content {
        case .scalar(let s):
            guard !s.secretShapes.isEmpty else { return }
            // Located where its key is written (an alias's value sits at its anchor).
            out.append(Located("\(path) (\(s.secretShapes.phrase))", at: location(of: key ?? node)))
        case .mapping(let pairs):
            for pair in pairs {
                guard let k = pair.key.scalar?.text else { continue }
                let sub = path.isEmpty ? k : path + "." + k
                if skip(sub) { continue }
                collectShaped(pair.value, path: sub, at: pair.key, skip: skip, into: &out, depth: depth + 1)
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                collectShaped(item, path: "\(path)[\(i)]", at: key, skip: skip, into: &out, depth: depth + 1)
            }
        }
    }
}
