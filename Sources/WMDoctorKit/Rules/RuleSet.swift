import Foundation

/// The rules and the app catalog: the built-in ones embedded from `Rules/`
/// at build time, plus any user rule folders (which may add apps, actions
/// and rules; built-in rules have no powers that users' rules lack).
public struct RuleSet: Sendable {
    public var rules: [Rule]
    public var catalog: AppCatalog

    /// Files of one rule source: (display path, text).
    public typealias Source = [(path: String, text: String)]

    /// The built-in files, as embedded at build time (paths like `Rules/rules/WM201-missing-scope.yaml`).
    public static var builtinFiles: Source {
        BuiltinRuleFiles.files.map { ("Rules/" + $0.path, $0.text) }
    }

    /// Loads catalogs first (from every source), then rules. A broken file is
    /// reported and the others still load.
    public static func load(_ sources: Source) -> (RuleSet, [InputError]) {
        var catalog = AppCatalog()
        var errors: [InputError] = []
        // Told apart once per file, by bytes: Foundation's `contains` went
        // through UTF-16 over every rule file and the catalog, a fifth of a
        // small check's time.
        let catalogs = sources.map { file in
            file.path.contains("/catalog/") || file.text.hasPrefix("catalog:") || Self.hasLine(startingWith: "catalog: v1", in: file.text)
        }
        for (i, file) in sources.enumerated() where catalogs[i] {
            switch CatalogLoader.load(bytes: Array(file.text.utf8), path: file.path) {
            case .success(let f): catalog.merge(f)
            case .failure(let e): errors += e.errors
            }
        }
        var rules: [Rule] = []
        var seen: [String: SourceLocation] = [:]
        for (i, file) in sources.enumerated() where !catalogs[i] {
            switch RuleLoader.load(text: file.text, path: file.path, catalog: catalog) {
            case .success(let rule):
                for key in [rule.id.id, rule.id.name] {
                    if let first = seen[key] {
                        errors.append(InputError("rule \(quoted(key)) is defined twice; previously defined at \(first)", at: rule.location))
                    }
                }
                guard seen[rule.id.id] == nil, seen[rule.id.name] == nil else { continue }
                seen[rule.id.id] = rule.location
                seen[rule.id.name] = rule.location
                rules.append(rule)
            case .failure(let e): errors += e.errors
            }
        }
        rules.sort { $0.id.id < $1.id.id }
        return (RuleSet(rules: rules, catalog: catalog), errors)
    }

    /// Whether a line of `text` starts with `prefix` (compared by UTF-8 bytes).
    static func hasLine(startingWith prefix: String, in text: String) -> Bool {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).contains { $0.starts(with: prefix.utf8) }
    }

    /// The `.yaml`/`.yml` files under a user's rule folder, in path order. A
    /// rule file the walk cannot open or follow (a link loop, a dangling
    /// link) is an error: a rule would be missing.
    public static func files(inFolder folder: String) -> (Source, [InputError]) {
        let (inputs, errors, skipped) = InputDiscovery.discover([folder])
        var out: Source = []
        var errs = errors
        for s in skipped where s.reason != .linkToFolder {
            errs.append(InputError("\(s.path): \(s.why)", at: SourceLocation(file: s.path, line: 1, column: 1)))
        }
        for input in inputs {
            do {
                out.append((input.path, try InputFile.text(input.path)))
            } catch {
                errs.append(error)
            }
        }
        return (out, errs)
    }

    public var descriptors: [RuleDescriptor] { rules.map(\.descriptor) }
}
