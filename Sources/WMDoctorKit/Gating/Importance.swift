/// Which findings a report that cannot show everything shows first (the
/// SARIF and GitHub limits, Markdown's length, HTML's "fix these first"): the
/// most severe, then those that break the most uses, then report order.
extension Finding {
    public static func moreImportant(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.affects.count != b.affects.count { return a.affects.count > b.affects.count }
        return reportOrder(a, b)
    }
}

extension Report {
    /// The findings that count (not suppressed, not baselined), most important first.
    public var activeByImportance: [Finding] { activeFindings.sorted(by: Finding.moreImportant) }

    /// Every finding, counting or not, most important first (suppressed and
    /// baselined ones after those that count).
    public var allByImportance: [Finding] {
        findings.sorted { a, b in
            Report.isActive(a) != Report.isActive(b) ? Report.isActive(a) : Finding.moreImportant(a, b)
        }
    }
}
