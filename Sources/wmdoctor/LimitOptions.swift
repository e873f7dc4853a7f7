import ArgumentParser
import WMDoctorKit

/// A byte count on the command line: `1048576`, `512KiB`, `10MB`, `256MiB`, `1GiB`.
struct ByteCount: ExpressibleByArgument, Sendable {
    var bytes: Int

    init(bytes: Int) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000),
            ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1),
        ]
        var digits = Substring(argument)
        var scale = 1
        for (suffix, factor) in units where argument.hasSuffix(suffix) {
            digits = argument.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let n = Int(digits), n > 0 else { return nil }
        let (product, overflow) = n.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        bytes = product
    }

    var defaultValueDescription: String {
        for (suffix, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes)"
    }
}

/// Limits on hostile or runaway input (SECURITY.md lists each with its error).
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Refuse an input file larger than this (e.g. 64MiB).", valueName: "size"))
    var maxFileSize = ByteCount(bytes: YAMLLimits.default.maxFileBytes)

    @Option(name: .customLong("max-total-size"), help: ArgumentHelp("Refuse the input files that bring all inputs together over this.", valueName: "size"))
    var maxTotalSize = ByteCount(bytes: YAMLLimits.default.maxTotalBytes)

    @Option(name: .customLong("max-scalar-size"), help: ArgumentHelp("Refuse a file with a single value longer than this.", valueName: "size"))
    var maxScalarSize = ByteCount(bytes: YAMLLimits.default.maxScalarBytes)

    @Option(name: .customLong("max-keys"), help: ArgumentHelp("Refuse a file with a mapping of more keys than this.", valueName: "n"))
    var maxKeys = YAMLLimits.default.maxMappingKeys

    @Option(name: .customLong("max-depth"), help: ArgumentHelp("Refuse a file whose mappings and lists nest deeper than this.", valueName: "n"))
    var maxDepth = YAMLLimits.default.maxDepth

    @Option(name: .customLong("max-alias-nodes"), help: ArgumentHelp("Refuse a document whose aliases expand to more nodes than this.", valueName: "n"))
    var maxAliasNodes = YAMLLimits.default.maxAliasExpansion

    func validate() throws {
        for (flag, n) in [("--max-keys", maxKeys), ("--max-depth", maxDepth), ("--max-alias-nodes", maxAliasNodes)] where n < 1 {
            throw ValidationError("\(flag) must be at least 1, got \(n)")
        }
    }

    /// The limits the analysis applies.
    var limits: YAMLLimits {
        YAMLLimits(
            maxAliasExpansion: maxAliasNodes, maxDepth: maxDepth, maxFileBytes: maxFileSize.bytes,
            maxTotalBytes: maxTotalSize.bytes, maxMappingKeys: maxKeys, maxScalarBytes: maxScalarSize.bytes)
    }
}
