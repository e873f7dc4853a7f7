/// How many terminal cells text takes: what a caret under a snippet needs
/// to stand under its column when the line holds CJK characters or emoji (two
/// cells each) or combining marks (none). Monospace terminals follow Unicode's
/// East Asian Width: W and F are two cells.
enum DisplayWidth {
    /// Cells of `text`. A character shown as text by default (`❤`, `✈`, a
    /// digit) followed by the emoji presentation selector U+FE0F is shown
    /// as an emoji: two cells, as terminals draw it.
    static func of<S: Sequence<Unicode.Scalar>>(_ text: S) -> Int {
        var cells = 0
        var previous: Unicode.Scalar?
        for c in text {
            if c.value == 0xFE0F, let p = previous, p.properties.isEmoji, of(p) == 1 { cells += 1 }
            cells += of(c)
            previous = c
        }
        return cells
    }

    /// Cells of one scalar: 0 for a combining mark or a zero-width space or
    /// joiner, 2 for East Asian Wide and Fullwidth, else 1.
    static func of(_ c: Unicode.Scalar) -> Int {
        if c.value < 0x300 { return 1 }
        switch c.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return 0
        default: break
        }
        if (0x200B...0x200D).contains(c.value) { return 0 }
        return isWide(c.value) ? 2 : 1
    }

    /// Whether `v` is in one of the inclusive `wide` ranges (binary search).
    private static func isWide(_ v: UInt32) -> Bool {
        var (lo, hi) = (0, wide.count / 2)
        while lo < hi {
            let mid = (lo + hi) / 2
            if v > wide[2 * mid + 1] {
                lo = mid + 1
            } else if v < wide[2 * mid] {
                hi = mid
            } else {
                return true
            }
        }
        return false
    }

    /// East Asian Width W and F (Unicode 14), as inclusive pairs, sorted; a
    /// range goes on over unassigned code points between wide ones. Made by
    /// this Python 3 (its `unicodedata`), printed as pairs:
    ///
    ///     import unicodedata as u
    ///     r = []
    ///     for cp in range(0x110000):
    ///         c = chr(cp)
    ///         if u.category(c) == "Cn": continue
    ///         if u.east_asian_width(c) in "WF":
    ///             if r and all(u.category(chr(x)) == "Cn" for x in range(r[-1][1] + 1, cp)): r[-1][1] = cp
    ///             else: r.append([cp, cp])
    private static let wide: [UInt32] = [
        0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3,
        0x25FD, 0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1,
        0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA,
        0x26F2, 0x26F3, 0x26F5, 0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B,
        0x2728, 0x2728, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
        0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x2E80, 0x303E,
        0x3041, 0x3247, 0x3250, 0x4DBF, 0x4E00, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xF900, 0xFAD9,
        0xFE10, 0xFE19, 0xFE30, 0xFE6B, 0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x1B2FB, 0x1F004, 0x1F004,
        0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F200, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C,
        0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA, 0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E,
        0x1F440, 0x1F440, 0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A,
        0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2,
        0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945,
        0x1F947, 0x1F9FF, 0x1FA70, 0x1FAF6, 0x20000, 0x3134A,
    ]
}
