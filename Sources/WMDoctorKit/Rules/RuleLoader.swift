import CEL
import Foundation

/// Reads rule files: validates every key (with "did you mean"), compiles
/// every expression once, and maps expression errors to positions in the
/// rule file.
public enum RuleLoader {
    static let keys = [
        "id", "name", "category", "severity", "summary", "description", "remediation", "for", "let", "when",
        "message", "at", "params", "examples", "tags", "enabled", "affects", "affects_mean", "severity_when", "related",
    ]
    static let required = ["id", "name", "category", "severity", "summary", "for", "when", "message"]
    static let exampleKeys = ["name", "triggers", "export", "params"]
    static let paramKeys = ["type", "default", "description"]
    static let severityWhenKeys = ["when", "severity"]

    public static func load(text: String, path: String, catalog: AppCatalog) -> Result<Rule, InputErrors> {
        // Examples plant fake secrets for the secret rules to find: they are not redacted.
        let document = SingleDocument.read(text: text, path: path, what: "a rule file", redactsSecretShapes: false)
        let ctx = document.ctx
        guard let root = document.root else {
            let empty = InputError("a rule file holds one YAML mapping; this one is empty", at: SourceLocation(file: path, line: 1, column: 1))
            return .failure(InputErrors(document.problems.isEmpty ? [empty] : document.problems))
        }
        var errors = document.problems
        let lines = ScalarPositions.Lines(text)
        let rule = read(root, ctx: ctx, lines: lines, catalog: catalog, errors: &errors)
        errors += ctx.findings.map { InputError($0.message, at: $0.location) }
        if let rule, errors.isEmpty { return .success(rule) }
        errors.sort { $0.location < $1.location }
        return .failure(InputErrors(errors))
    }

    private static func read(
        _ root: YAMLNode, ctx: LoadContext, lines: ScalarPositions.Lines, catalog: AppCatalog, errors: inout [InputError]
    ) -> Rule? {
        guard let f = Fields(root, section: "rule", allowed: keys, required: required, ctx: ctx) else { return nil }
        let id = f.string("id")
        let name = f.string("name")
        if let id, !Self.isRuleID(id.value) {
            errors.append(InputError("rule id \(quoted(id.value)) should be letters then digits, e.g. WM201", at: id.location))
        }
        if let name, !Self.isRuleName(name.value) {
            errors.append(InputError("rule name \(quoted(name.value)) should be kebab-case, e.g. missing-scope", at: name.location))
        }
        let category = f.string("category").flatMap { c -> FindingCategory? in
            if let v = FindingCategory(rawValue: c.value) { return v }
            let allowed = FindingCategory.allCases.map(\.rawValue)
            errors.append(InputError("category \(quoted(c.value)) should be one of \(allowed.joined(separator: ", "))\(DidYouMean.hint(c.value, from: allowed))", at: c.location))
            return nil
        }
        let severity = f.string("severity").flatMap { s -> Severity? in
            if let v = Severity(rawValue: s.value) { return v }
            let allowed = Severity.allCases.map(\.rawValue)
            errors.append(InputError("severity \(quoted(s.value)) should be one of \(allowed.joined(separator: ", "))\(DidYouMean.hint(s.value, from: allowed))", at: s.location))
            return nil
        }
        let affectsMeaning = f.string("affects_mean").flatMap { m -> AffectsMeaning? in
            if let v = AffectsMeaning(rawValue: m.value) { return v }
            let allowed = AffectsMeaning.allCases.map(\.rawValue)
            errors.append(InputError("affects_mean \(quoted(m.value)) should be one of \(allowed.joined(separator: ", "))\(DidYouMean.hint(m.value, from: allowed))", at: m.location))
            return nil
        }
        let summary = f.string("summary")
        let description = f.string("description")
        let remediation = f.string("remediation")
        let enabled = f.bool("enabled")?.value ?? true
        let tags = f.stringList("tags")?.value.map(\.value) ?? []
        let scopes = readScopes(f, errors: &errors)
        let params = readParams(f, ctx: ctx, errors: &errors)
        var letNames: [(String, YAMLNode)] = []
        if let node = f.node("let") {
            if let pairs = node.pairs {
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else { continue }
                    if RuleEnvironment.variables(for: scopes).contains(key) || letNames.contains(where: { $0.0 == key }) {
                        errors.append(InputError("let name \(quoted(key)) is already a variable of this rule", at: ctx.location(of: pair.key)))
                        continue
                    }
                    letNames.append((key, pair.value))
                }
            } else {
                errors.append(InputError("\"let\" should be a mapping from names to expressions", at: ctx.location(of: node)))
            }
        }
        var env = RuleEnvironment.make(scopes: scopes, lets: letNames.map(\.0), params: params, catalog: catalog)
        var lets: [(name: String, expression: CompiledExpression)] = []
        for (letName, node) in letNames {
            if let c = compile(node, what: "let \(letName)", env: env, ctx: ctx, lines: lines, errors: &errors) {
                lets.append((letName, c))
                // The next expressions see the let's type.
                env.declare(letName, type: c.program.type)
            }
        }
        let when = f.node("when").flatMap { compile($0, what: "when", env: env, ctx: ctx, lines: lines, errors: &errors) }
        if let when, let node = f.node("when") { expect(.bool, of: when, "when", node, lines: lines, ctx: ctx, errors: &errors) }
        var message: MessageTemplate?
        if let node = f.node("message"), let text = Fields.string(node, key: "message", section: "rule", ctx: ctx) {
            do {
                message = try MessageTemplate.compile(text.value, environment: env)
            } catch {
                errors.append(InputError("in the message template: \(error.message)", at: position(in: node, offset: error.offset, lines: lines, ctx: ctx)))
            }
        }
        let affects = f.node("affects").flatMap { compile($0, what: "affects", env: env, ctx: ctx, lines: lines, errors: &errors) }
        let related = f.node("related").flatMap { compile($0, what: "related", env: env, ctx: ctx, lines: lines, errors: &errors) }
        if let affects, let node = f.node("affects") {
            expect(.list(.object("wm.Usage")), of: affects, "affects", node, lines: lines, ctx: ctx, errors: &errors)
        }
        if let related, let node = f.node("related") {
            // One connection or a list of them.
            expect(.list(.object("wm.Connection")), or: CELStaticType.object("wm.Connection").orNull, of: related, "related", node, lines: lines, ctx: ctx, errors: &errors)
        }
        let severityWhen = readSeverityWhen(f, env: env, ctx: ctx, lines: lines, errors: &errors)
        var at: [String] = []
        if let node = f.node("at"), let path = Fields.string(node, key: "at", section: "rule", ctx: ctx) {
            at = path.value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if let problem = AtPath.check(at, scopes: scopes) {
                errors.append(InputError(problem.message, at: position(in: node, offset: problem.offset, lines: lines, ctx: ctx)))
            }
        }
        let examples = readExamples(f, params: params, ctx: ctx, errors: &errors)
        guard let id, let name, let category, let severity, let summary, let when, let message, !scopes.isEmpty else {
            return nil
        }
        if !examples.contains(where: \.triggers) || !examples.contains(where: { !$0.triggers }) {
            errors.append(InputError("a rule needs at least one triggering and one non-triggering example", at: f.keyLocation("examples") ?? f.location))
        }
        let descriptor = RuleDescriptor(
            id: RuleID(id.value, name.value), category: category, defaultSeverity: severity, summary: summary.value,
            description: trimmed(description?.value ?? summary.value), remediation: remediation.map { trimmed($0.value) },
            tags: tags)
        var rule = Rule(
            descriptor: descriptor, scopes: scopes, lets: lets, when: when, message: message, at: at, params: params,
            examples: examples, file: ctx.file, location: f.location, enabled: enabled)
        rule.affects = affects
        rule.affectsMeaning = affectsMeaning ?? .breaks
        // A step or trigger rule without `affects` lists its own use, which `affects_mean` may qualify.
        if affectsMeaning != nil, affects == nil, !RuleScope.visitUses(scopes) {
            errors.append(InputError("\"affects_mean\" says what \"affects\" lists; this rule has no \"affects\" (nor is it a rule of steps or triggers, which list their own use)", at: f.keyLocation("affects_mean") ?? f.location))
        }
        rule.related = related
        rule.severityWhen = severityWhen
        rule.whenLets = Rule.letsNeeded(by: when.program.source, lets: lets)
        rule.whenSteps = Rule.whenSteps(when.program, env: env, lets: lets, whenLets: rule.whenLets)
        rule.slotMap = when.program.variables.map { RuleEnvironment.slotIndex[$0] ?? -1 }
        return rule
    }

    /// Whether `id` is a rule id: capitals, then digits (`WM101`). The
    /// usual id is told by its bytes; anything else by the pattern (whose
    /// `$` also matches before a final line break).
    static func isRuleID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        let letters = bytes.prefix { (0x41...0x5A).contains($0) }.count
        if letters > 0, letters < bytes.count, bytes[letters...].allSatisfy({ (0x30...0x39).contains($0) }) { return true }
        return id.range(of: #"^[A-Z]+[0-9]+$"#, options: .regularExpression) != nil
    }

    /// Whether `name` is a rule name: lowercase words of letters and digits
    /// joined by single hyphens (`unknown-connection`). Told by its bytes
    /// when it is one; anything else by the pattern.
    static func isRuleName(_ name: String) -> Bool {
        let words = name.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        if words.allSatisfy({ !$0.isEmpty && $0.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) } }) { return true }
        return name.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil
    }

    /// `s` without leading and trailing white space and line breaks. A text
    /// that starts and ends, past its ASCII white space, with a visible
    /// ASCII character (a rule's description, nearly always) is cut by its
    /// bytes, without Foundation's search.
    static func trimmed(_ s: String) -> String {
        let bytes = Array(s.utf8)
        // ASCII white space and line breaks, all of which the set holds.
        func blank(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        var start = 0
        var end = bytes.count
        while start < end, blank(bytes[start]) { start += 1 }
        while end > start, blank(bytes[end - 1]) { end -= 1 }
        if start == end { return "" }
        if (0x21...0x7E).contains(bytes[start]), (0x21...0x7E).contains(bytes[end - 1]) {
            return start == 0 && end == bytes.count ? s : String(decoding: bytes[start..<end], as: UTF8.self)
        }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func readScopes(_ f: Fields, errors: inout [InputError]) -> [RuleScope] {
        guard let node = f.node("for") else { return [] }
        let items = node.items ?? [node]
        var scopes: [RuleScope] = []
        for item in items {
            guard let text = item.scalar?.text else { continue }
            if let s = RuleScope(rawValue: text) {
                scopes.append(s)
            } else {
                let allowed = RuleScope.allCases.map(\.rawValue)
                errors.append(InputError("\"for\" should be one of \(allowed.joined(separator: ", ")), got \(quoted(text))\(DidYouMean.hint(text, from: allowed))", at: f.ctx.location(of: item)))
            }
        }
        return scopes
    }

    /// `severity_when:`: a list of `{when: EXPR, severity: LEVEL}`.
    private static func readSeverityWhen(
        _ f: Fields, env: CELEnvironment, ctx: LoadContext, lines: ScalarPositions.Lines, errors: inout [InputError]
    ) -> [(condition: CompiledExpression, severity: Severity)] {
        guard let node = f.node("severity_when") else { return [] }
        guard let items = node.items else {
            errors.append(InputError("\"severity_when\" should be a list of {when: EXPRESSION, severity: error|warning|info}", at: ctx.location(of: node)))
            return []
        }
        return items.compactMap { item in
            guard let sf = Fields(item, section: "severity_when entry", allowed: severityWhenKeys, required: severityWhenKeys, ctx: ctx),
                let s = sf.string("severity"), let whenNode = sf.node("when")
            else { return nil }
            guard let severity = Severity(rawValue: s.value) else {
                let allowed = Severity.allCases.map(\.rawValue)
                errors.append(InputError("severity \(quoted(s.value)) should be one of \(allowed.joined(separator: ", "))\(DidYouMean.hint(s.value, from: allowed))", at: s.location))
                return nil
            }
            guard let condition = compile(whenNode, what: "severity_when", env: env, ctx: ctx, lines: lines, errors: &errors) else { return nil }
            expect(.bool, of: condition, "severity_when", whenNode, lines: lines, ctx: ctx, errors: &errors)
            return (condition, severity)
        }
    }

    private static func readParams(_ f: Fields, ctx: LoadContext, errors: inout [InputError]) -> [RuleParam] {
        guard let node = f.node("params") else { return [] }
        guard let pairs = node.pairs else {
            errors.append(InputError("\"params\" should be a mapping of parameter names", at: ctx.location(of: node)))
            return []
        }
        return pairs.compactMap { pair in
            guard let name = pair.key.scalar?.text,
                let pf = Fields(pair.value, section: "param \(quoted(name))", allowed: paramKeys, required: ["default"], ctx: ctx),
                let value = pf.node("default")
            else { return nil }
            let defaultValue = CELValueFromYAML.convert(value)
            var type = ParamType.inferred(from: defaultValue)
            if let t = pf.string("type") {
                guard let declared = ParamType.parse(t.value) else {
                    errors.append(InputError(ParamType.invalid(t.value), at: t.location))
                    return nil
                }
                type = declared
                guard let converted = ParamType.convert(defaultValue, to: declared) else {
                    errors.append(InputError(
                        "the default of param \(quoted(name)) should be \(ParamType.article(declared)), got \(ParamType.describe(defaultValue))",
                        at: ctx.location(of: value)))
                    return nil
                }
                return RuleParam(name: name, type: type, defaultValue: converted, description: pf.string("description")?.value)
            }
            return RuleParam(name: name, type: type, defaultValue: defaultValue, description: pf.string("description")?.value)
        }
    }

    private static func readExamples(_ f: Fields, params declared: [RuleParam], ctx: LoadContext, errors: inout [InputError]) -> [RuleExample] {
        guard let node = f.node("examples") else { return [] }
        guard let items = node.items else {
            errors.append(InputError("\"examples\" should be a list", at: ctx.location(of: node)))
            return []
        }
        return items.enumerated().compactMap { (n, item) in
            guard let ef = Fields(item, section: "example", allowed: exampleKeys, required: ["triggers", "export"], ctx: ctx),
                let triggers = ef.bool("triggers"), let exportNode = ef.node("export"),
                let export = Fields.string(exportNode, key: "export", section: "example", ctx: ctx)
            else { return nil }
            // Block scalars start on the line after their indicator.
            let firstLine = exportNode.scalar?.style == .literal || exportNode.scalar?.style == .folded
                ? exportNode.start.line + 1 : exportNode.start.line
            let marked = markedLines(export.value)
            if triggers.value && marked.isEmpty {
                errors.append(InputError("a triggering example marks the lines where findings must appear with \"# <-\"", at: export.location))
            }
            if !triggers.value && !marked.isEmpty {
                errors.append(InputError("a non-triggering example has no \"# <-\" markers", at: export.location))
            }
            var params: [String: CELValue] = [:]
            for pair in ef.node("params")?.pairs ?? [] {
                guard let key = pair.key.scalar?.text else { continue }
                let value = CELValueFromYAML.convert(pair.value)
                guard let param = declared.first(where: { $0.name == key }) else {
                    let names = declared.map(\.name)
                    errors.append(InputError("unknown param \(quoted(key))\(DidYouMean.hint(key, from: names))", at: ctx.location(of: pair.key)))
                    continue
                }
                guard let converted = ParamType.convert(value, to: param.type) else {
                    errors.append(InputError(
                        "param \(quoted(key)) should be \(ParamType.article(param.type)), got \(ParamType.describe(value))",
                        at: ctx.location(of: pair.value)))
                    continue
                }
                params[key] = converted
            }
            return RuleExample(
                name: ef.string("name")?.value ?? "example \(n + 1)", triggers: triggers.value, export: export.value,
                location: SourceLocation(file: ctx.file, line: firstLine, column: 1), expectedLines: marked, params: params)
        }
    }

    /// The lines (from 1) of an example's export that hold `# <-`.
    /// Lines and characters as `String` splits and compares them; an ASCII
    /// text without a carriage return (whose `\r\n` would be one character)
    /// is read by its bytes, which give the same lines without working out
    /// where each character ends.
    static func markedLines(_ export: String) -> [Int] {
        guard ASCIIText.isASCII(export), !export.utf8.contains(UInt8(ascii: "\r")) else {
            return export.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.contains("# <-") }.map { $0.offset + 1 }
        }
        let marker = Array("# <-".utf8)
        return export.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
            .filter { ASCIIText.contains($0.element, marker) }.map { $0.offset + 1 }
    }

    private static func compile(
        _ node: YAMLNode, what: String, env: CELEnvironment, ctx: LoadContext, lines: ScalarPositions.Lines, errors: inout [InputError]
    ) -> CompiledExpression? {
        guard let text = Fields.string(node, key: what, section: "rule", ctx: ctx) else { return nil }
        guard text.value.unicodeScalars.count <= ExpressionLimits.maxLength else {
            errors.append(InputError(ExpressionLimits.tooLong(what, text.value), at: text.location))
            return nil
        }
        do {
            let program = try CELProgram(compiling: text.value, environment: env)
            return CompiledExpression(program: program, location: text.location)
        } catch {
            errors.append(InputError("in \(what): \(error.message)", at: position(in: node, offset: error.offset ?? 0, lines: lines, ctx: ctx)))
            return nil
        }
    }

    /// Reports an expression whose type is not `type` (a `dyn` one is checked when it runs).
    private static func expect(
        _ type: CELStaticType, or alternative: CELStaticType? = nil, of expression: CompiledExpression, _ what: String, _ node: YAMLNode,
        lines: ScalarPositions.Lines, ctx: LoadContext, errors: inout [InputError]
    ) {
        let got = expression.program.type
        var bindings: [String: CELStaticType] = [:]
        guard got.nonNull != .dyn, !CELStaticType.fits(got, type, &bindings) else { return }
        if let alternative {
            var other: [String: CELStaticType] = [:]
            if CELStaticType.fits(got, alternative, &other) { return }
        }
        let expected = ParamType.article(type) + (alternative.map { " or " + ParamType.article($0) } ?? "")
        errors.append(InputError("\"\(what)\" should give \(expected), but gives \(got)", at: position(in: node, offset: 0, lines: lines, ctx: ctx)))
    }

    /// The rule-file position of character `offset` of a scalar's value
    /// (plain, quoted or block: see ``ScalarPositions``).
    static func position(in node: YAMLNode, offset: Int, lines: ScalarPositions.Lines, ctx: LoadContext) -> SourceLocation {
        guard node.scalar != nil else { return ctx.location(of: node) }
        let mark = ScalarPositions.mark(of: offset, in: node, lines: lines)
        return mark == node.start ? ctx.location(of: node) : ctx.location(mark, length: 1)
    }
}
