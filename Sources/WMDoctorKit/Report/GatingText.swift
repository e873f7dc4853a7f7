/// The text report's gating parts: the stale baseline entries and the ranked
/// fixes (`--rank`).
enum GatingText {
    /// An info line about baseline entries that match nothing any more, with a note per entry.
    static func stale(_ report: Report, _ style: ANSI) -> String {
        guard let b = report.baseline, !b.stale.isEmpty else { return "" }
        let n = b.stale.count
        var out = "\(style.bold(terminalSafe(b.file))): \(style.severity(.info)): "
        out += style.bold("\(n) baseline \(n == 1 ? "entry matches" : "entries match") no finding any more (fixed?): rewrite the baseline with `wmdoctor baseline write \(terminalSafe(b.file))` to shrink it") + "\n"
        for e in b.stale {
            out += "  \(style.cyan("note:")) \(terminalSafe("stale: \(e.title)"))\n"
        }
        return out + "\n"
    }

    /// `Top fixes:` and one numbered line per fix, when `--rank` was given.
    static func fixes(_ report: Report, _ style: ANSI) -> String {
        guard let fixes = report.fixes else { return "" }
        guard !fixes.isEmpty else { return style.bold("Top fixes:") + " none: no finding counts.\n\n" }
        var out = style.bold("Top fixes:") + "\n"
        let width = String(fixes.count).count
        for (n, f) in fixes.enumerated() {
            let number = String(n + 1)
            out += "  " + String(repeating: " ", count: width - number.count) + number + ". " + terminalSafe(f.text) + "\n"
        }
        return out + "\n"
    }
}
