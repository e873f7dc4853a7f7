import Foundation

extension CELValue {
    /// The value in the tagged JSON form of the conformance vectors, as a
    /// deterministic string: `{"int": "1"}`, `{"double": 1.5}` (or `"inf"`,
    /// `"-inf"`, `"nan"`), `{"string": "s"}`, `{"bytes_b64": "AP8="}`,
    /// `{"list": [...]}`, `{"map": [[k, v], ...]}` (keys ordered as in
    /// ``literal``), `{"null": null}`, `{"type": "int"}`,
    /// `{"timestamp": "2026-01-01T00:00:00Z"}`, `{"duration": "3600s"}`,
    /// `{"object": {"type": name, "fields": [[name, value], ...]}}`, `{"error": message}`.
    public var taggedJSON: String {
        var out = ""
        writeTagged(self, into: &out, depth: 0)
        return out
    }

    /// Decodes a tagged JSON value as produced by `JSONSerialization`
    /// (dictionaries with one tag key; see ``taggedJSON``).
    public init(taggedJSON json: Any) throws(CELError) {
        guard let dict = json as? [String: Any], dict.count == 1, let (tag, payload) = dict.first else {
            throw CELError(.evaluation, "tagged JSON value must be an object with exactly one key")
        }
        func bad() -> CELError { CELError(.evaluation, "invalid tagged JSON payload for '\(tag)'") }
        switch tag {
        case "null": self = .null
        case "bool":
            guard let b = payload as? Bool else { throw bad() }
            self = .bool(b)
        case "int":
            guard let s = payload as? String, let i = Int64(s) else {
                if let n = payload as? Int { self = .int(Int64(n)); return }
                throw bad()
            }
            self = .int(i)
        case "uint":
            guard let s = payload as? String, let u = UInt64(s) else {
                if let n = payload as? Int, n >= 0 { self = .uint(UInt64(n)); return }
                throw bad()
            }
            self = .uint(u)
        case "double":
            if let s = payload as? String {
                switch s {
                case "inf", "Infinity": self = .double(.infinity)
                case "-inf", "-Infinity": self = .double(-.infinity)
                case "nan", "NaN": self = .double(.nan)
                default:
                    guard let d = Double(s) else { throw bad() }
                    self = .double(d)
                }
            } else if let n = payload as? NSNumber {
                self = .double(n.doubleValue)
            } else if let d = payload as? Double {
                self = .double(d)
            } else {
                throw bad()
            }
        case "string":
            guard let s = payload as? String else { throw bad() }
            self = .string(s)
        case "bytes_b64":
            guard let s = payload as? String, let d = Data(base64Encoded: s) else { throw bad() }
            self = .bytes(Array(d))
        case "type":
            guard let s = payload as? String else { throw bad() }
            self = .type(CELType(s))
        case "list":
            guard let items = payload as? [Any] else { throw bad() }
            var out: [CELValue] = []
            for i in items { out.append(try CELValue(taggedJSON: i)) }
            self = .list(CELList(out))
        case "map":
            guard let items = payload as? [Any] else { throw bad() }
            var entries: [(CELValue, CELValue)] = []
            for i in items {
                guard let pair = i as? [Any], pair.count == 2 else { throw bad() }
                entries.append((try CELValue(taggedJSON: pair[0]), try CELValue(taggedJSON: pair[1])))
            }
            switch CELMap.make(entries) {
            case .success(let m): self = .map(m)
            case .failure(let e): throw e
            }
        case "timestamp":
            guard let s = payload as? String, let t = CELTimestamp(rfc3339: s) else { throw bad() }
            self = .timestamp(t)
        case "duration":
            guard let s = payload as? String, let d = CELDuration(parsing: s) else { throw bad() }
            self = .duration(d)
        default:
            throw CELError(.evaluation, "unsupported tagged JSON value '\(tag)'")
        }
    }
}

private func writeTagged(_ v: CELValue, into out: inout String, depth: Int) {
    if depth > maxValueDepth {
        out += "{\"error\": \"value nested too deeply\"}"
        return
    }
    switch v {
    case .null: out += "{\"null\": null}"
    case .bool(let b): out += "{\"bool\": " + (b ? "true" : "false") + "}"
    case .int(let i): out += "{\"int\": \"" + String(i) + "\"}"
    case .uint(let u): out += "{\"uint\": \"" + String(u) + "\"}"
    case .double(let d):
        if d.isNaN {
            out += "{\"double\": \"nan\"}"
        } else if d.isInfinite {
            out += d < 0 ? "{\"double\": \"-inf\"}" : "{\"double\": \"inf\"}"
        } else {
            out += "{\"double\": " + String(d) + "}"
        }
    case .string(let s): out += "{\"string\": " + jsonString(s) + "}"
    case .bytes(let b): out += "{\"bytes_b64\": \"" + Data(b).base64EncodedString() + "\"}"
    case .list(let l):
        out += "{\"list\": ["
        for i in 0..<l.count {
            if i > 0 { out += ", " }
            writeTagged(l[i], into: &out, depth: depth + 1)
        }
        out += "]}"
    case .map(let m):
        out += "{\"map\": ["
        for (n, i) in sortedKeyIndices(m).enumerated() {
            if n > 0 { out += ", " }
            out += "["
            writeTagged(m.keys[i], into: &out, depth: depth + 1)
            out += ", "
            writeTagged(m.values[i], into: &out, depth: depth + 1)
            out += "]"
        }
        out += "]}"
    case .timestamp(let t): out += "{\"timestamp\": \"" + t.rfc3339 + "\"}"
    case .duration(let d): out += "{\"duration\": \"" + d.string + "\"}"
    case .type(let t): out += "{\"type\": " + jsonString(t.name) + "}"
    case .object(let o):
        out += "{\"object\": {\"type\": " + jsonString(o.celTypeName) + ", \"fields\": ["
        for (n, name) in o.fieldNames.enumerated() {
            if n > 0 { out += ", " }
            out += "[" + jsonString(name) + ", "
            writeTagged(o.field(name) ?? .null, into: &out, depth: depth + 1)
            out += "]"
        }
        out += "]}}"
    case .error(let e): out += "{\"error\": " + jsonString(e.message) + "}"
    }
}

/// A JSON string literal.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 || u.value == 0x7F {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
