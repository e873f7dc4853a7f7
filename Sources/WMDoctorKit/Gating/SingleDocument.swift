/// Reads a small file of one YAML (or JSON) document with the positioned
/// YAML layer, for files wmdoctor itself owns (baselines): syntax errors and
/// duplicate keys come with file:line:column.
enum SingleDocument {
    /// The root node (nil for an empty file), or every problem found.
    static func read(text: String, path: String, what: String) -> Result<YAMLNode?, ConfigErrors> {
        let ctx = LoadContext(file: path)
        let reader = YAMLEventReader(bytes: Array(text.utf8))
        let composer = YAMLComposer(reader: reader)
        let root: YAMLNode
        do throws(YAMLError) {
            guard case .streamStart = try reader.next() else { return .success(nil) }
            guard case .documentStart = try reader.next() else { return .success(nil) }
            root = try composer.composeNode()
            _ = try reader.next()  // document end
            if case .documentStart(let mark) = try reader.next() {
                return .failure(ConfigErrors([InputError("\(what) holds one document", at: ctx.location(mark))]))
            }
        } catch {
            return .failure(ConfigErrors([InputError(error.message, at: ctx.location(error.mark))]))
        }
        let duplicates = composer.duplicateKeys.map {
            InputError("key \(quoted($0.key)) is defined twice; previously defined at line:\($0.first.line),col:\($0.first.column)", at: ctx.location($0.second, length: $0.length))
        }
        return duplicates.isEmpty ? .success(root) : .failure(ConfigErrors(duplicates))
    }
}
