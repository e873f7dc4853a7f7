/// The formats of `wmdoctor why`.
public enum WhyFormat: String, CaseIterable, Sendable {
    case text, json, markdown

    /// The diagnosis in this format; `colors` only for text.
    public func render(_ d: WorkflowDiagnosis, colors: Bool = false) -> String {
        switch self {
        case .text: return WhyTextRenderer(colors: colors).render(d)
        case .json: return WhyJSONRenderer().render(d)
        case .markdown: return WhyMarkdownRenderer().render(d)
        }
    }
}
