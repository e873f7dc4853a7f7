import CEL

/// Evaluates one CEL expression the way rules see the world, for rule authors
/// (`wmdoctor expr`): user variables, `now`, the `wm.*` functions over the
/// built-in catalog, and optionally `workspace`/`workspaces` from exports.
public enum ExpressionContext {
    /// What came of an evaluation.
    public enum Outcome: Sendable {
        case value(CELValue)
        /// The expression compiled but failed at run time.
        case evaluationError(CELError)
        /// The expression does not parse or check (the error has its position in the expression).
        case compileError(CELError)
        /// The inputs could not be read, or hold no workspace.
        case inputErrors([InputError])
    }

    /// Names a `--var` may not take: CEL's reserved words and the names this context binds.
    public static let reservedNames: Set<String> = [
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while", "now", "workspace", "workspaces", "wm",
    ]

    /// A CEL identifier: `[A-Za-z_][A-Za-z0-9_]*`.
    public static func isIdentifier(_ name: String) -> Bool {
        let letter: (Unicode.Scalar) -> Bool = { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        guard let first = name.unicodeScalars.first, letter(first) else { return false }
        return name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    /// A YAML value (one document; empty is null) as a CEL value.
    public static func value(yaml text: String) -> Result<CELValue, YAMLError> {
        let reader = YAMLEventReader(bytes: Array(text.utf8))
        let composer = YAMLComposer(reader: reader)
        do throws(YAMLError) {
            guard case .streamStart = try reader.next(), case .documentStart = try reader.next() else { return .success(.null) }
            let node = try composer.composeNode()
            _ = try reader.next()
            if case .documentStart(let mark) = try reader.next() {
                return .failure(YAMLError("a value is one YAML document", at: mark))
            }
            return .success(CELValueFromYAML.convert(node))
        } catch {
            return .failure(error)
        }
    }

    /// Compiles `expression` with `vars`, `now` (the session's clock), and
    /// (when `inputs` are given) `workspace` (the first workspace) and
    /// `workspaces` (all), read within the session's limits, then evaluates
    /// it. The `wm.*` functions see the session's catalog (built-in plus
    /// configured catalog files). It is type-checked as a rule is: a field a
    /// host type does not have (`workspace.connectionz`) is an error before
    /// anything runs, with "did you mean"; `--var` values are `dyn`.
    public static func evaluate(_ expression: String, vars: [String: CELValue], inputs: [String], session: AnalysisSession) -> Outcome {
        var env = CELEnvironment()
        env.typeCheck = true
        env.suggest = { DidYouMean.suggest($0, from: $1) }
        for t in HostSchema.types { env.declareObjectType(t.celType) }
        var bindings = vars
        let now = session.clock
        for name in vars.keys.sorted() { env.declare(name, type: .dyn) }
        env.declare("now", type: .timestamp)
        bindings["now"] = HostValue.timestamp(now)
        RuleFunctions.register(in: &env, catalog: session.configuration.ruleSet.catalog)
        if !inputs.isEmpty {
            let report = Analyzer(options: session.options(rules: false)).analyze(paths: inputs)
            if !report.errors.isEmpty { return .inputErrors(report.errors) }
            guard !report.workspaces.isEmpty else {
                let at = SourceLocation(file: inputs[0], line: 0, column: 0)
                return .inputErrors([InputError("no workspace in \(inputs.joined(separator: ", "))", at: at)])
            }
            let all = report.workspaces.map(\.workspace)
            let objects = report.workspaces.map { CELValue.object(WorkspaceObjects($0, others: all)) }
            env.declare("workspace", type: .object("wm.Workspace"))
            env.declare("workspaces", type: .list(.object("wm.Workspace")))
            bindings["workspace"] = objects[0]
            bindings["workspaces"] = .list(CELList(objects))
        }
        let program: CELProgram
        do {
            program = try CELProgram(compiling: expression, environment: env)
        } catch {
            return .compileError(error)
        }
        do {
            return .value(try program.evaluate(bindings))
        } catch {
            return .evaluationError(error)
        }
    }

    /// `expr:L:C: message`, then the expression's line and a caret under the
    /// column (when the error has a position); `message` alone otherwise.
    public static func describe(_ error: CELError, in expression: String, name: String = "expr") -> String {
        guard let line = error.line, let column = error.column else { return "\(name): \(error.message)" }
        let lines = expression.split(separator: "\n", omittingEmptySubsequences: false)
        var out = "\(name):\(line):\(column): \(error.message)"
        if line >= 1, line <= lines.count {
            let text = lines[line - 1]
            let pad = text.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            out += "\n" + text + "\n" + pad + "^"
        }
        return out
    }
}
