/// An instant, to the nanosecond, read from RFC 3339 text or a bare date
/// (midnight UTC). Kept as epoch seconds so comparisons are exact.
public struct Timestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let seconds: Int64
    public let nanos: Int32

    public init(seconds: Int64, nanos: Int32 = 0) {
        self.seconds = seconds
        self.nanos = nanos
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos
    }

    /// Seconds from `self` to `other` (positive when `other` is later).
    public func secondsUntil(_ other: Timestamp) -> Double {
        Double(other.seconds - seconds) + Double(other.nanos - nanos) / 1e9
    }

    /// RFC 3339 in UTC, e.g. `2026-11-20T10:00:00Z` (fraction only when non-zero).
    public var description: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secs = seconds - days * 86_400
        let (y, m, d) = Timestamp.civil(fromDays: days)
        var s = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        s += pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2)
        if nanos != 0 {
            var frac = pad(Int64(nanos), 9)
            while frac.hasSuffix("0") { frac.removeLast() }
            s += "." + frac
        }
        return s + "Z"
    }

    private func pad(_ v: Int64, _ width: Int) -> String {
        let t = String(v)
        return t.count >= width ? t : String(repeating: "0", count: width - t.count) + t
    }

    /// Parses `2026-11-20T10:00:00Z`, `2026-11-20T10:00:00.5+02:00`, or `2026-12-01`.
    public static func parse(_ text: String) -> Timestamp? {
        let u = Array(text.utf8)
        var i = 0
        func num(_ n: Int) -> Int64? {
            guard i + n <= u.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + n) {
                let c = u[k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int64(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < u.count, u[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = num(4), expect(UInt8(ascii: "-")), let mo = num(2), expect(UInt8(ascii: "-")), let d = num(2),
            (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y)
        else { return nil }
        let day = days(fromCivil: y, mo, d)
        if i == u.count { return Timestamp(seconds: day * 86_400) }
        guard i < u.count, u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: "t") || u[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let h = num(2), expect(UInt8(ascii: ":")), let mi = num(2), expect(UInt8(ascii: ":")), let s = num(2),
            h < 24, mi < 60, s < 61
        else { return nil }
        var nanos: Int64 = 0
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < u.count, u[i] >= 0x30 && u[i] <= 0x39 {
                if digits < 9 { nanos = nanos * 10 + Int64(u[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            var scale = digits
            while scale < 9 { nanos *= 10; scale += 1 }
        }
        guard i < u.count else { return nil }
        var offset: Int64 = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            i += 1
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            let sign: Int64 = u[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = num(2), expect(UInt8(ascii: ":")), let om = num(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        let total = day * 86_400 + h * 3600 + mi * 60 + min(s, 59) - offset
        return Timestamp(seconds: total, nanos: Int32(nanos))
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
