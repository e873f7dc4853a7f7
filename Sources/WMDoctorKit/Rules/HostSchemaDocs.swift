import CEL

/// The field reference of docs/RULES.md, written from the host schema (a test
/// keeps the document equal to it).
public enum HostSchemaDocs {
    static let begin = "<!-- BEGIN field reference: generated from HostSchema by `WMDOCTOR_WRITE_DOCS=1 swift test --filter HostSchemaTests`; do not edit by hand -->"
    static let end = "<!-- END field reference -->"

    /// The markdown between the markers.
    public static var markdown: String {
        var out = ""
        for t in HostSchema.types {
            out += "\n#### `\(t.name)`\n\n\(t.doc)\(t.locatable ? " A place: `at:` may end on it." : "")\n\n"
            out += "| field | type | `at:` | meaning |\n|---|---|---|---|\n"
            for f in t.fields {
                let at: String
                switch f.place {
                case .none: at = ""
                case .value: at = "yes"
                case .keyed: at = "yes, and `.KEY`"
                case .nested: at = "yes, and its fields"
                }
                out += "| `\(f.name)` | `\(f.type)` | \(at) | \(f.doc.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return out + "\n"
    }

    /// `document` with the text between the markers replaced; nil when the markers are missing.
    public static func update(_ document: String) -> String? {
        guard let a = document.range(of: begin), let b = document.range(of: end), a.upperBound <= b.lowerBound else { return nil }
        return String(document[..<a.upperBound]) + "\n" + markdown + String(document[b.lowerBound...])
    }
}
