import Foundation

/// A stable identity for a finding's cause, never holding a line number, a
/// file name (for a named entity), a message or a count, so a finding keeps
/// its fingerprint when the export is reordered or reformatted, a workflow
/// moves to another file, or a rule's message is reworded.
///
/// - Rule-engine findings: rule + the cause's identity: workspace and
///   connection id, app key, workflow id, or workflow and step id (never the
///   connection a step happens to be bound to, nor which default was read
///   first). The engine evaluates a rule once per entity, so this is unique.
///   The uses a finding breaks are not part of it: a baseline records them
///   beside the fingerprint (see `Baseline`), so a new use is a change of a
///   known finding, not a new one.
/// - Export checks (`WM0xx`) and gating findings (`WM9xx`), which may repeat on
///   one entity: rule + entity + the decisive detail (`Finding.detail`, else
///   the message; messages with positions always set `detail`).
/// - Findings about no named entity (a document without a workspace slug, a
///   document header, the configuration file) also include the file path:
///   two such documents in two files never collide.
public enum Fingerprint {
    /// Rules whose findings may repeat on one entity: their detail counts.
    static let detailed: Set<String> = Set(ExportRule.allCases.map(\.id.id)).union(GatingRule.allCases.map(\.id.id))

    public static func of(_ f: Finding) -> String {
        let e = f.entity
        let isDetailed = detailed.contains(f.rule.id)
        // The hash of the parts joined by U+001F, fed part by part (no joined text made).
        var h = Hasher128()
        h.add(f.rule.id)
        h.add(e.kind.rawValue, separated: true)
        h.add(e.workspace, separated: true)
        if isDetailed {
            for part in [e.workflow ?? "", e.step ?? "", e.app ?? "", e.connection ?? "", f.detail ?? f.message] {
                h.add(part, separated: true)
            }
        } else {
            for part in cause(e) { h.add(part, separated: true) }
        }
        if e.workspace.isEmpty || (isDetailed && e.kind == .workspace) { h.add(stablePath(f.location.file), separated: true) }
        return h.hex
    }

    /// What names the cause within its workspace, by kind.
    static func cause(_ e: EntityRef) -> [String] {
        switch e.kind {
        case .connection: return [e.connection ?? ""]
        case .app: return [e.app ?? ""]
        case .workflow, .trigger: return [e.workflow ?? ""]
        case .step: return [e.workflow ?? "", e.step ?? ""]
        case .workspace: return []
        }
    }

    /// The path as it reads from the current folder: the same file gives the
    /// same fingerprint in any checkout, whether named absolutely or not.
    static func stablePath(_ path: String) -> String {
        var p = path
        if p.hasPrefix("/") {
            var cwd = FileManager.default.currentDirectoryPath
            if !cwd.hasSuffix("/") { cwd += "/" }
            if p.hasPrefix(cwd) { p.removeFirst(cwd.count) }
        }
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }

    /// 128 bits of two FNV-1a passes with different offsets, as 32 hex digits.
    static func hash(_ s: String) -> String {
        var h = Hasher128()
        h.add(s)
        return h.hex
    }

    /// The two FNV-1a passes of ``hash(_:)``, fed a text at a time.
    struct Hasher128 {
        private var a: UInt64 = 0xcbf2_9ce4_8422_2325
        private var b: UInt64 = 0x8422_2325_cbf2_9ce4

        /// `separated`: after the separator U+001F (the hash of the texts joined by it).
        mutating func add(_ text: String, separated: Bool = false) {
            if separated { Self.mix(0x1F, &a, &b) }
            var text = text
            text.withUTF8 { bytes in
                // In locals: the passes stay in registers over the text.
                var (a, b) = (a, b)
                for byte in bytes { Self.mix(byte, &a, &b) }
                (self.a, self.b) = (a, b)
            }
        }

        /// One byte into both passes.
        @inline(__always) private static func mix(_ byte: UInt8, _ a: inout UInt64, _ b: inout UInt64) {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }

        /// 32 lower-case hex digits: `a`'s 16, then `b`'s.
        var hex: String {
            String(unsafeUninitializedCapacity: 32) { out in
                let digits: StaticString = "0123456789abcdef"
                let d = digits.utf8Start
                for i in 0..<16 {
                    let shift = UInt64(60 - 4 * i)
                    out[i] = d[Int((a >> shift) & 0xF)]
                    out[16 + i] = d[Int((b >> shift) & 0xF)]
                }
                return 32
            }
        }
    }
}
