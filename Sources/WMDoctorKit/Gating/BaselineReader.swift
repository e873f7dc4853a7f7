import Foundation

/// Reads a baseline file written by `wmdoctor baseline write`. Any problem
/// (missing file, JSON syntax, unknown keys, a bad fingerprint) is an error
/// with file:line:column: `check` stops with the usage status (64).
public enum BaselineReader {
    static let keys = ["version", "tool", "created", "entries"]
    static let entryKeys = ["fingerprint", "rule", "rule_name", "entity", "message", "uses"]
    static let useKeys = ["kind", "workflow", "step"]
    static let entityKeys = ["kind", "workspace", "workflow", "step", "app", "connection"]

    public static func load(path: String) -> Result<Baseline, InputErrors> {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
            let data = FileManager.default.contents(atPath: path)
        else {
            let what = isDir.boolValue ? "is a folder, not a baseline file" : "no such baseline file (write one with `wmdoctor baseline write \(path)`)"
            return .failure(InputErrors(sorting: [InputError("\(what): \(path)", at: SourceLocation(file: path, line: 0, column: 0))]))
        }
        return read(text: String(decoding: data, as: UTF8.self), path: path)
    }

    public static func read(text: String, path: String) -> Result<Baseline, InputErrors> {
        let document = SingleDocument.read(text: text, path: path, what: "a baseline file")
        guard document.problems.isEmpty else { return .failure(InputErrors(sorting: document.problems)) }
        guard let root = document.root else {
            return .failure(InputErrors(sorting: [InputError("the baseline file is empty", at: SourceLocation(file: path, line: 1, column: 1))]))
        }
        let ctx = document.ctx
        var errors: [InputError] = []
        var baseline = Baseline(entries: [])
        if let f = Fields(root, section: "the baseline", allowed: keys, required: ["version", "entries"], ctx: ctx) {
            if let v = f.string("version"), v.value != String(Baseline.formatVersion) {
                // A version 1 file has other fingerprints and no uses: matching it would call every finding new, or worse.
                let hint = v.value == "1"
                    ? "it was written by an earlier wmdoctor, before baselines recorded the steps each finding breaks, and its fingerprints mean something else; write it again with `wmdoctor baseline write \(path) PATH...` on the same exports (review the diff: findings it hid are recorded again)"
                    : "this wmdoctor reads version \(Baseline.formatVersion); write it again with `wmdoctor baseline write \(path) PATH...`"
                errors.append(InputError("baseline version \(quoted(v.value)) is not supported: \(hint)", at: v.location))
                return .failure(InputErrors(sorting: errors))
            }
            if let tool = f.node("tool"), let tf = Fields(tool, section: "\"tool\"", allowed: ["name", "version"], ctx: ctx) {
                baseline.toolVersion = tf.string("version")?.value ?? ""
            }
            baseline.created = f.timestamp("created")?.value
            if let list = f.node("entries") {
                if let items = list.items {
                    baseline.entries = items.compactMap { entry($0, ctx: ctx, errors: &errors) }
                } else {
                    errors.append(InputError("\"entries\" in the baseline should be a list, got \(phrase(of: list, key: "entries"))", at: ctx.location(of: list)))
                }
            }
        }
        errors += ctx.findings.map { InputError($0.message, at: $0.location) }
        return errors.isEmpty ? .success(baseline) : .failure(InputErrors(sorting: errors))
    }

    private static func entry(_ node: YAMLNode, ctx: LoadContext, errors: inout [InputError]) -> Baseline.Entry? {
        guard let f = Fields(node, section: "a baseline entry", allowed: entryKeys, required: ["fingerprint", "rule"], ctx: ctx),
            let fp = f.string("fingerprint"), let rule = f.string("rule")
        else { return nil }
        guard fp.value.count == 32, fp.value.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            errors.append(InputError("\(quoted(fp.value)) is not a wmdoctor fingerprint (32 lowercase hex digits)", at: fp.location))
            return nil
        }
        var entity: EntityRef?
        if let e = f.node("entity"), let ef = Fields(e, section: "\"entity\"", allowed: entityKeys, ctx: ctx) {
            let kind = ef.string("kind").flatMap { EntityKind(rawValue: $0.value) } ?? .workspace
            entity = EntityRef(
                kind: kind, workspace: ef.string("workspace")?.value ?? "", workflow: ef.string("workflow")?.value,
                step: ef.string("step")?.value, app: ef.string("app")?.value, connection: ef.string("connection")?.value)
        }
        var uses: [UseKey] = []
        if let list = f.node("uses") {
            if let items = list.items {
                for item in items {
                    guard let uf = Fields(item, section: "a use", allowed: useKeys, required: ["kind", "workflow"], ctx: ctx),
                        let kind = uf.string("kind"), let workflow = uf.string("workflow")
                    else { continue }
                    switch kind.value {
                    case "step":
                        guard let step = uf.string("step") else {
                            errors.append(InputError("a use of kind \"step\" needs \"step\" (the step id)", at: uf.location))
                            continue
                        }
                        uses.append(UseKey(workflow: workflow.value, step: step.value))
                    case "trigger":
                        uses.append(UseKey(workflow: workflow.value, step: nil))
                    default:
                        errors.append(InputError("a use's kind should be step or trigger, got \(quoted(kind.value))\(DidYouMean.hint(kind.value, from: ["step", "trigger"]))", at: kind.location))
                    }
                }
            } else {
                errors.append(InputError("\"uses\" in a baseline entry should be a list", at: ctx.location(of: list)))
            }
        }
        return Baseline.Entry(
            fingerprint: fp.value, rule: rule.value, ruleName: f.string("rule_name")?.value, entity: entity,
            message: f.string("message")?.value, uses: uses)
    }
}
