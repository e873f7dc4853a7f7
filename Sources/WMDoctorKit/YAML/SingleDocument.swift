/// A file of one YAML (or JSON) document that wmdoctor reads whole: a
/// configuration, a rule, a catalog or a baseline file. One reader for all
/// of them, so they treat an empty file, a file of comments, a second
/// document and a duplicate key alike.
struct SingleDocument {
    let ctx: LoadContext
    /// The root node; nil when the file is empty, holds only comments, or is a bare `null`.
    let root: YAMLNode?
    /// A syntax error (the rest of the file is not read), a second document,
    /// duplicate keys: in file order.
    let problems: [InputError]

    /// Reads `text` of the file at `path`; `what` names the file in messages ("a rule file").
    /// `redactsSecretShapes: false` keeps secret-shaped values (rule examples plant fake ones).
    static func read(text: String, path: String, what: String, redactsSecretShapes: Bool = true) -> SingleDocument {
        read(reader: YAMLEventReader(bytes: Array(text.utf8)), path: path, what: what, redactsSecretShapes: redactsSecretShapes)
    }

    static func read(reader: YAMLEventReader, path: String, what: String, redactsSecretShapes: Bool = true) -> SingleDocument {
        let ctx = LoadContext(file: path)
        let composer = YAMLComposer(reader: reader)
        composer.redactsSecretShapes = redactsSecretShapes
        var root: YAMLNode?
        var problems: [InputError] = []
        do throws(YAMLError) {
            var documents = 0
            reading: while true {
                switch try reader.next() {
                case .streamStart, .documentEnd: continue
                case .streamEnd: break reading
                case .documentStart(let mark):
                    documents += 1
                    if documents > 1 {
                        problems.append(InputError("\(what) holds one YAML document; a second one starts here", at: ctx.location(mark, length: 3)))
                        break reading
                    }
                    composer.startDocument()
                    let node = try composer.composeNode()
                    if let s = node.scalar, ResolvedScalar.isNull(s) { continue }
                    root = node
                default:
                    throw YAMLError("unexpected YAML structure", at: Mark(line: 1, column: 1))
                }
            }
        } catch {
            problems.append(InputError(error.message, at: ctx.location(error.mark)))
        }
        problems += composer.duplicateKeys.map { duplicate($0, ctx: ctx) }
        problems.sort { $0.location < $1.location }
        return SingleDocument(ctx: ctx, root: root, problems: problems)
    }

    /// The one message for a key written twice in a mapping.
    static func duplicateMessage(_ key: String, first: Mark) -> String {
        "key \(quoted(key)) is defined twice in this mapping; previously defined at line:\(first.line),col:\(first.column)"
    }

    static func duplicate(_ d: DuplicateKey, ctx: LoadContext) -> InputError {
        InputError(duplicateMessage(d.key, first: d.first), at: ctx.location(d.second, length: d.length))
    }
}
