/// Writes pretty JSON member by member as UTF-8, without building a
/// ``JSON`` value first: the bytes ``JSON/serialized(pretty:)`` gives for the
/// same value (two-space indentation, `"key": value`, `[]` and `{}` when empty).
/// For the large parts of large reports (the JSON report's findings).
public struct JSONStream: Sendable {
    var out: [UInt8] = []
    /// Members written so far in each container opened by this stream
    /// around the innermost one (``top``), outermost first.
    private var outer: [Int] = []
    /// Members written so far in the innermost open container.
    private var top = 0
    /// Containers open (opened by this stream, or one a continuation starts in).
    private var open = 0
    /// Nesting level of the value the stream starts at (the findings of the JSON report are at 2); -1: compact.
    private let base: Int

    init(level: Int) { base = level }

    private var pretty: Bool { base >= 0 }

    private var depth: Int { base + open }

    /// Before a member or element: the comma, the line break and the indentation.
    private mutating func next() {
        if open > 0 {
            if top > 0 { out.append(UInt8(ascii: ",")) }
            top += 1
        }
        if pretty { JSON.newline(depth, into: &out) }
    }

    mutating func openObject() { opening(UInt8(ascii: "{")) }
    mutating func openArray() { opening(UInt8(ascii: "[")) }

    private mutating func opening(_ bracket: UInt8) {
        out.append(bracket)
        if open > 0 { outer.append(top) }
        top = 0
        open += 1
    }

    mutating func closeObject() { close(UInt8(ascii: "}")) }
    mutating func closeArray() { close(UInt8(ascii: "]")) }

    private mutating func close(_ bracket: UInt8) {
        let n = top
        open -= 1
        top = open > 0 ? outer.removeLast() : 0
        if n > 0 && pretty { JSON.newline(depth, into: &out) }
        out.append(bracket)
    }

    /// Starts a member of the open object: its key, a constant of the
    /// reporters written as it is (`[a-z_]`: nothing to escape); the value
    /// is written next.
    mutating func key(_ name: StaticString) {
        // Checked in debug builds (every test's reports): a key that would need escaping.
        assert(
            UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount).allSatisfy {
                $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            }, "JSONStream.key: \(name) is not [a-z_]")
        next()
        out.append(UInt8(ascii: "\""))
        raw(name)
        raw(pretty ? "\": " : "\":")
    }

    /// Appends constant bytes (ASCII, nothing to escape).
    private mutating func raw(_ text: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
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
        s.open = 1
        return s
    }

    /// This continuation, empty, for the elements after the `written` first.
    func after(_ written: Int) -> JSONStream {
        var s = JSONStream(level: base)
        s.open = 1
        s.top = written
        return s
    }

    /// Counts the elements a ``continuation()`` wrote, written out apart
    /// right after this stream's `out` (never copied into it).
    mutating func joined(elements: Int) {
        if open > 0 { top += elements }
    }

    mutating func string(_ s: String?) {
        guard let s else { return null() }
        JSON.escape(s, into: &out)
    }

    /// Its decimal digits, written in place (no text made for it).
    mutating func int(_ i: Int) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var n = i.magnitude
        if n < 10 { return out.append(UInt8(ascii: "0") + UInt8(n)) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var k = 20
            while n > 0 {
                k -= 1
                digits[k] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[k..<20]))
        }
    }
    mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }
    mutating func null() { raw("null") }

    /// A value built as ``JSON``, at the current place.
    mutating func value(_ json: JSON) { json.write(bytes: &out, indent: pretty ? depth : -1) }

    /// `name: "value"` (null when nil).
    mutating func member(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }
}
