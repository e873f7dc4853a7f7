/// A position in an input file: 1-based line and column, columns counted in
/// characters (Unicode scalars), as an editor shows them.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    /// How many characters the thing located spans on its line (for `^~~~`), 0 if unknown.
    public let length: Int

    public init(file: String, line: Int, column: Int, length: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
        self.length = length
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// "line:L,col:C", the short form used in "previously defined at ..." notes.
    public var shortDescription: String { "line:\(line),col:\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if a.line != b.line { return a.line < b.line }
        return a.column < b.column
    }

    /// The same place with another underline length.
    public func spanning(_ length: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column, length: length)
    }

    /// Where this is, as seen from a file: "line:L,col:C" in the same file, "file:L:C" elsewhere.
    public func described(relativeTo other: String) -> String {
        other == file ? shortDescription : description
    }
}

/// A value read from an input file together with where it was written.
public struct Located<Value: Sendable>: Sendable {
    public let value: Value
    public let location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
