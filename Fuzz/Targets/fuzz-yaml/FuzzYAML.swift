import WMDoctorKit

/// libFuzzer entry for the YAML layer: events, composition, anchors, aliases,
/// merge keys and every limit, over arbitrary bytes. Small limits keep each run fast.
func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let reader = YAMLEventReader(bytes: bytes)
    let limits = YAMLLimits(maxAliasExpansion: 20_000, maxDepth: 64, maxMappingKeys: 2_000, maxScalarBytes: 64 << 10)
    let composer = YAMLComposer(reader: reader, limits: limits)
    do throws(YAMLError) {
        loop: while true {
            switch try reader.next() {
            case .streamEnd: break loop
            case .documentStart:
                composer.startDocument()
                _ = try composer.composeNode()
            default: continue
            }
        }
    } catch {
        precondition(error.mark.line >= 1 && error.mark.column >= 1, "error without a position: \(error)")
    }
    return 0
}
