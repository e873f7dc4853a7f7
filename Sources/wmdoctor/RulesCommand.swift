import ArgumentParser
import Foundation
import WMDoctorKit

/// `wmdoctor rules list|show|test`: the rules, built-in and configured.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, describe and test rules.",
        subcommands: [List.self, Show.self, Test.self]
    )

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every rule (built-in and from configured rule folders), sorted by id.")

        @Option(name: .shortAndLong, help: "text (an aligned table) or json.")
        var format: ListFormat = .text

        @OptionGroup var config: ConfigOptions

        func run() throws {
            let c = try config.load()
            print(format == .json ? RuleListing.json(c) : RuleListing.table(c), terminator: "")
            try reportRuleErrors(c)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Describe a rule: summary, description, remediation, scopes, params and examples.")

        @Argument(help: ArgumentHelp("The rule's id or name, e.g. WM201 or missing-scope.", valueName: "rule"))
        var rule: String

        @OptionGroup var config: ConfigOptions

        func run() throws {
            try showRule(rule, config: config)
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the examples of rule files.",
            discussion: """
                PATH may be rule files or folders (catalog files among them are loaded first); default: the built-in \
                rules and the configured rule folders. Exit status: 0 every example passes; 1 an example fails; 2 a rule \
                file does not load.
                """)

        @Argument(help: "Rule files or folders.")
        var paths: [String] = []

        @OptionGroup var session: SessionOptions

        func run() throws {
            // Examples' exports are read within the limits; their clock is --now, else 2026-11-24T00:00:00Z.
            let session = try self.session.session()
            let run: RuleTestRun
            if paths.isEmpty {
                let c = session.configuration
                run = RuleTestRun(rules: c.ruleSet.rules, catalog: c.ruleSet.catalog, loadErrors: c.ruleErrors, session: session)
            } else {
                run = RuleTestRun.load(paths: paths, session: session)
            }
            print(run.text, terminator: "")
            throw ExitCode(run.exitStatus)
        }
    }
}

/// `wmdoctor explain RULE`: the same as `wmdoctor rules show RULE`.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Describe a rule (the same as `rules show`).")

    @Argument(help: ArgumentHelp("The rule's id or name, e.g. WM201 or missing-scope.", valueName: "rule"))
    var rule: String

    @OptionGroup var config: ConfigOptions

    func run() throws {
        try showRule(rule, config: config)
    }
}

private func showRule(_ key: String, config: ConfigOptions) throws {
    let c = try config.load()
    switch RuleListing.find(key, in: c.ruleSet.rules) {
    case .success(let rule):
        print(RuleListing.show(rule, c), terminator: "")
        try reportRuleErrors(c)
    case .failure(let e):
        if let check = RuleListing.builtinCheck(key) {
            print(RuleListing.show(check), terminator: "")
            return
        }
        Console.error("wmdoctor: " + e.errors.map(\.message).joined(separator: "\n") + "\n")
        throw ExitCode(ExitStatus.usage)
    }
}

/// Rule files of configured folders that did not load: on standard error, status 2.
private func reportRuleErrors(_ c: Configuration) throws {
    guard !c.ruleErrors.isEmpty else { return }
    Console.error(InputErrors(sorting: c.ruleErrors).description + "\n")
    throw ExitCode(2)
}
