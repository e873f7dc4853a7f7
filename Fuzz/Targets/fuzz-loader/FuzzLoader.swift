import WMDoctorKit

/// The built-in rules and catalog, loaded once.
let builtin = RuleSet.load(RuleSet.builtinFiles).0

/// libFuzzer entry for the export loader and everything after it: model,
/// bindings, built-in rules, and every report format.
func fuzzLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let limits = YAMLLimits(maxAliasExpansion: 20_000, maxDepth: 64, maxMappingKeys: 2_000, maxScalarBytes: 64 << 10)
    let file = FileLoader(limits: limits).load(bytes: bytes, path: "fuzz.yaml")
    let options = AnalysisOptions(now: Timestamp(seconds: 1_795_478_400), limits: limits, rules: builtin, recordEvaluations: true)
    let report = Analyzer(options: options).analyze(files: [file])
    for format in ReportFormat.allCases {
        _ = format.reporter(ReportOptions(snippets: false)).render(report)
    }
    return 0
}
