/// Which findings a report that cannot show everything shows first (the
/// SARIF and GitHub limits, Markdown's length, HTML's "fix these first"): the
/// most severe, then those that surely break the most uses, then those that
/// may break the most, then those that put the most at risk, then report order.
extension Finding {
    /// Severity, uses it surely breaks, uses it breaks or may break, uses it
    /// affects (at risk too): larger is more important.
    struct Importance: Comparable {
        var severity: Int
        var breaks: Int
        var mayBreak: Int
        var affected: Int

        static func < (a: Importance, b: Importance) -> Bool {
            (a.severity, a.breaks, a.mayBreak, a.affected) < (b.severity, b.breaks, b.mayBreak, b.affected)
        }
    }

    var importance: Importance {
        Importance(
            severity: severity.rank, breaks: surelyBroken, mayBreak: affectsMeaning == .risks ? 0 : affects.count, affected: affects.count)
    }

    public static func moreImportant(_ a: Finding, _ b: Finding) -> Bool { precedes(a, a.importance, b, b.importance) }

    /// Whether `a` (of importance `x`) comes before `b` (of importance `y`).
    static func precedes(_ a: Finding, _ x: Importance, _ b: Finding, _ y: Importance) -> Bool {
        x != y ? x > y : reportOrder(a, b)
    }
}

extension Report {
    /// The findings that count (not suppressed, not baselined), most important first.
    public var activeByImportance: [Finding] { Self.byImportance(activeFindings) { _ in true } }

    /// Every finding, counting or not, most important first (suppressed and
    /// baselined ones after those that count).
    public var allByImportance: [Finding] { Self.byImportance(findings, first: Report.isActive) }

    /// `findings` sorted by ``Finding/moreImportant(_:_:)``, those `first` holds
    /// for before the others; each finding's importance worked out once (it
    /// counts its uses: thousands for a connection many steps run as).
    private static func byImportance(_ findings: [Finding], first: (Finding) -> Bool) -> [Finding] {
        let keyed = findings.map { (first: first($0), importance: $0.importance) }
        return findings.indices.sorted { i, j in
            let (a, b) = (keyed[i], keyed[j])
            if a.first != b.first { return a.first }
            return Finding.precedes(findings[i], a.importance, findings[j], b.importance)
        }.map { findings[$0] }
    }
}
