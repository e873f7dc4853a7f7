/// The text report's gating parts: the stale baseline entries and the ranked
/// fixes (`--rank`).
enum GatingText {
    /// An info line about baseline entries that match nothing any more, with a
    /// note per entry, and one about recorded uses its findings no longer affect (break or put at risk).
    static func stale(_ report: Report, _ style: ANSI) -> String {
        guard let b = report.baseline, b.isStale else { return "" }
        let rewrite = "rewrite the baseline with `wmdoctor baseline write \(terminalSafe(b.file))` to shrink it"
        let strict = b.strict ? " (--strict-baseline: this fails the check)" : ""
        let level = style.severity(b.strict ? .error : .info)
        var out = ""
        if !b.stale.isEmpty {
            let n = b.stale.count
            out += "\(style.bold(terminalSafe(b.file))): \(level): "
            out += style.bold("\(n) baseline \(n == 1 ? "entry matches" : "entries match") no finding any more (fixed?): \(rewrite)\(strict)") + "\n"
            for e in b.stale {
                out += "  \(style.cyan("note:")) \(terminalSafe("stale: \(e.title)"))\n"
            }
        }
        if b.staleUses > 0 {
            let n = b.staleUses
            out += "\(style.bold(terminalSafe(b.file))): \(level): "
            out += style.bold("\(n) recorded \(n == 1 ? "use is" : "uses are") no longer affected by \(n == 1 ? "its finding" : "their findings") (fixed or gone): \(rewrite)\(strict)") + "\n"
            for f in report.findings where !f.staleUses.isEmpty {
                let uses = f.staleUses.map(\.path).joined(separator: ", ")
                out += "  \(style.cyan("note:")) \(terminalSafe("stale uses of \(f.rule.id) \(f.rule.name) on \(f.entity.qualifiedDisplayPath): \(uses)"))\n"
            }
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
