/// Shortest round-trip decimal digits of a finite, non-zero double:
/// `value = 0.d1d2d3... × 10^exponent`.
func shortestDigits(_ d: Double) -> (digits: [UInt8], exponent: Int) {
    // Swift's description is the shortest round-trip representation.
    var text = Array(String(d.magnitude).utf8)
    var exp10 = 0
    if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
        exp10 = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        text = Array(text[..<e])
    }
    var digits: [UInt8] = []
    var pointPos = text.count
    for (i, c) in text.enumerated() {
        if c == UInt8(ascii: ".") { pointPos = i } else { digits.append(c - 48) }
    }
    var dp = pointPos + exp10
    while let f = digits.first, f == 0 {
        digits.removeFirst()
        dp -= 1
    }
    while let l = digits.last, l == 0 { digits.removeLast() }
    return (digits, dp)
}

/// Formats like Go's `strconv.FormatFloat(d, 'g', -1, 64)` (what CEL's
/// `string(double)` produces): `123.456`, `-0.0045`, `1e+06`, `1e-05`.
func formatDoubleG(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
    if d == 0 { return d.sign == .minus ? "-0" : "0" }
    let (digits, dp) = shortestDigits(d)
    let sign = d < 0 ? "-" : ""
    let exp = dp - 1
    let ds = digits.map { String($0) }.joined()
    if exp < -4 || exp >= 6 {  // Go uses precision 6 for this decision when shortest
        var s = sign + String(ds.first ?? "0")
        if digits.count > 1 { s += "." + ds.dropFirst() }
        let e = abs(exp)
        return s + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
    }
    return sign + plainDecimal(digits, dp)
}

/// Digits in plain positional notation (no exponent), without a trailing `.0`.
func plainDecimal(_ digits: [UInt8], _ dp: Int) -> String {
    let ds = digits.map { String($0) }.joined()
    if dp <= 0 { return "0." + String(repeating: "0", count: -dp) + ds }
    if dp >= digits.count { return ds + String(repeating: "0", count: dp - digits.count) }
    let cut = ds.index(ds.startIndex, offsetBy: dp)
    return String(ds[..<cut]) + "." + String(ds[cut...])
}

/// A CEL double literal that parses back to the same value: `1.0`, `-0.5`,
/// `1e+20`, `double("inf")`, `double("nan")`.
func doubleLiteral(_ d: Double) -> String {
    if d.isNaN { return "double(\"nan\")" }
    if d.isInfinite { return d < 0 ? "double(\"-inf\")" : "double(\"inf\")" }
    let s = String(d)  // shortest round-trip; always has '.' or 'e'
    if s.contains(".") || s.contains("e") { return s }
    return s + ".0"
}
