import Foundation

/// A position in an input file: 1-based line and column, columns counted in
/// characters (Unicode scalars), as an editor shows them.
///
/// 16 bytes and no reference: the file is an interned number (``SourceFiles``),
/// so the millions of positions a large export carries cost little memory and
/// copying one never touches a reference count.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The file, as its number in ``SourceFiles/shared``.
    let fileID: UInt32
    private let line32: UInt32
    private let column32: UInt32
    private let length32: UInt32

    public var file: String { SourceFiles.shared.path(fileID) }
    public var line: Int { Int(line32) }
    public var column: Int { Int(column32) }
    /// How many characters the thing located spans on its line (for `^~~~`), 0 if unknown.
    public var length: Int { Int(length32) }

    public init(file: String, line: Int, column: Int, length: Int = 0) {
        self.init(fileID: SourceFiles.shared.id(file), line: line, column: column, length: length)
    }

    /// For loaders, which intern their file once.
    init(fileID: UInt32, line: Int, column: Int, length: Int = 0) {
        self.fileID = fileID
        line32 = UInt32(clamping: line)
        column32 = UInt32(clamping: column)
        length32 = UInt32(clamping: length)
    }

    public var description: String { "\(file):\(line):\(column)" }

    /// "line:L,col:C", the short form used in "previously defined at ..." notes.
    public var shortDescription: String { "line:\(line),col:\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.fileID != b.fileID { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        if a.line32 != b.line32 { return a.line32 < b.line32 }
        return a.column32 < b.column32
    }

    /// The same place with another underline length.
    public func spanning(_ length: Int) -> SourceLocation {
        SourceLocation(fileID: fileID, line: line, column: column, length: length)
    }

}

/// The files positions point into, each path stored once and numbered in the
/// order first seen (numbers never decide an order: paths are compared).
public final class SourceFiles: @unchecked Sendable {
    public static let shared = SourceFiles()
    private let lock = NSLock()
    private var paths: [String] = [""]
    private var ids: [String: UInt32] = ["": 0]

    /// The number of `path`, given on first sight.
    func id(_ path: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[path] { return id }
        let id = UInt32(clamping: paths.count)
        paths.append(path)
        ids[path] = id
        return id
    }

    func path(_ id: UInt32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return Int(id) < paths.count ? paths[Int(id)] : ""
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
