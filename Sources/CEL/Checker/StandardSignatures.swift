/// The types of the standard library's functions and operators, for the
/// checker (the implementations are in Functions/). Keyed like the
/// implementations: name, call style, arity with the receiver.
enum StandardSignatures {
    typealias T = CELStaticType
    private static let a = T.param("A"), b = T.param("B")
    private static let numbers: [T] = [.int, .uint, .double]

    static let table: [FunctionKey: [CELSignature]] = {
        var t: [FunctionKey: [CELSignature]] = [:]
        func global(_ name: String, _ sigs: [CELSignature]) {
            t[FunctionKey(name: name, receiver: false, arity: sigs[0].parameters.count), default: []] += sigs
        }
        func member(_ name: String, _ sigs: [CELSignature]) {
            t[FunctionKey(name: name, receiver: true, arity: sigs[0].parameters.count), default: []] += sigs
        }
        func sig(_ p: [T], _ r: T) -> CELSignature { CELSignature(p, r) }

        // Arithmetic.
        global("_+_", numbers.map { sig([$0, $0], $0) } + [
            sig([.string, .string], .string), sig([.bytes, .bytes], .bytes), sig([.list(a), .list(a)], .list(a)),
            sig([.timestamp, .duration], .timestamp), sig([.duration, .timestamp], .timestamp),
            sig([.duration, .duration], .duration),
        ])
        global("_-_", numbers.map { sig([$0, $0], $0) } + [
            sig([.timestamp, .timestamp], .duration), sig([.timestamp, .duration], .timestamp),
            sig([.duration, .duration], .duration),
        ])
        for op in ["_*_", "_/_"] { global(op, numbers.map { sig([$0, $0], $0) }) }
        global("_%_", [sig([.int, .int], .int), sig([.uint, .uint], .uint)])
        global("-_", [sig([.int], .int), sig([.double], .double), sig([.duration], .duration)])
        global("!_", [sig([.bool], .bool)])
        // Comparison: equality of like types (numbers compare across types), order of ordered types.
        let crossNumbers = numbers.flatMap { x in numbers.filter { $0 != x }.map { sig([x, $0], .bool) } }
        for op in ["_==_", "_!=_"] { global(op, [sig([a, a], .bool)] + crossNumbers) }
        let ordered: [T] = numbers + [.string, .bytes, .bool, .timestamp, .duration]
        for op in ["_<_", "_<=_", "_>_", "_>=_"] { global(op, ordered.map { sig([$0, $0], .bool) } + crossNumbers) }
        global("@in", [sig([a, .list(a)], .bool), sig([a, .map(a, b)], .bool)])
        global("_[_]", [sig([.list(a), .int], a), sig([.list(a), .uint], a), sig([.map(a, b), a], b)])
        let sized = [sig([.string], .int), sig([.bytes], .int), sig([.list(a)], .int), sig([.map(a, b)], .int)]
        global("size", sized)
        member("size", sized)

        // Conversions.
        global("int", [T.int, .uint, .double, .string, .timestamp].map { sig([$0], .int) })
        global("uint", [T.int, .uint, .double, .string].map { sig([$0], .uint) })
        global("double", [T.int, .uint, .double, .string].map { sig([$0], .double) })
        global("string", [sig([a], .string)])
        global("bool", [sig([.bool], .bool), sig([.string], .bool)])
        global("bytes", [sig([.bytes], .bytes), sig([.string], .bytes)])
        global("type", [sig([a], .type)])
        global("dyn", [sig([a], .dyn)])
        global("timestamp", [sig([.timestamp], .timestamp), sig([.string], .timestamp), sig([.int], .timestamp)])
        global("duration", [sig([.duration], .duration), sig([.string], .duration)])

        // Strings.
        for f in ["contains", "startsWith", "endsWith", "matches"] { member(f, [sig([.string, .string], .bool)]) }
        global("matches", [sig([.string, .string], .bool)])
        member("charAt", [sig([.string, .int], .string)])
        for f in ["indexOf", "lastIndexOf"] {
            member(f, [sig([.string, .string], .int), sig([.list(a), a], .int)])
            member(f, [sig([.string, .string, .int], .int)])
        }
        for f in ["lowerAscii", "upperAscii", "trim"] { member(f, [sig([.string], .string)]) }
        member("replace", [sig([.string, .string, .string], .string)])
        member("replace", [sig([.string, .string, .string, .int], .string)])
        member("split", [sig([.string, .string], .list(.string))])
        member("split", [sig([.string, .string, .int], .list(.string))])
        member("substring", [sig([.string, .int], .string)])
        member("substring", [sig([.string, .int, .int], .string)])
        member("join", [sig([.list(.string)], .string)])
        member("join", [sig([.list(.string), .string], .string)])
        global("strings.quote", [sig([.string], .string)])
        member("format", [sig([.string, .list(.dyn)], .string)])

        // Time.
        for f in ["getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek"] {
            member(f, [sig([.timestamp], .int)])
            member(f, [sig([.timestamp, .string], .int)])
        }
        for f in ["getHours", "getMinutes", "getSeconds", "getMilliseconds"] {
            member(f, [sig([.timestamp], .int), sig([.duration], .int)])
            member(f, [sig([.timestamp, .string], .int)])
        }

        // Lists and sets.
        member("distinct", [sig([.list(a)], .list(a))])
        member("flatten", [sig([.list(.list(a))], .list(a)), sig([.list(.dyn)], .list(.dyn))])
        member("flatten", [sig([.list(.dyn), .int], .list(.dyn))])
        global("lists.range", [sig([.int], .list(.int))])
        member("reverse", [sig([.list(a)], .list(a)), sig([.string], .string)])
        member("slice", [sig([.list(a), .int, .int], .list(a))])
        member("sort", [sig([.list(a)], .list(a))])
        member("isSorted", [sig([.list(a)], .bool)])
        for f in ["sum", "min", "max"] { member(f, [sig([.list(a)], a)]) }
        for f in ["sets.contains", "sets.equivalent", "sets.intersects"] { global(f, [sig([.list(a), .list(a)], .bool)]) }
        return t
    }()
}
