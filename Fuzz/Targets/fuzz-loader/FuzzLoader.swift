import WMDoctorKit

/// The built-in rules and catalog, loaded once.
let builtin = RuleSet.load(RuleSet.builtinFiles).0

/// libFuzzer entry for the export loader and everything after it: model,
/// bindings, built-in rules, and every report format.
func fuzzLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let limits = YAMLLimits(maxAliasExpansion: 20_000, maxDepth: 64, maxMappingKeys: 2_000, maxScalarBytes: 64 << 10)
    let file = FileLoader(limits: limits).load(bytes: bytes, path: "fuzz.yaml")
    sameEitherWay(bytes, limits: limits)
    let options = AnalysisOptions(now: Timestamp(seconds: 1_795_478_400), limits: limits, rules: builtin, recordEvaluations: true)
    let report = Analyzer(options: options).analyze(files: [file])
    for format in ReportFormat.allCases {
        _ = format.reporter(ReportOptions(snippets: false)).render(report)
    }
    return 0
}

/// Workflows read straight from their events give what composing them gives
/// (a difference is a crash, for libFuzzer to keep the input). Both pipelined,
/// as large files are: the event reader works on the pipeline's thread.
func sameEitherWay(_ bytes: [UInt8], limits: YAMLLimits) {
    var events = FileLoader(limits: limits)
    events.pipelineMinBytes = 0
    var nodes = events
    nodes.readsItemsFromEvents = false
    let a = events.load(bytes: bytes, path: "fuzz.yaml").transcript
    let b = nodes.load(bytes: bytes, path: "fuzz.yaml").transcript
    if a != b {
        fatalError("workflows read from their events differ from composed ones:\n\(a.joined(separator: "\n"))\n---\n\(b.joined(separator: "\n"))")
    }
}
