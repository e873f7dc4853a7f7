/// `wmdoctor why`: one workflow seen through the analysis `check` runs. A
/// pure value built from a report (its bindings, usability and findings) and
/// the catalog; the renderers (text, JSON, Markdown) only format it.
public struct WorkflowDiagnosis: Sendable {
    /// The analysis clock every expiry is relative to.
    public var now: Timestamp
    public var workspace: String
    public var workflow: WorkflowFacts
    /// The trigger, then the steps in order (only the one asked for, with `WORKFLOW/STEP`).
    public var uses: [UseDiagnosis]
    /// Checks about the workflow itself.
    public var checks: [CheckResult]
    /// The workflow's verdict: the worst of its uses'.
    public var verdict: Verdict
    /// Inputs that could not be analysed: what they held is not in this diagnosis.
    public var inputErrors: [InputError]
}

/// What the export says of the workflow.
public struct WorkflowFacts: Sendable {
    public var id: String
    public var name: String
    public var enabled: Bool
    public var environment: Environment?
    public var location: SourceLocation
    /// `expect.accounts`: an account pattern per app key.
    public var expectations: [(app: String, pattern: String, location: SourceLocation)]
}

/// One step or the trigger, all the way from how its connection is chosen to its verdict.
public struct UseDiagnosis: Sendable {
    /// `.step` or `.trigger`.
    public var kind: EntityKind
    /// The step's id (nil: the trigger).
    public var id: String?
    public var name: String?
    public var app: String?
    /// The action (a step) or event (a trigger).
    public var operation: String?
    public var location: SourceLocation
    public var choice: ConnectionChoice
    /// The connection chosen, nil when none is.
    public var connection: ConnectionFacts?
    /// What the operation needs against what the connection was granted (nil: no connection or no app).
    public var access: AccessCheck?
    /// When the export does not determine the pick: the other tied
    /// connections the use may run as, each with its state and access
    /// (`connection` and `access` are the one shown first).
    public var others: [PossibleConnection] = []
    public var expectations: [ExpectationCheck]
    /// Every check that ran on the use, its connection and its app, passed or not.
    public var checks: [CheckResult]
    public var verdict: Verdict

    /// `step "notify" (Tell the team)`, `trigger`.
    public var title: String {
        guard let id else { return "trigger" }
        var s = "step \(quoted(id))"
        if let name, name != id { s += " (\(name))" }
        return s
    }
}

/// A connection a use may run as, besides the one shown, when the export does not determine the pick.
public struct PossibleConnection: Sendable {
    public var connection: ConnectionFacts
    /// What the operation needs against what this connection was granted.
    public var access: AccessCheck?
}

/// How the connection of a use is chosen (spec: "How Workflow Machine picks a
/// step's connection at run time"), and among which connections.
public struct ConnectionChoice: Sendable {
    public var method: BindingMethod
    public var failure: BindingFailure?
    /// The spec's rule that applies, in its words.
    public var rule: String
    /// The rule's number in the spec (1, 2 or 3; nil: no connection needed).
    public var ruleNumber: Int?
    /// `connection:` as written: `id` or `name`, its value and position.
    public var reference: (by: String, value: String, location: SourceLocation)?
    /// Every connection considered, in export order, with why it was or was not picked.
    public var candidates: [ChoiceCandidate]
    /// The id of the connection picked.
    public var chosen: String?
    /// When the dates do not decide the pick: why (the export cannot tell).
    public var undetermined: String?
}

/// One connection considered for a use.
public struct ChoiceCandidate: Sendable {
    public var id: String
    public var name: String
    public var app: String
    public var location: SourceLocation
    public var picked: Bool
    /// The export cannot tell it from the pick (missing or equal dates): the use may run as it.
    public var tied: Bool
    /// Why it was (or was not) picked, with the dates that decided.
    public var reason: String
}

/// The state of a connection, from non-secret fields only.
public struct ConnectionFacts: Sendable {
    public var id: String
    public var name: String
    public var app: String
    public var location: SourceLocation
    public var status: ConnectionStatus
    /// Whether it can run a step at `now` (spec rule 4).
    public var usability: Usability
    /// When it stops being usable if nothing changes (nil: never, or already not active).
    public var unusableFrom: Timestamp?
    public var lastError: (code: String?, message: String?, at: Timestamp?)?
    public var authType: AuthType?
    public var tokenKind: TokenKind?
    public var expiresAt: Timestamp?
    public var refreshable: Bool
    public var refreshExpiresAt: Timestamp?
    public var issuedAt: Timestamp?
    public var environment: Environment?
    /// `id`, `label`, `email` as (field, value), in that order, those present.
    public var account: [(field: String, value: String)]
    /// `account.mode`, else the mode of the key's prefix.
    public var mode: AccountMode?
    /// What the key's visible prefix tells (Stripe), nil when it tells nothing.
    public var key: CatalogKeyMode?
    public var isDefault: Bool
}

/// What an action or trigger needs against what the connection was granted.
public struct AccessCheck: Sendable {
    /// `action` or `trigger`.
    public var kind: String
    public var operation: String
    /// The provider's API method, when the catalog has it.
    public var method: String?
    /// Whether the catalog knows the app and the operation; when not, nothing could be compared.
    public var catalogued: Bool
    /// Each group of accepted scopes (any one satisfies it; every group must be satisfied).
    public var groups: [ScopeGroup]
    public var grant: Grant?
    /// The token kind the operation requires (Slack `search.messages`: `user`), and the connection's.
    public var tokenKindNeeded: TokenKind?
    public var tokenKind: TokenKind?
}

/// One group of accepted scopes and what satisfies it.
public struct ScopeGroup: Sendable {
    /// As the catalog writes them.
    public var accepted: [String]
    /// The granted scopes (as exported) that satisfy it, directly, by alias or by implication.
    public var metBy: [String]
    /// Satisfied, not satisfied, or nil: the grant is unknown.
    public var met: Bool?
}

/// An account expectation and whether the bound account meets it.
public struct ExpectationCheck: Sendable {
    /// `step`, `trigger` or `workflow` (its `expect.accounts` entry for the use's app).
    public var source: String
    public var pattern: String
    public var location: SourceLocation
    /// The account field that matched, nil when none did (or there is no connection).
    public var match: (field: String, value: String)?
    /// The connection whose account was compared.
    public var connection: String?

    public var met: Bool { match != nil }
}

/// A rule evaluated on the use, its connection, its app or the workflow, and what it found.
public struct CheckResult: Sendable {
    public var rule: RuleID
    /// What it was evaluated on: `step`, `trigger`, `workflow`, `connection "x"`, `app slack`, `workspace`.
    public var subject: String
    /// The findings it made there (empty: it passed).
    public var findings: [Finding]
    /// Whether those findings break this use (they list it, or are about it).
    public var breaksUse: Bool

    public var passed: Bool { findings.isEmpty }
}

/// Whether a use (or the workflow) runs, and the change that makes it run.
public struct Verdict: Sendable {
    public enum Outcome: String, Sendable, Comparable {
        case runs
        /// Runs today; its connection stops being usable on `date`.
        case willFail = "will-fail"
        case mayFail = "may-fail"
        case fails
        /// A disabled workflow never runs.
        case disabled

        var rank: Int {
            switch self {
            case .runs: return 0
            case .willFail: return 1
            case .mayFail: return 2
            case .fails: return 3
            case .disabled: return 4
            }
        }

        public static func < (a: Outcome, b: Outcome) -> Bool { a.rank < b.rank }
    }

    public var outcome: Outcome
    /// For `willFail`: when.
    public var date: Timestamp?
    /// Why, in words: the findings' messages and the facts the export leaves open.
    public var reasons: [String]
    /// The one change that makes it run: the remediation of the finding that matters most.
    public var fix: String?
    /// The rule whose remediation `fix` is.
    public var fixRule: RuleID?
    /// Findings on the app that the use relies on (several defaults, an
    /// implicit pick): how its connection is picked may change without an edit
    /// to the workflow. They do not decide the outcome.
    public var risks: [String] = []

    /// `runs`, `fails`, `may fail`, `will fail on 2026-11-28T00:00:00Z`, `disabled: never runs`.
    public var phrase: String {
        switch outcome {
        case .runs: return "runs"
        case .willFail: return "runs, but will fail on \(date.map(\.description) ?? "a later date")"
        case .mayFail: return "may fail"
        case .fails: return "fails"
        case .disabled: return "never runs: the workflow is disabled"
        }
    }

    /// `why`'s exit status: 0 runs (also until a later date), 1 fails, may fail or never runs.
    public var exitStatus: Int32 {
        outcome <= .willFail ? ExitStatus.clean : ExitStatus.findings
    }
}
