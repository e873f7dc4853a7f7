import ArgumentParser
import Foundation
import WMDoctorKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension WhyFormat: ExpressibleByArgument {}

/// `wmdoctor why WORKFLOW[/STEP] [PATH...]`: one workflow diagnosed, from the
/// same analysis as `check`. The command only wires: WMDoctorKit's `Why/`
/// finds the workflow, builds the diagnosis and renders it.
struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain why one workflow (or one step) fails, or that it runs.",
        discussion: """
            WORKFLOW is a workflow's id or display name; WORKFLOW/STEP one step (by id or name) or WORKFLOW/trigger; \
            WORKSPACE/WORKFLOW[/STEP] or --workspace chooses among workspaces. For the trigger and each step: how its \
            connection is chosen, the connection's state, what the action needs against what was granted, the account \
            expectations, every check with its result (passing ones included) and the verdict with the fix. \
            Exit status: 0 the workflow runs (also when it will fail at a later date); 1 a step fails or may fail, or \
            the workflow is disabled; 2 an input could not be analysed; 64 an unknown or ambiguous workflow or step, or a usage error.
            """)

    @Argument(help: ArgumentHelp("The workflow: id or name, optionally /STEP or /trigger, e.g. \"Lead alerts/notify\".", valueName: "workflow"))
    var workflow: String

    @Argument(help: "Export files or folders.")
    var paths: [String] = ["."]

    @Option(help: ArgumentHelp("Look for the workflow in this workspace only.", valueName: "slug"))
    var workspace: String?

    @Option(name: .shortAndLong, help: "text, json or markdown.")
    var format: WhyFormat = .text

    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.")
    var output: String?

    @Option(help: "Colour the text: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @OptionGroup var session: SessionOptions

    func validate() throws {
        if workflow.isEmpty { throw ValidationError("name a workflow: its id or display name") }
    }

    func run() throws {
        let session = try self.session.session()
        let configuration = session.configuration
        let report = session.analyzeAndGate(paths: paths, snippets: true)
        PhaseTimer.mark("gating")
        announceSkipped(report)
        let lookup = WorkflowLookup(report.workspaces.map(\.workspace))
        if let workspace, !lookup.slugs.contains(workspace) {
            let known = lookup.slugs.isEmpty ? "no workspace was read" : "workspaces read: " + lookup.slugs.joined(separator: ", ")
            try usage("no workspace \(quoted(workspace))\(DidYouMean.hint(workspace, from: lookup.slugs)) (\(known))", report)
        }
        switch lookup.find(workflow, workspace: workspace) {
        case .found(let target, let part):
            let ran = RuleEngine(rules: configuration.ruleSet.rules, catalog: configuration.ruleSet.catalog, settings: configuration.settings).activeRules
            let diagnosis = WorkflowDiagnosis(report: report, target: target, part: part, rules: ran, catalog: configuration.ruleSet.catalog)
            PhaseTimer.mark("diagnosis")
            try write(diagnosis, report: report, reading: paths + session.readFiles)
            PhaseTimer.mark("written")
            throw ExitCode(report.errors.isEmpty ? diagnosis.verdict.exitStatus : ExitStatus.inputError)
        case .unknownWorkflow(let name, let suggestion):
            let hint = suggestion.map { "; did you mean \(quoted($0))?" } ?? ""
            let n = report.workspaces.reduce(0) { $0 + $1.workspace.workflows.count }
            try usage("no workflow has the id or name \(quoted(name))\(hint) (\(n) \(n == 1 ? "workflow" : "workflows") read from \(report.inputs.count) \(report.inputs.count == 1 ? "file" : "files"))", report)
        case .ambiguous(let name, let candidates):
            // Each line escaped on its own: export text cannot start a line.
            var text = terminalLine("\(quoted(name)) names \(candidates.count) workflows; say which one:") + "\n"
            for c in candidates {
                text += "  " + terminalLine("\(c.qualified)  (\(c.name)) at \(c.location)") + "\n"
            }
            text += terminalLine("e.g. wmdoctor why \(shellWord(candidates[0].qualified)) ..., or add --workspace \(shellWord(candidates[0].workspace))")
            try usage(text, report, escaped: true)
        case .unknownStep(let name, let target, let suggestion):
            let w = report.workspaces[target.workspace].workspace.workflows[target.workflow]
            let hint = suggestion.map { "; did you mean \(quoted($0))?" } ?? ""
            let what = name == "trigger" ? "has no trigger" : "has no step with the id or name \(quoted(name))\(hint)"
            try usage("workflow \(quoted(w.id.value)) (\(w.name.value)) at \(w.location) \(what)", report)
        }
    }

    /// The diagnosis, to `--output` or standard output (the write policy of every report).
    private func write(_ d: WorkflowDiagnosis, report: Report, reading: [String]) throws {
        let isTerminal = (output == nil || output == "-") && isatty(STDOUT_FILENO) == 1
        let colors = format == .text && color.enabled(isTerminal: isTerminal, environment: ProcessInfo.processInfo.environment)
        let text = format.render(d, colors: colors)
        try refuseTargets(as: [output].compactMap { $0 }, report: report, named: reading)
        try writeFile(output ?? "-") { $0.write(text) }
    }

    /// A workflow or step that cannot be told: status 64, or 2 when some input
    /// could not be analysed (the workflow may be in it).
    private func usage(_ message: String, _ report: Report, escaped: Bool = false) throws -> Never {
        for e in report.errors { Console.error(terminalLine("\(e.location): error: \(e.message)") + "\n") }
        Console.error("wmdoctor: " + (escaped ? message : terminalLine(message)) + "\n")
        throw ExitCode(report.errors.isEmpty ? ExitStatus.usage : ExitStatus.inputError)
    }

    /// A word as a shell reads it: quoted when it holds anything but letters, digits and `_-./`.
    private func shellWord(_ s: String) -> String {
        let plain = s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_-./".unicodeScalars.contains($0) }
        return plain && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
