/// Where each character of a scalar's value is written in the file, for
/// positions inside values (an expression's error at `file:line:col`).
///
/// A value is its source with characters removed (quotes, indentation,
/// escape backslashes) and line breaks turned into spaces or kept (folding),
/// so the value is aligned with its source in order: a value character
/// matches the same source character, a space or line break matches a line
/// break, and only whitespace, quotes and backslashes may be skipped between.
/// Where that fails (an escape such as `\n` or `\u00e9`), the characters
/// from there on have no position.
enum ScalarPositions {
    /// The file positions of the value's characters, as far as they align
    /// (fewer than the value's characters when an escape stops the alignment).
    static func marks(of node: YAMLNode, lines: [Substring]) -> [Mark] {
        guard let scalar = node.scalar else { return [] }
        var line = node.start.line
        var column = node.start.column
        switch scalar.style {
        case .plain: break
        case .singleQuoted, .doubleQuoted: column += 1
        case .literal, .folded:
            // The value starts on the line after the indicator.
            line += 1
            column = 1
        }
        let value = Array(scalar.text)
        var marks: [Mark] = []
        marks.reserveCapacity(value.count)
        var source = characters(lines, line)
        var i = column - 1
        for ch in value {
            var matched = false
            while !matched {
                if i >= source.count {
                    // The end of a line: a line break in the source.
                    if ch == " " || ch == "\n" {
                        marks.append(Mark(line: line, column: i + 1))
                        matched = true
                    }
                    line += 1
                    i = 0
                    guard line - 1 < lines.count else { return marks }
                    source = characters(lines, line)
                    continue
                }
                let s = source[i]
                if s == ch {
                    marks.append(Mark(line: line, column: i + 1))
                    matched = true
                } else if !(s == " " || s == "\t" || s == "\r" || s == "'" || s == "\"" || s == "\\") {
                    return marks
                }
                i += 1
            }
        }
        return marks
    }

    private static func characters(_ lines: [Substring], _ line: Int) -> [Character] {
        line - 1 < lines.count ? Array(lines[line - 1]) : []
    }

    /// A file's lines, split where positions count a line break (`\r\n`,
    /// `\n`, `\r`; NEL, LS and PS are characters of their line, as
    /// ``LineBreaks`` counts them), the first time a position is asked for:
    /// most files load without an error, and splitting a file by characters
    /// took a fifth of a rule file's load. (Split by characters on `\n`, a
    /// file with Windows line breaks was one line, and its positions fell
    /// back to the start of the value.)
    final class Lines {
        private let text: String
        private(set) lazy var all: [Substring] = Self.split(text)

        init(_ text: String) { self.text = text }

        private static func split(_ text: String) -> [Substring] {
            let scalars = text.unicodeScalars
            var lines: [Substring] = []
            var start = scalars.startIndex
            var i = start
            while i < scalars.endIndex {
                let c = scalars[i]
                guard c == "\n" || c == "\r" else {
                    i = scalars.index(after: i)
                    continue
                }
                lines.append(text[start..<i])
                i = scalars.index(after: i)
                if c == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
                start = i
            }
            lines.append(text[start...])
            return lines
        }
    }

    /// The position of character `offset` of the value, or the node's start when it has none.
    static func mark(of offset: Int, in node: YAMLNode, lines: Lines) -> Mark {
        let marks = marks(of: node, lines: lines.all)
        if offset >= 0, offset < marks.count { return marks[offset] }
        // Just past the end of the value (an expression that ends too early).
        if offset == marks.count, offset == node.scalar.map({ $0.text.count }), let last = marks.last {
            return Mark(line: last.line, column: last.column + 1)
        }
        return node.start
    }
}
