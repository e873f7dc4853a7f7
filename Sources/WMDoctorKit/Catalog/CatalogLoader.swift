/// Reads catalog files (docs/CATALOG.md): one YAML document with
/// `catalog: v1` and `apps`. Every problem is reported with its position;
/// a file with any problem is not used.
public enum CatalogLoader {
    /// Parses one catalog file held in memory; `path` names it in messages.
    public static func load(bytes: some Collection<UInt8>, path: String) -> Result<CatalogFile, InputErrors> {
        load(reader: YAMLEventReader(bytes: bytes), path: path)
    }

    /// Reads and parses one catalog file.
    public static func load(path: String) -> Result<CatalogFile, InputErrors> {
        do {
            let (buffer, count) = try InputFile.read(path)
            return load(reader: YAMLEventReader(taking: buffer, count: count), path: path)
        } catch {
            return .failure(InputErrors([error]))
        }
    }

    private static func load(reader: YAMLEventReader, path: String) -> Result<CatalogFile, InputErrors> {
        let document = SingleDocument.read(reader: reader, path: path, what: "a catalog file")
        let ctx = document.ctx
        let root = document.root
        var apps: [CatalogApp] = []
        if let root {
            apps = CatalogReader(ctx: ctx).readFile(root)
        } else if document.problems.isEmpty {
            ctx.report(
                .missingKey, "the catalog file is empty; it should start with `catalog: v1` and define `apps`",
                at: ctx.location(Mark(line: 1, column: 1), length: 1))
        }
        let errors = ctx.findings.map { InputError($0.message, at: $0.location) } + document.problems
        guard errors.isEmpty else {
            // File order; problems at one place keep the order they were found in.
            let ordered = errors.enumerated().sorted {
                ($0.element.location.line, $0.element.location.column, $0.offset)
                    < ($1.element.location.line, $1.element.location.column, $1.offset)
            }
            return .failure(InputErrors(ordered.map(\.element)))
        }
        return .success(CatalogFile(path: path, apps: apps))
    }
}
