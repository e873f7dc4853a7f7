/// Timestamp and duration accessors (`getFullYear`, `getHours`, ...), with an
/// optional time-zone argument for timestamps.
extension StandardLibrary {
    static func registerTime(_ t: inout FunctionTable) {
        let fields: [(String, @Sendable (CivilTime, CELTimestamp) -> Int64)] = [
            ("getFullYear", { c, _ in c.year }),
            ("getMonth", { c, _ in c.month - 1 }),
            ("getDayOfYear", { c, _ in c.dayOfYear }),
            ("getDayOfMonth", { c, _ in c.day - 1 }),
            ("getDate", { c, _ in c.day }),
            ("getDayOfWeek", { c, _ in c.dayOfWeek }),
            ("getHours", { c, _ in c.hour }),
            ("getMinutes", { c, _ in c.minute }),
            ("getSeconds", { c, _ in c.second }),
            ("getMilliseconds", { _, ts in Int64(ts.nanos) / 1_000_000 }),
        ]
        let durationFields: [String: @Sendable (CELDuration) -> Int64] = [
            "getHours": { $0.nanoseconds / 3_600_000_000_000 },
            "getMinutes": { $0.nanoseconds / 60_000_000_000 },
            "getSeconds": { $0.nanoseconds / 1_000_000_000 },
            "getMilliseconds": { ($0.nanoseconds / 1_000_000) % 1000 },
        ]
        for (name, field) in fields {
            let df = durationFields[name]
            t.member(name) { v in
                switch v {
                case .timestamp(let ts): return .int(field(CivilTime(ts, offset: 0), ts))
                case .duration(let d):
                    if let df { return .int(df(d)) }
                    return .error(.noOverload(name, [v]))
                default: return .error(.noOverload(name, [v]))
                }
            }
            t.member(name) { v, z in
                guard case .timestamp(let ts) = v, case .string(let zone) = z else { return .error(.noOverload(name, [v, z])) }
                guard let tz = CELTimeZone(zone) else { return .error(.eval("unknown time zone '\(zone)'")) }
                return .int(field(CivilTime(ts, offset: tz.offset(at: ts.seconds)), ts))
            }
        }
    }
}
