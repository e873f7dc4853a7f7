/// A stable identity for a finding: rule + entity + the decisive detail,
/// never a line number, so a finding keeps its fingerprint when the export
/// is reordered or reformatted.
public enum Fingerprint {
    public static func of(_ f: Finding) -> String {
        let e = f.entity
        let parts = [
            f.rule.id, e.kind.rawValue, e.workspace, e.workflow ?? "", e.step ?? "", e.app ?? "", e.connection ?? "",
            f.detail ?? f.message,
        ]
        return hash(parts.joined(separator: "\u{1F}"))
    }

    /// 128 bits of two FNV-1a passes with different offsets, as 32 hex digits.
    static func hash(_ s: String) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in s.utf8 {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte ^ 0x5A)) &* 0x0000_0100_0000_01B3
        }
        return hex(a) + hex(b)
    }

    private static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
