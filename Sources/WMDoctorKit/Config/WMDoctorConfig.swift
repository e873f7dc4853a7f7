import CEL

/// The contents of a `.wmdoctor.yaml`, typed and positioned. Rule references
/// are kept as written (id or name): they are checked against the loaded
/// rules by ``WMDoctorConfig/settings(for:)``.
public struct WMDoctorConfig: Sendable {
    /// `fail_on`: the default of `--fail-on`.
    public enum FailOn: String, Sendable, CaseIterable {
        case error, warning, info, never
    }

    /// One entry of `rules:`, e.g. `WM304: {params: {window_days: 14}}` or `unused-connection: off`.
    public struct RuleEntry: Sendable {
        /// The rule id or name, as written.
        public var key: Located<String>
        /// `on`/`off`, `true`/`false`, or `enabled:`.
        public var enabled: Located<Bool>?
        public var severity: Located<Severity>?
        public var params: [ParamEntry] = []
    }

    /// A param value for a rule, as a CEL value.
    public struct ParamEntry: Sendable {
        public var name: Located<String>
        public var value: CELValue
        /// Where the value was written (for type errors).
        public var valueLocation: SourceLocation
    }

    /// One `accounts:` entry: the account pattern expected for an app.
    public struct AccountPolicy: Sendable {
        public var app: Located<String>
        public var pattern: Located<String>
    }

    /// A rule folder as written, and the path it resolves to (relative to the configuration file).
    public struct RuleFolder: Sendable {
        public var written: Located<String>
        public var path: String
    }

    /// The configuration file's path, as displayed in messages.
    public var file: String
    public var rules: [RuleEntry] = []
    public var ruleFolders: [RuleFolder] = []
    public var accounts: [AccountPolicy] = []
    /// Where `accounts:` was written, when it was.
    public var accountsLocation: SourceLocation?
    public var failOn: Located<FailOn>?
    /// `suppressions:`, in the order written.
    public var suppressions: [Suppression] = []

    public init(file: String) {
        self.file = file
    }
}

