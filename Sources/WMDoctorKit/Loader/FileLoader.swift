/// One document of an export, before it is merged into its workspace.
public struct LoadedDocument: Sendable {
    public var header: ExportDocument
    public var workspace: String
    public var connections: [Connection]
    public var workflows: [Workflow]
}

/// Everything read from one file.
public struct LoadedFile: Sendable {
    public var path: String
    public var documents: [LoadedDocument] = []
    public var findings: [Finding] = []
    /// Set when the file could not be read or parsed (the documents before the problem are kept).
    public var error: InputError?
    /// Where secret values sit, for snippet redaction.
    public var secretSpans: [SecretSpan] = []
    /// The aliases of the file (their nodes are located at the alias; notes name the anchor).
    public var aliasUses: [AliasUse] = []
    /// False when no document has a Workflow Machine header (apiVersion, kind or workspace):
    /// such files found while walking a directory are not exports and are skipped.
    public var looksLikeExport = false
}

/// Reads one file of exports: streams libyaml events document by document,
/// and builds each connection and workflow from its own subtree so that a
/// large file is never held as one tree.
public struct FileLoader: Sendable {
    public var limits: YAMLLimits
    /// Compose and build a section's items on a second thread while the next are parsed
    /// (same result; false builds them on the reading thread, for tests).
    public var pipelined = true
    /// Files smaller than this are built on the reading thread: for them a
    /// second thread costs more (its start and each hand-over) than the
    /// overlap saves. The fuzzer's inputs (16 KiB at most) ran at a few
    /// hundred executions per second because of it.
    public var pipelineMinBytes = 64 << 10
    /// Read pipelined workflows straight from their events (``EventItemReader``;
    /// same result; false composes each, for tests).
    public var readsItemsFromEvents = true

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    public func load(path: String) -> LoadedFile {
        do {
            // Streamed in small reads: a large export is never held whole in memory.
            let (fd, size) = try InputFile.open(path, maxBytes: limits.maxFileBytes)
            return load(reader: YAMLEventReader(fileDescriptor: fd, maxBytes: limits.maxFileBytes), path: path, size: size)
        } catch {
            var result = LoadedFile(path: path)
            result.error = error
            return result
        }
    }

    public func load(bytes: some Collection<UInt8>, path: String) -> LoadedFile {
        load(reader: YAMLEventReader(bytes: bytes), path: path, size: bytes.count)
    }

    func load(reader: YAMLEventReader, path: String, size: Int) -> LoadedFile {
        let pipelining = pipelined && size >= pipelineMinBytes
        var result = LoadedFile(path: path)
        let ctx = LoadContext(file: path)
        let composer = YAMLComposer(reader: reader, limits: limits)
        var documentFindings = 0
        // Duplicate keys are reported per document, about its workspace.
        var reportedDuplicates = 0
        func reportDuplicates(workspace: String) {
            let all = composer.duplicateKeys
            guard reportedDuplicates < all.count else { return }
            ctx.entity = EntityRef(kind: .workspace, workspace: workspace)
            for dup in all[reportedDuplicates...] {
                ctx.report(
                    .duplicateKey,
                    SingleDocument.duplicateMessage(dup.key, first: dup.first),
                    at: ctx.location(dup.second, length: dup.length),
                    related: [RelatedLocation("first definition", at: ctx.location(dup.first, length: dup.length))],
                    detail: "duplicate key \(dup.key)")
            }
            reportedDuplicates = all.count
        }
        do throws(YAMLError) {
            loop: while true {
                switch try reader.next() {
                case .streamStart, .documentEnd: continue
                case .streamEnd: break loop
                case .documentStart:
                    composer.startDocument()
                    documentFindings = ctx.findings.count
                    if let doc = try readDocument(composer, ctx: ctx, pipelining: pipelining) {
                        if doc.looksLikeExport { result.looksLikeExport = true }
                        if let d = doc.document { result.documents.append(d) }
                        reportDuplicates(workspace: doc.document?.workspace ?? "")
                    } else {
                        reportDuplicates(workspace: "")
                    }
                default:
                    throw YAMLError("unexpected YAML structure", at: Mark(line: 1, column: 1))
                }
            }
        } catch {
            // What was read of the broken document would only mislead: keep the
            // error alone (its duplicate keys are not reported either).
            ctx.findings.removeSubrange(documentFindings...)
            result.error = InputError(error.message, at: ctx.location(error.mark))
        }
        result.findings = ctx.findings
        result.secretSpans = composer.secretSpans
        result.aliasUses = composer.aliasUses
        return result
    }

    private struct DocumentResult {
        var document: LoadedDocument?
        var looksLikeExport: Bool
    }

    /// Reads one document; the document-start event has been consumed.
    private func readDocument(_ composer: YAMLComposer, ctx: LoadContext, pipelining: Bool) throws(YAMLError) -> DocumentResult? {
        let reader = composer.reader
        let first = try reader.next()
        guard case .mappingStart(_, _, let start) = first else {
            let node = try composer.compose(from: first, depth: 0)
            if let s = node.scalar, ResolvedScalar.isNull(s) { return nil }  // empty document
            ctx.entity = EntityRef(kind: .workspace, workspace: "")
            ctx.report(
                .notAMapping,
                "a Workflow Machine export document must be a mapping (apiVersion, kind, workspace, ...), got \(phrase(of: node, key: ""))",
                at: ctx.location(of: node))
            return DocumentResult(document: nil, looksLikeExport: false)
        }
        // Keys may come in any order (JSON exports sort them), so items are read first
        // and attributed to the workspace once the whole header is known.
        let findingsBefore = ctx.findings.count
        ctx.entity = EntityRef(kind: .workspace, workspace: "")
        var header: [String: YAMLPair] = [:]
        var seen: [String: Mark] = [:]
        var connectionNodes: [YAMLNode] = []
        var workflowNodes: [YAMLNode] = []
        var connections: [Connection] = []
        var workflows: [Workflow] = []
        var sectionKeys: [String: YAMLNode] = [:]
        var pendingKeys: [(String, YAMLNode)] = []
        var keyCount = 0
        while true {
            let e = try reader.next()
            if case .mappingEnd = e { break }
            let key = try composer.compose(from: e, depth: 1)
            // The header is read key by key, not by the composer: it counts its keys itself.
            keyCount += 1
            if keyCount > limits.maxMappingKeys {
                throw YAMLError("this mapping has more than \(limits.maxMappingKeys) keys (--max-keys); refusing to read further", at: key.start)
            }
            guard let name = key.scalar?.text else {
                _ = try composer.composeNode(depth: 1)
                ctx.report(.wrongType, "keys of an export document should be plain names", at: ctx.location(of: key))
                continue
            }
            if let firstMark = seen[name] {
                composer.noteSecret(key: name, value: try composer.composeNode(depth: 1))
                ctx.report(
                    .duplicateKey,
                    SingleDocument.duplicateMessage(name, first: firstMark),
                    at: ctx.location(of: key),
                    related: [RelatedLocation("first definition", at: ctx.location(firstMark, length: key.underlineLength))],
                    detail: "duplicate key \(name)")
                continue
            }
            seen[name] = key.start
            if name == "connections" || name == "workflows" {
                sectionKeys[name] = key
                if case .sequenceStart(nil, _, _) = try reader.peek() {
                    _ = try reader.next()
                    if pipelining, let slug = header["workspace"]?.value.scalar?.text, connectionNodes.isEmpty, workflowNodes.isEmpty {
                        // The usual case (header first): items are composed and built on a second thread as they are read.
                        let pipeline = ItemPipeline(
                            name == "connections" ? .connections : .workflows, slug: slug, ctx: ctx, composer: composer,
                            readsFromEvents: readsItemsFromEvents)
                        var failure: YAMLError?
                        do throws(YAMLError) {
                            try handOverSection(reader, to: pipeline)
                        } catch {
                            failure = error
                        }
                        // The composing thread's error comes first in the stream.
                        if let error = pipeline.finish() ?? failure { throw error }
                        // Assigned when first (the usual case): appending would copy every item.
                        if connections.isEmpty { connections = pipeline.takeConnections() } else { connections += pipeline.takeConnections() }
                        if workflows.isEmpty { workflows = pipeline.takeWorkflows() } else { workflows += pipeline.takeWorkflows() }
                        continue
                    }
                    while true {
                        let item = try reader.next()
                        if case .sequenceEnd = item { break }
                        let node = try composer.compose(from: item, depth: 2)
                        // Built once the slug is known; kept as nodes only until then.
                        if name == "connections" { connectionNodes.append(node) } else { workflowNodes.append(node) }
                        if let slug = header["workspace"]?.value.scalar?.text {
                            flush(&connectionNodes, &workflowNodes, &connections, &workflows, slug: slug, ctx: ctx)
                        }
                    }
                } else {
                    let value = try composer.composeNode(depth: 1)
                    if let items = value.items {
                        if name == "connections" { connectionNodes += items } else { workflowNodes += items }
                    } else if value.scalar.map(ResolvedScalar.isNull) != true {
                        pendingKeys.append((name, value))
                    }
                }
                continue
            }
            let value = try composer.composeNode(depth: 1)
            composer.noteSecret(key: name, value: value)
            if ExportSchema.header.contains(name) {
                header[name] = YAMLPair(key: key, value: value)
            } else {
                ctx.report(
                    .unknownKey,
                    "unknown key \(quoted(name)) in the export header\(DidYouMean.hint(name, from: ExportSchema.header)) (allowed: \(ExportSchema.header.joined(separator: ", ")))",
                    at: ctx.location(of: key))
            }
        }
        let looksLikeExport = header["apiVersion"] != nil || header["kind"] != nil || header["workspace"] != nil
        if !looksLikeExport {
            // Not a Workflow Machine document: say so once, and only that.
            ctx.findings.removeSubrange(findingsBefore...)
            ctx.report(
                .missingKey,
                "this document is not a Workflow Machine export: it has none of apiVersion, kind, workspace",
                at: ctx.location(start, length: 1))
            return DocumentResult(document: nil, looksLikeExport: false)
        }
        let doc = readHeader(header, start: start, ctx: ctx)
        ctx.entity = EntityRef(kind: .workspace, workspace: doc.workspace)
        for (name, value) in pendingKeys {
            ctx.report(
                .wrongType, "\(quoted(name)) should be a list, got \(phrase(of: value, key: name))", at: ctx.location(of: value))
        }
        checkSections(doc.header.kind, sectionKeys: sectionKeys, start: start, ctx: ctx)
        flush(&connectionNodes, &workflowNodes, &connections, &workflows, slug: doc.workspace, ctx: ctx)
        var document = doc
        document.connections = connections
        document.workflows = workflows
        return DocumentResult(document: document, looksLikeExport: true)
    }

    /// Hands the events of a list's items to `pipeline`, up to the list's end
    /// (consumed, not handed over). Stops early when the pipeline stopped on
    /// an error, or after an event that cannot be inside a list (the
    /// composer reports it).
    private func handOverSection(_ reader: YAMLEventReader, to pipeline: ItemPipeline) throws(YAMLError) {
        var depth = 0
        while true {
            let (event, taken) = try pipeline.handOver(from: reader, depth: depth)
            var last = false
            switch event {
            case .start: depth += 1
            case .end: depth -= 1
            case .sequenceEnd:
                // The section's own end, not handed over.
                if depth == 0 { return }
                depth -= 1
            case .streamOrDocument: last = true
            case .scalar: break
            }
            guard taken, !last else { return }
        }
    }

    private func flush(
        _ connectionNodes: inout [YAMLNode], _ workflowNodes: inout [YAMLNode],
        _ connections: inout [Connection], _ workflows: inout [Workflow],
        slug: String, ctx: LoadContext
    ) {
        for node in connectionNodes {
            if let c = ctx.readConnection(node, workspace: slug) { connections.append(c) }
        }
        for node in workflowNodes {
            if let w = ctx.readWorkflow(node, workspace: slug) { workflows.append(w) }
        }
        connectionNodes.removeAll(keepingCapacity: true)
        workflowNodes.removeAll(keepingCapacity: true)
    }

    private func readHeader(_ header: [String: YAMLPair], start: Mark, ctx: LoadContext) -> LoadedDocument {
        let node = YAMLNode(.mapping(ExportSchema.header.compactMap { header[$0] }), start: start, end: start)
        let f = Fields(
            node, section: "the export header", allowed: ExportSchema.header,
            required: ["apiVersion", "kind", "workspace"], ctx: ctx)
        let location = ctx.location(start, length: 1)
        var kind: ExportKind?
        var workspace = ""
        var exportedAt: Located<Timestamp>?
        var exportedBy: Located<String>?
        if let f {
            if let api = f.string("apiVersion"), api.value != ExportSchema.apiVersion {
                ctx.report(
                    .unsupportedHeader,
                    "unsupported apiVersion \(quoted(api.value)); expected \(quoted(ExportSchema.apiVersion))",
                    at: api.location)
            }
            if let k = f.string("kind") {
                kind = ExportKind(rawValue: k.value)
                if kind == nil {
                    ctx.report(
                        .unsupportedHeader,
                        "unsupported kind \(quoted(k.value)); expected one of \(ExportKind.allowed.joined(separator: ", "))\(DidYouMean.hint(k.value, from: ExportKind.allowed))",
                        at: k.location)
                }
            }
            workspace = f.string("workspace")?.value ?? ""
            exportedAt = f.timestamp("exported_at")
            exportedBy = f.string("exported_by")
        }
        return LoadedDocument(
            header: ExportDocument(file: ctx.file, kind: kind, exportedAt: exportedAt, exportedBy: exportedBy, location: location),
            workspace: workspace, connections: [], workflows: [])
    }

    /// `connections` belong to Workspace and ConnectionList, `workflows` to Workspace and WorkflowList.
    private func checkSections(_ kind: ExportKind?, sectionKeys: [String: YAMLNode], start: Mark, ctx: LoadContext) {
        guard let kind else { return }
        let holds: [String]
        switch kind {
        case .workspace: holds = ["connections", "workflows"]
        case .connectionList: holds = ["connections"]
        case .workflowList: holds = ["workflows"]
        }
        for (name, key) in sectionKeys.sorted(by: { $0.key < $1.key }) where !holds.contains(name) {
            ctx.report(
                .misplacedSection,
                "a \(kind.rawValue) document holds no \(quoted(name)) (only \(holds.map { quoted($0) }.joined(separator: " and ")))",
                at: ctx.location(of: key))
        }
        for name in holds where sectionKeys[name] == nil {
            ctx.report(.missingKey, "a \(kind.rawValue) document is missing the required key \(quoted(name))", at: ctx.location(start, length: 1))
        }
    }
}
