import Foundation

/// A point in time with nanosecond precision, restricted to CEL's range
/// `0001-01-01T00:00:00Z` ... `9999-12-31T23:59:59.999999999Z`.
public struct CELTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since the Unix epoch.
    public let seconds: Int64
    /// Nanoseconds within the second, `0..<1_000_000_000`.
    public let nanos: Int32

    static let minSeconds: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
    static let maxSeconds: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z

    /// Creates a timestamp; nil when out of range or `nanos` is not normalized.
    public init?(seconds: Int64, nanos: Int32 = 0) {
        guard nanos >= 0, nanos < 1_000_000_000,
            seconds >= CELTimestamp.minSeconds, seconds <= CELTimestamp.maxSeconds
        else { return nil }
        self.seconds = seconds
        self.nanos = nanos
    }

    public static func < (a: CELTimestamp, b: CELTimestamp) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos
    }

    /// Parses an RFC 3339 timestamp such as `2023-08-26T12:39:00-07:00` or
    /// `2009-02-13T23:31:30.123456789Z`.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        var i = 0
        func num(_ n: Int) -> Int64? {
            guard i + n <= b.count else { return nil }
            var v: Int64 = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            i += n
            return v
        }
        func lit(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = num(4), lit(45), let month = num(2), lit(45), let day = num(2) else { return nil }
        guard i < b.count, b[i] == 84 || b[i] == 116 else { return nil }  // T or t
        i += 1
        guard let hour = num(2), lit(58), let minute = num(2), lit(58), let second = num(2) else { return nil }
        var nanos: Int64 = 0
        if lit(46) {
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { nanos *= 10 }
        }
        var offset: Int64 = 0
        if lit(90) || lit(122) {  // Z z
        } else if i < b.count, b[i] == 43 || b[i] == 45 {
            let sign: Int64 = b[i] == 45 ? -1 : 1
            i += 1
            guard let oh = num(2), lit(58), let om = num(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysFromCivil(year, month, day)
        let secs = days * 86400 + hour * 3600 + minute * 60 + second - offset
        self.init(seconds: secs, nanos: Int32(nanos))
    }

    /// RFC 3339 in UTC, fractional seconds without trailing zeros.
    public var rfc3339: String {
        let days = floorDiv(seconds, 86400)
        let rem = seconds - days * 86400
        let (y, m, d) = civilFromDays(days)
        var s = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        s += pad(rem / 3600, 2) + ":" + pad(rem % 3600 / 60, 2) + ":" + pad(rem % 60, 2)
        if nanos != 0 {
            var f = pad(Int64(nanos), 9)
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s + "Z"
    }
}

/// A signed span of time with nanosecond precision. Like the CEL spec, the
/// range is that of a single int64 count of nanoseconds (about ±292 years).
public struct CELDuration: Sendable, Hashable, Comparable {
    /// Total nanoseconds.
    public let nanoseconds: Int64
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Creates a duration from seconds and nanos; nil on overflow.
    public init?(seconds: Int64, nanos: Int64 = 0) {
        let (a, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (b, o2) = a.addingReportingOverflow(nanos)
        guard !o1, !o2 else { return nil }
        nanoseconds = b
    }

    /// Whole seconds (truncated toward zero).
    public var seconds: Int64 { nanoseconds / 1_000_000_000 }
    /// Nanoseconds beyond `seconds` (same sign as the duration).
    public var nanos: Int64 { nanoseconds % 1_000_000_000 }

    public static func < (a: CELDuration, b: CELDuration) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Parses a Go-style duration string: `"1h30m"`, `"-1.5h"`, `"0"`, `"1000000s"`,
    /// `"100ms"`, `"1h34us"`. Units: h, m, s, ms, us (µs), ns.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)
        var negative = false
        if let f = scalars.first, f == "-" || f == "+" {
            negative = f == "-"
            scalars.removeFirst()
        }
        if scalars == ["0"] {
            nanoseconds = 0
            return
        }
        guard !scalars.isEmpty else { return nil }
        var i = 0
        var total: Int64 = 0
        while i < scalars.count {
            var whole: Int64 = 0
            var sawDigits = false
            var overflow = false
            while i < scalars.count, let d = digitValue(scalars[i]) {
                sawDigits = true
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(d))
                if o1 || o2 { overflow = true }
                whole = a
                i += 1
            }
            var frac: Int64 = 0
            var scale: Int64 = 1
            if i < scalars.count, scalars[i] == "." {
                i += 1
                while i < scalars.count, let d = digitValue(scalars[i]) {
                    sawDigits = true
                    if scale < 1_000_000_000_000_000 {
                        frac = frac * 10 + Int64(d)
                        scale *= 10
                    }
                    i += 1
                }
            }
            guard sawDigits, !overflow else { return nil }
            var unit = ""
            while i < scalars.count, scalars[i] != ".", digitValue(scalars[i]) == nil {
                unit.unicodeScalars.append(scalars[i])
                i += 1
            }
            let perUnit: Int64
            switch unit {
            case "ns": perUnit = 1
            case "us", "\u{00B5}s", "\u{03BC}s": perUnit = 1_000
            case "ms": perUnit = 1_000_000
            case "s": perUnit = 1_000_000_000
            case "m": perUnit = 60_000_000_000
            case "h": perUnit = 3_600_000_000_000
            default: return nil
            }
            let (w, o1) = whole.multipliedReportingOverflow(by: perUnit)
            guard !o1 else { return nil }
            // fractional part: frac/scale * perUnit, computed without overflow
            let fracNanos = scale.dividingFullWidth(frac.multipliedFullWidth(by: perUnit)).quotient
            let (s1, o2) = total.addingReportingOverflow(w)
            let (s2, o3) = s1.addingReportingOverflow(fracNanos)
            guard !o2, !o3 else { return nil }
            total = s2
        }
        nanoseconds = negative ? -total : total
    }

    /// Seconds with fractional part and an `s` suffix, e.g. `"60.001s"`, `"-1.5s"`.
    public var string: String {
        let neg = nanoseconds < 0
        let mag = nanoseconds.magnitude
        var s = (neg ? "-" : "") + String(mag / 1_000_000_000)
        let frac = mag % 1_000_000_000
        if frac != 0 {
            var f = pad(Int64(frac), 9)
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s + "s"
    }
}

private func digitValue(_ s: Unicode.Scalar) -> Int? {
    let v = s.value
    return v >= 48 && v <= 57 ? Int(v - 48) : nil
}

func pad(_ v: Int64, _ width: Int) -> String {
    var s = String(v.magnitude)
    while s.count < width { s = "0" + s }
    return v < 0 ? "-" + s : s
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func isLeap(_ y: Int64) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

func daysInMonth(_ y: Int64, _ m: Int64) -> Int64 {
    switch m {
    case 2: return isLeap(y) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
}

/// Proleptic Gregorian date of a count of days since 1970-01-01.
func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
}

/// A time zone for the timestamp accessors: `UTC`, a fixed offset such as
/// `+05:30` / `-08:00` / `02:00`, or an IANA name like `America/Los_Angeles`.
enum CELTimeZone {
    case fixed(Int64)
    case named(TimeZone)

    init?(_ name: String) {
        if name == "UTC" || name == "Z" {
            self = .fixed(0)
            return
        }
        let u = Array(name.utf8)
        var i = 0
        var sign: Int64 = 1
        if let f = u.first, f == 43 || f == 45 {
            sign = f == 45 ? -1 : 1
            i = 1
        }
        if u.count - i == 5, u[i + 2] == 58,
            let h = Int64(String(decoding: u[i..<(i + 2)], as: UTF8.self)),
            let m = Int64(String(decoding: u[(i + 3)..<(i + 5)], as: UTF8.self)),
            u[i..<(i + 2)].allSatisfy({ $0 >= 48 && $0 <= 57 }),
            u[(i + 3)..<(i + 5)].allSatisfy({ $0 >= 48 && $0 <= 57 }),
            h < 24, m < 60
        {
            self = .fixed(sign * (h * 3600 + m * 60))
            return
        }
        guard let tz = TimeZone(identifier: name) else { return nil }
        self = .named(tz)
    }

    func offset(at seconds: Int64) -> Int64 {
        switch self {
        case .fixed(let o): return o
        case .named(let tz): return Int64(tz.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))))
        }
    }
}

/// Calendar fields of a timestamp in a time zone.
struct CivilTime {
    let year, month, day, hour, minute, second, dayOfYear, dayOfWeek: Int64

    init(_ t: CELTimestamp, offset: Int64) {
        let local = t.seconds + offset
        let days = floorDiv(local, 86400)
        let rem = local - days * 86400
        let (y, m, d) = civilFromDays(days)
        year = y
        month = m
        day = d
        hour = rem / 3600
        minute = rem % 3600 / 60
        second = rem % 60
        dayOfYear = days - daysFromCivil(y, 1, 1)
        let w = (days + 4) % 7
        dayOfWeek = w < 0 ? w + 7 : w
    }
}
