/// Which workflow (and step) `wmdoctor why WORKFLOW[/STEP]` means: by id or
/// display name, across workspaces, `WORKSPACE/WORKFLOW[/STEP]` to choose
/// among workspaces, `trigger` for the trigger.
public struct WorkflowLookup: Sendable {
    /// A workflow of a report: indices into `report.workspaces` and its workflows.
    public struct Target: Sendable, Hashable {
        public var workspace: Int
        public var workflow: Int
    }

    /// One step of the workflow, or its trigger.
    public enum Part: Sendable, Hashable {
        case trigger
        case step(Int)
    }

    public enum Outcome: Sendable {
        case found(Target, part: Part?)
        /// No workflow has this id or name; the closest id or name, if one is close.
        case unknownWorkflow(String, suggestion: String?)
        /// Several workflows answer to the name: each with its workspace and position.
        case ambiguous(String, candidates: [Candidate])
        /// The workflow exists but has no such step (or no trigger).
        case unknownStep(String, workflow: Target, suggestion: String?)
    }

    /// A workflow that a name could mean, for "which one?".
    public struct Candidate: Sendable {
        public var workspace: String
        public var id: String
        public var name: String
        public var location: SourceLocation
        /// What to type to mean this one: `acme/wf_lead_alerts`.
        public var qualified: String { "\(workspace)/\(id)" }
    }

    private let workspaces: [Workspace]

    public init(_ workspaces: [Workspace]) {
        self.workspaces = workspaces
    }

    /// Finds `query`, only in workspace `workspace` when given. The longest
    /// leading part of `query` (split at `/`) that names a workflow is the
    /// workflow, the rest its step: a name holding `/` is found whole.
    public func find(_ query: String, workspace: String? = nil) -> Outcome {
        let parts = query.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for k in stride(from: parts.count, through: 1, by: -1) {
            let key = parts[0..<k].joined(separator: "/")
            let rest = k < parts.count ? parts[k...].joined(separator: "/") : nil
            let matches = workflows(named: key, workspace: workspace)
            guard !matches.isEmpty else { continue }
            if matches.count > 1 {
                return .ambiguous(key, candidates: matches.map(candidate))
            }
            let target = matches[0]
            guard let rest else { return .found(target, part: nil) }
            return step(rest, of: target)
        }
        let pool = scope(workspace)
        var words: [String] = []
        for (_, w) in pool {
            words.append(w.id.value)
            if w.name.value != w.id.value { words.append(w.name.value) }
        }
        return .unknownWorkflow(query, suggestion: DidYouMean.suggest(parts[0], from: words) ?? DidYouMean.suggest(query, from: words))
    }

    /// The slugs of the workspaces read, for "no workspace named".
    public var slugs: [String] { workspaces.map(\.slug) }

    private func scope(_ slug: String?) -> [(Int, Workflow)] {
        var out: [(Int, Workflow)] = []
        for (i, ws) in workspaces.enumerated() where slug == nil || ws.slug == slug {
            for w in ws.workflows { out.append((i, w)) }
        }
        return out
    }

    /// Workflows whose id, else whose name, else whose name ignoring case, is `key`;
    /// `slug/rest` also means workflow `rest` of workspace `slug`.
    private func workflows(named key: String, workspace: String?) -> [Target] {
        var found = exact(key, workspace: workspace)
        if found.isEmpty, workspace == nil, let slash = key.firstIndex(of: "/") {
            let slug = String(key[..<slash]), rest = String(key[key.index(after: slash)...])
            if workspaces.contains(where: { $0.slug == slug }) { found = exact(rest, workspace: slug) }
        }
        return found
    }

    private func exact(_ key: String, workspace: String?) -> [Target] {
        let tests: [(Workflow) -> Bool] = [
            { $0.id.value == key }, { $0.name.value == key }, { $0.name.value.lowercased() == key.lowercased() },
        ]
        for test in tests {
            var out: [Target] = []
            for (i, ws) in workspaces.enumerated() where workspace == nil || ws.slug == workspace {
                // The first definition of a duplicated id is the workflow (duplicates are findings).
                var seen: Set<String> = []
                for (j, w) in ws.workflows.enumerated() where seen.insert(w.id.value).inserted && test(w) {
                    out.append(Target(workspace: i, workflow: j))
                }
            }
            if !out.isEmpty { return out }
        }
        return []
    }

    private func step(_ key: String, of target: Target) -> Outcome {
        let w = workspaces[target.workspace].workflows[target.workflow]
        if key == "trigger" {
            return w.trigger == nil ? .unknownStep(key, workflow: target, suggestion: nil) : .found(target, part: .trigger)
        }
        if let i = w.steps.firstIndex(where: { $0.id.value == key }) ?? w.steps.firstIndex(where: { $0.name?.value == key })
            ?? w.steps.firstIndex(where: { $0.name?.value.lowercased() == key.lowercased() })
        {
            return .found(target, part: .step(i))
        }
        var words = w.steps.flatMap { [$0.id.value] + ($0.name.map { [$0.value] } ?? []) }
        if w.trigger != nil { words.append("trigger") }
        return .unknownStep(key, workflow: target, suggestion: DidYouMean.suggest(key, from: words))
    }

    private func candidate(_ t: Target) -> Candidate {
        let ws = workspaces[t.workspace], w = ws.workflows[t.workflow]
        return Candidate(workspace: ws.slug, id: w.id.value, name: w.name.value, location: w.location)
    }
}
