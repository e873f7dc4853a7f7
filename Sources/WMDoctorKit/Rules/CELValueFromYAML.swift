import CEL

/// YAML values as CEL values (for params, `--var`): scalars by the core
/// schema, sequences as lists, mappings as maps with string keys.
enum CELValueFromYAML {
    static func convert(_ node: YAMLNode) -> CELValue {
        switch node.content {
        case .scalar(let s):
            switch ResolvedScalar(s) {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .float(let d): return .double(d)
            case .string(let t): return .string(t)
            }
        case .sequence(let items):
            return .list(CELList(items.map(convert)))
        case .mapping(let pairs):
            let entries = pairs.map { (CELValue.string($0.key.scalar?.text ?? ""), convert($0.value)) }
            if case .success(let map) = CELMap.make(entries) { return .map(map) }
            return .null
        }
    }
}
