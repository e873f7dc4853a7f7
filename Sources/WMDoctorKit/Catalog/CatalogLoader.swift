/// Reads catalog files (docs/CATALOG.md): one YAML document with
/// `catalog: v1` and `apps`. Every problem is reported with its position;
/// a file with any problem is not used.
public enum CatalogLoader {
    /// Parses one catalog file held in memory; `path` names it in messages.
    public static func load(bytes: some Collection<UInt8>, path: String) -> Result<CatalogFile, CatalogErrors> {
        load(reader: YAMLEventReader(bytes: bytes), path: path)
    }

    /// Reads and parses one catalog file.
    public static func load(path: String) -> Result<CatalogFile, CatalogErrors> {
        do {
            let (buffer, count) = try InputFile.read(path)
            return load(reader: YAMLEventReader(taking: buffer, count: count), path: path)
        } catch {
            return .failure(CatalogErrors([error]))
        }
    }

    private static func load(reader: YAMLEventReader, path: String) -> Result<CatalogFile, CatalogErrors> {
        let ctx = LoadContext(file: path)
        let composer = YAMLComposer(reader: reader)
        let root: YAMLNode?
        do throws(YAMLError) {
            root = try readSingleDocument(composer, ctx: ctx)
        } catch {
            return .failure(CatalogErrors([InputError(error.message, at: ctx.location(error.mark))]))
        }
        var apps: [CatalogApp] = []
        if let root {
            apps = CatalogReader(ctx: ctx).readFile(root)
        } else {
            ctx.report(
                .missingKey, "the catalog file is empty; it should start with `catalog: v1` and define `apps`",
                at: ctx.location(Mark(line: 1, column: 1), length: 1))
        }
        var errors = ctx.findings.map { InputError($0.message, at: $0.location) }
        for dup in composer.duplicateKeys {
            errors.append(
                InputError(
                    "key \(quoted(dup.key)) is defined twice in this mapping; previously defined at line:\(dup.first.line),col:\(dup.first.column)",
                    at: ctx.location(dup.second, length: dup.length)))
        }
        guard errors.isEmpty else {
            // File order; problems at one place keep the order they were found in.
            let ordered = errors.enumerated().sorted {
                ($0.element.location.line, $0.element.location.column, $0.offset)
                    < ($1.element.location.line, $1.element.location.column, $1.offset)
            }
            return .failure(CatalogErrors(ordered.map(\.element)))
        }
        return .success(CatalogFile(path: path, apps: apps))
    }

    /// The root node of the file's only document; nil for an empty file.
    private static func readSingleDocument(_ composer: YAMLComposer, ctx: LoadContext) throws(YAMLError) -> YAMLNode? {
        let reader = composer.reader
        var root: YAMLNode?
        var documents = 0
        while true {
            switch try reader.next() {
            case .streamStart, .documentEnd: continue
            case .streamEnd: return root
            case .documentStart(let mark):
                documents += 1
                if documents > 1 {
                    throw YAMLError("a catalog file holds one YAML document; a second one starts here", at: mark)
                }
                composer.startDocument()
                let node = try composer.composeNode()
                if let s = node.scalar, !s.style.isQuoted, ResolvedScalar(s) == .null { continue }
                root = node
            default:
                throw YAMLError("unexpected YAML structure", at: Mark(line: 1, column: 1))
            }
        }
    }
}
