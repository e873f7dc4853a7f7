import Foundation
import WMDoctorKit

/// Writes a YAML export as one line of JSON (what an API or a JSON export
/// gives): every finding of a check then sits on that one line, the shape
/// that once made the text report's snippets quadratic. Plain scalars keep
/// their YAML type (null, booleans, numbers); anchors and aliases are refused.
enum OneLineJSON {
    static func convert(_ input: String, to output: String) throws {
        guard let data = FileManager.default.contents(atPath: input) else { throw Failure("cannot read \(input)") }
        let reader = YAMLEventReader(bytes: data)
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        // Per open mapping or list: whether it is a mapping, and how many scalars or values it holds so far.
        var open: [(mapping: Bool, count: Int)] = []
        func separate() {
            guard let top = open.last else { return }
            if top.mapping {
                // Even positions are keys, odd ones values.
                if top.count % 2 == 1 {
                    out.append(UInt8(ascii: ":"))
                } else if top.count > 0 {
                    out.append(UInt8(ascii: ","))
                }
            } else if top.count > 0 {
                out.append(UInt8(ascii: ","))
            }
            open[open.count - 1].count += 1
        }
        while true {
            let event = try reader.next()
            switch event {
            case .streamStart, .documentStart, .documentEnd: continue
            case .streamEnd:
                out.append(0x0A)
                guard FileManager.default.createFile(atPath: output, contents: Data(out)) else { throw Failure("cannot write \(output)") }
                return
            case .mappingStart(let anchor, _, let at), .sequenceStart(let anchor, _, let at):
                guard anchor == nil else { throw Failure("anchor at line \(at.line): not supported") }
                separate()
                var isMapping = false
                if case .mappingStart = event { isMapping = true }
                out.append(UInt8(ascii: isMapping ? "{" : "["))
                open.append((isMapping, 0))
            case .mappingEnd, .sequenceEnd:
                let closed = open.removeLast()
                out.append(UInt8(ascii: closed.mapping ? "}" : "]"))
            case .scalar(let scalar, let anchor, let at, _):
                guard anchor == nil else { throw Failure("anchor at line \(at.line): not supported") }
                let isKey = open.last.map { $0.mapping && $0.count % 2 == 0 } ?? false
                separate()
                // Written by the reports' own JSON writer (its escaping, its numbers).
                let value: JSON
                switch isKey || scalar.style.isQuoted ? .string(scalar.text) : ResolvedScalar(scalar) {
                case .null: value = .null
                case .bool(let b): value = .bool(b)
                case .int(let i): value = .int(Int(i))
                case .float(let d) where d.isFinite: value = .double(d)
                case .float, .string: value = .string(scalar.text)
                }
                out += value.serialized(pretty: false).utf8
            case .alias(_, let at, _):
                throw Failure("alias at line \(at.line): not supported")
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
