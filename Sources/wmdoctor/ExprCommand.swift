import ArgumentParser
import CEL
import Foundation
import WMDoctorKit

/// `wmdoctor expr EXPR`: evaluates a CEL expression as rules see the world.
struct ExprCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expr",
        abstract: "Evaluate a CEL expression (for rule authors).",
        discussion: """
            Variables: the --var names, now, and with --input, workspace (the first workspace) and workspaces (all); \
            the wm.* functions see the catalog of the configuration (built-in plus configured catalog files). Prints the value in CEL literal syntax (or tagged JSON with --json). \
            Exit status: 0 a value; 1 an evaluation error; 2 the expression does not compile or an input is wrong; 64 the command line is wrong.
            """)

    @Argument(help: "The expression, e.g. 'wm.days(3) > duration(\"48h\")'.")
    var expression: String

    @Option(name: .customLong("var"), help: ArgumentHelp("Bind NAME to a YAML value (repeatable), e.g. --var 'scopes=[a, b]'.", valueName: "name=yaml"))
    var vars: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("An export file or folder to load (repeatable); binds workspace and workspaces.", valueName: "path"))
    var inputs: [String] = []

    @Flag(help: "Print the value in tagged JSON ({\"int\": \"1\"}, ...).")
    var json = false

    @OptionGroup var session: SessionOptions

    func validate() throws {
        _ = try bindings()
    }

    /// The `--var` values, parsed as YAML.
    private func bindings() throws -> [String: CELValue] {
        var out: [String: CELValue] = [:]
        for v in vars {
            guard let eq = v.firstIndex(of: "=") else { throw ValidationError("--var \(v): write NAME=VALUE") }
            let name = String(v[..<eq]), text = String(v[v.index(after: eq)...])
            guard ExpressionContext.isIdentifier(name) else { throw ValidationError("--var \(v): \(quoted(name)) is not an identifier (letters, digits, _)") }
            guard !ExpressionContext.reservedNames.contains(name) else { throw ValidationError("--var \(v): \(quoted(name)) is reserved") }
            guard out[name] == nil else { throw ValidationError("--var \(name) is given twice") }
            switch ExpressionContext.value(yaml: text) {
            case .success(let value): out[name] = value
            case .failure(let e): throw ValidationError("--var \(name): not YAML: \(e.mark.line):\(e.mark.column): \(e.message)")
            }
        }
        return out
    }

    func run() throws {
        switch ExpressionContext.evaluate(expression, vars: try bindings(), inputs: inputs, session: try session.session()) {
        case .value(let v):
            print(json ? v.taggedJSON : v.literal)
        case .evaluationError(let e):
            if json { print(CELValue.error(e).taggedJSON) }
            Console.error(ExpressionContext.describe(e, in: expression) + "\n")
            throw ExitCode(1)
        case .compileError(let e):
            Console.error(ExpressionContext.describe(e, in: expression) + "\n")
            throw ExitCode(2)
        case .inputErrors(let errors):
            Console.error(InputErrors(sorting: errors).description + "\n")
            throw ExitCode(2)
        }
    }
}
