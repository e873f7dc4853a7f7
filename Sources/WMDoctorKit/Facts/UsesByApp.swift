/// The uses of several apps, from one pass over the steps and triggers: the
/// apps scope asks for each app's uses in turn, and a pass per app
/// (``ResolvedWorkspace/uses(ofApp:)``) read a million steps seven times at
/// dense 100 MB. One byte per use and four per workflow are kept, not the
/// lists (a list of every use by app, held at once, was 8 MB).
struct UsesByApp {
    private let apps: [VocabularyText]
    /// Each use's app, in the order of ``ResolvedWorkspace/uses(ofApp:)``
    /// (each workflow's trigger, then its steps): its index in `apps`, or
    /// `apps.count` for any other app or none.
    private let appOfUse: [UInt8]
    /// Each workflow's steps, counted twice, plus one when it has a trigger.
    private let shape: [UInt32]

    /// The uses of `keys` (nil past 254 apps, or a workflow of more than two billion steps).
    init?(_ ws: ResolvedWorkspace, apps keys: [String]) {
        guard keys.count < Int(UInt8.max) else { return nil }
        let apps = keys.map { VocabularyText($0) }
        let other = UInt8(apps.count)
        func index(_ app: VocabularyText) -> UInt8 { apps.firstIndex(of: app).map { UInt8($0) } ?? other }
        var appOfUse: [UInt8] = []
        var shape: [UInt32] = []
        let workflows = ws.workspace.workflows
        shape.reserveCapacity(workflows.count)
        for wi in workflows.indices {
            let steps = workflows[wi].steps
            guard steps.count < Int(UInt32.max / 2) else { return nil }
            // Read in place, as uses(ofApp:) does (a trigger copied retains each of its texts).
            let triggerApp = workflows[wi].trigger?.appNumber
            if let triggerApp { appOfUse.append(index(triggerApp)) }
            for si in steps.indices { appOfUse.append(index(steps[si].appNumber)) }
            shape.append(UInt32(steps.count) * 2 + (triggerApp == nil ? 0 : 1))
        }
        self.apps = apps
        self.appOfUse = appOfUse
        self.shape = shape
    }

    /// Every use of app `key`, as ``ResolvedWorkspace/uses(ofApp:)`` lists
    /// them; nil when `key` is not one of the apps.
    func uses(ofApp key: String) -> [UseRef]? {
        guard let i = apps.firstIndex(of: VocabularyText(key)) else { return nil }
        let wanted = UInt8(i)
        var out: [UseRef] = []
        var at = 0
        for (wi, s) in shape.enumerated() {
            if s & 1 == 1 {
                if appOfUse[at] == wanted { out.append(UseRef(workflow: wi, step: nil)) }
                at += 1
            }
            for si in 0..<Int(s >> 1) where appOfUse[at + si] == wanted { out.append(UseRef(workflow: wi, step: si)) }
            at += Int(s >> 1)
        }
        return out
    }
}
