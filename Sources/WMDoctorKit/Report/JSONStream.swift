/// Writes pretty JSON member by member as UTF-8, without building a
/// ``JSON`` value first: the bytes ``JSON/serialized(pretty:)`` gives for the
/// same value (two-space indentation, `"key": value`, `[]` and `{}` when empty).
/// For the large parts of large reports (the JSON report's findings).
public struct JSONStream: Sendable {
    var out: [UInt8] = []
    /// Containers opened by this stream: members written in each so far.
    private var counts: [Int] = []
    /// Nesting level of the value the stream starts at (the findings of the JSON report are at 2); -1: compact.
    private let base: Int

    init(level: Int) { base = level }

    private var pretty: Bool { base >= 0 }

    private var depth: Int { base + counts.count }

    /// Before a member or element: the comma, the line break and the indentation.
    private mutating func next() {
        if let last = counts.indices.last {
            if counts[last] > 0 { out.append(UInt8(ascii: ",")) }
            counts[last] += 1
        }
        if pretty { JSON.newline(depth, into: &out) }
    }

    mutating func openObject() {
        out.append(UInt8(ascii: "{"))
        counts.append(0)
    }

    mutating func openArray() {
        out.append(UInt8(ascii: "["))
        counts.append(0)
    }

    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ bracket: UInt8) {
        let n = counts.removeLast()
        if n > 0 && pretty { JSON.newline(depth, into: &out) }
        out.append(bracket)
    }

    /// Starts a member of the open object: its key; the value is written next.
    mutating func key(_ name: String) {
        next()
        JSON.escape(name, into: &out)
        out += (pretty ? ": " : ":").utf8
    }

    /// Starts an element of the open array; the value is written next.
    mutating func element() { next() }

    /// A stream for elements of this stream's open array written apart (on
    /// another thread): ``after(_:)`` places it after the elements before
    /// its own, and ``joined(elements:)`` counts what it wrote once that is
    /// written out after this stream's bytes, in order: the bytes of
    /// writing them here.
    func continuation() -> JSONStream {
        var s = JSONStream(level: pretty ? depth - 1 : -1)
        s.counts = [0]
        return s
    }

    /// This continuation, empty, for the elements after the `written` first.
    func after(_ written: Int) -> JSONStream {
        var s = JSONStream(level: base)
        s.counts = [written]
        return s
    }

    /// Counts the elements a ``continuation()`` wrote, written out apart
    /// right after this stream's `out` (never copied into it).
    mutating func joined(elements: Int) {
        if let last = counts.indices.last { counts[last] += elements }
    }

    mutating func string(_ s: String?) {
        guard let s else { return null() }
        JSON.escape(s, into: &out)
    }

    mutating func int(_ i: Int) { out += String(i).utf8 }
    mutating func bool(_ b: Bool) { out += (b ? "true" : "false").utf8 }
    mutating func null() { out += "null".utf8 }

    /// A value built as ``JSON``, at the current place.
    mutating func value(_ json: JSON) { json.write(bytes: &out, indent: pretty ? depth : -1) }

    /// `name: "value"` (null when nil).
    mutating func member(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }
}
