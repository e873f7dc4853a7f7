import CEL

/// A message with embedded expressions: `step {{ use.id }} lacks {{ missing }}`.
/// Strings are inserted as they are, lists joined with ", ", other values in
/// CEL literal form.
public struct MessageTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case expression(CELProgram)
    }

    let parts: [Part]

    /// Splits `source` at `{{ … }}`; each expression is compiled once.
    /// `offset` in the error is the character offset of the failing part in `source`.
    static func compile(_ source: String, environment: CELEnvironment) throws(TemplateError) -> MessageTemplate {
        var parts: [Part] = []
        var rest = Substring(source)
        var consumed = 0
        while let open = rest.range(of: "{{") {
            let before = rest[rest.startIndex..<open.lowerBound]
            if !before.isEmpty { parts.append(.text(String(before))) }
            consumed += before.count + 2
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                throw TemplateError(message: "\"{{\" is not closed by \"}}\"", offset: consumed - 2)
            }
            let expr = String(afterOpen[afterOpen.startIndex..<close.lowerBound])
            do {
                parts.append(.expression(try CELProgram(compiling: expr, environment: environment)))
            } catch {
                throw TemplateError(message: error.message, offset: consumed + max(0, (error.offset ?? 0)))
            }
            consumed += expr.count + 2
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return MessageTemplate(parts: parts)
    }

    func render(positional values: [CELValue]) throws(CELError) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .expression(let p): out += MessageTemplate.text(try p.evaluate(positional: values))
            }
        }
        return out
    }

    /// The template made ready to render on many entities: its expressions
    /// as runners over the rule's values, lent in place (``CELRunner``), so a
    /// finding's message copies no variables and allocates no evaluation state.
    final class Renderer: Sendable {
        private enum Piece: Sendable {
            case text(String)
            case expression(CELRunner)
        }
        private let pieces: [Piece]

        init(_ template: MessageTemplate) {
            pieces = template.parts.map { part in
                switch part {
                case .text(let t): return .text(t)
                case .expression(let p): return .expression(CELRunner(p))
                }
            }
        }

        /// As ``MessageTemplate/render(positional:)``; `values` is given back unchanged.
        func render(_ values: inout [CELValue], scratch: CELScratch) throws(CELError) -> String {
            var out = ""
            for piece in pieces {
                switch piece {
                case .text(let t): out += t
                case .expression(let r): out += MessageTemplate.text(try r.evaluate(&values, scratch: scratch))
                }
            }
            // A finding keeps it: at its size, not with the room appending grew.
            return out.exactSize()
        }
    }

    static func text(_ v: CELValue) -> String {
        switch v {
        case .string(let s): return s
        case .list(let l): return (0..<l.count).map { text(l[$0]) }.joined(separator: ", ")
        case .null: return "none"
        default: return v.literal
        }
    }
}

struct TemplateError: Error {
    var message: String
    var offset: Int
}
