import Foundation
import XCTest

@testable import WMDoctorKit

/// docs/schemas/rule.schema.json and config.schema.json, the JSON Schemas
/// editors use: they accept every built-in rule and every example in the
/// docs, reject unknown keys, and name the keys wmdoctor reads.
final class EditorSchemaTests: XCTestCase {
    static let schemas = Repo.root.appendingPathComponent("docs/schemas")

    func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.schemas.appendingPathComponent(name))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func keys(_ object: [String: Any], _ path: String...) throws -> Set<String> {
        var o = object
        for p in path { o = try XCTUnwrap(o[p] as? [String: Any], path.joined(separator: "/")) }
        return Set(try XCTUnwrap(o["properties"] as? [String: Any]).keys)
    }

    func testSchemasNameTheKeysWMDoctorReads() throws {
        let rule = try json("rule.schema.json")
        XCTAssertEqual(try keys(rule), Set(RuleLoader.keys))
        XCTAssertEqual(Set(try XCTUnwrap(rule["required"] as? [String])), Set(RuleLoader.required))
        let properties = try XCTUnwrap(rule["properties"] as? [String: Any])
        XCTAssertEqual(try keys(properties, "params", "additionalProperties"), Set(RuleLoader.paramKeys))
        XCTAssertEqual(try keys(properties, "examples", "items"), Set(RuleLoader.exampleKeys))
        XCTAssertEqual(try keys(properties, "severity_when", "items"), Set(RuleLoader.severityWhenKeys))
        let categories = try XCTUnwrap((properties["category"] as? [String: Any])?["enum"] as? [String])
        XCTAssertEqual(Set(categories), Set(FindingCategory.allCases.map(\.rawValue)))
        let config = try json("config.schema.json")
        XCTAssertEqual(try keys(config), Set(ConfigReader.keys))
        let configProperties = try XCTUnwrap(config["properties"] as? [String: Any])
        XCTAssertEqual(try keys(configProperties, "suppressions", "items"), Set(ConfigReader.suppressionKeys))
        let failOn = try XCTUnwrap((configProperties["fail_on"] as? [String: Any])?["enum"] as? [String])
        XCTAssertEqual(Set(failOn), Set(WMDoctorConfig.FailOn.allCases.map(\.rawValue)))
    }

    /// Validates with Python's `jsonschema` (as the report schema is): the
    /// built-in rules, the docs' rule and configuration examples, and mistakes that must be rejected.
    func testSchemasAcceptTheRulesAndExamplesAndRejectUnknownKeys() throws {
        let script = #"""
            import glob, json, re, sys
            import yaml, jsonschema
            root = sys.argv[1]
            class Loader(yaml.SafeLoader):
                pass
            # Dates stay strings, as wmdoctor reads them.
            Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                                              for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
            def validator(name):
                schema = json.load(open(root + "/docs/schemas/" + name, encoding="utf-8"))
                cls = jsonschema.validators.validator_for(schema)
                cls.check_schema(schema)
                assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
                return cls(schema)
            rule, config = validator("rule.schema.json"), validator("config.schema.json")
            problems, counts = [], {"rules": 0, "doc rules": 0, "doc configs": 0}
            def check(v, doc, where, valid=True):
                errors = list(v.iter_errors(doc))
                if valid and errors:
                    problems.extend(where + ": " + e.message for e in errors)
                if not valid and not errors:
                    problems.append(where + ": accepted, should be rejected")
            for path in sorted(glob.glob(root + "/Rules/rules/*.yaml")):
                check(rule, yaml.load(open(path, encoding="utf-8"), Loader), path)
                counts["rules"] += 1
            config_keys = set(config.schema["properties"])
            for path in [root + "/README.md"] + sorted(glob.glob(root + "/docs/*.md")):
                text = open(path, encoding="utf-8").read()
                for n, block in enumerate(re.findall(r"```yaml\n(.*?)```", text, re.S)):
                    doc = yaml.load(block, Loader)
                    if not isinstance(doc, dict):
                        continue
                    if "id" in doc and "when" in doc:
                        check(rule, doc, "%s yaml block %d" % (path, n + 1))
                        counts["doc rules"] += 1
                    elif set(doc) <= config_keys:
                        check(config, doc, "%s yaml block %d" % (path, n + 1))
                        counts["doc configs"] += 1
            base = yaml.load(open(root + "/Rules/rules/WM304-token-expiring-soon.yaml", encoding="utf-8"), Loader)
            check(rule, dict(base, whn="true"), "unknown rule key", False)
            check(rule, dict(base, params={"window_days": {"defualt": 7}}), "unknown param key", False)
            check(rule, dict(base, params={"window_days": {"type": "integer", "default": 7}}), "unknown param type", False)
            check(rule, dict(base, examples=[{"triggers": True, "export": "x", "trigger": True}]), "unknown example key", False)
            check(rule, dict(base, severity="fatal"), "unknown severity", False)
            check(config, {"rule": {}}, "unknown configuration key", False)
            check(config, {"rules": {"WM304": {"param": {}}}}, "unknown rule setting", False)
            check(config, {"suppressions": [{"rule": "WM201", "reason": "r", "workflows": "x"}]}, "unknown suppression key", False)
            check(config, {"fail_on": "sometimes"}, "unknown fail_on", False)
            check(config, None, "an empty configuration")
            print(json.dumps(counts))
            for p in problems:
                print(p)
            sys.exit(1 if problems else 0)
            """#
        let result = try Validators.run(["python3", "-c", script, Repo.root.path])
        XCTAssertEqual(result.status, 0, result.output)
        // Every built-in rule and the docs' examples were seen.
        XCTAssertTrue(result.output.contains("\"doc rules\": 1"), result.output)
        XCTAssertTrue(result.output.contains("\"doc configs\": 3"), result.output)
    }
}
