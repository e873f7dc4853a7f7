// Unicode classes for \p{...}: general categories (from the standard
// library's Unicode.Scalar.Properties) and a few scripts (from range tables).

enum RegexUnicodeClassKind: Sendable {
    case any
    /// Bit set over `RegexUnicodeTables.categoryBit`.
    case categories(UInt64)
    /// Flattened inclusive lo,hi pairs, sorted.
    case ranges([UInt32])
}

struct RegexUnicodeProperty: Sendable {
    var kind: RegexUnicodeClassKind
    var negated: Bool

    /// Membership; with `foldCase`, c matches if any scalar of its case
    /// folding orbit is in the positive set (negation applies afterwards).
    func contains(_ c: UInt32, foldCase: Bool) -> Bool {
        var r = positiveContains(c)
        if !r && foldCase, let orbit = RegexCaseFolding.orbit(of: c) {
            for x in orbit where x != c && positiveContains(x) {
                r = true
                break
            }
        }
        return r != negated
    }

    private func positiveContains(_ c: UInt32) -> Bool {
        let r: Bool
        switch kind {
        case .any:
            r = true
        case .categories(let mask):
            if let s = Unicode.Scalar(c) {
                r = mask & (1 << UInt64(RegexUnicodeTables.categoryBit(s.properties.generalCategory))) != 0
            } else {
                r = false
            }
        case .ranges(let flat):
            var lo = 0
            var hi = flat.count / 2
            var found = false
            while lo < hi {
                let mid = (lo + hi) / 2
                if c < flat[2 * mid] { hi = mid } else if c > flat[2 * mid + 1] { lo = mid + 1 } else { found = true; break }
            }
            r = found
        }
        return r
    }
}

enum RegexUnicodeTables {
    static func categoryBit(_ gc: Unicode.GeneralCategory) -> Int {
        switch gc {
        case .uppercaseLetter: return 0
        case .lowercaseLetter: return 1
        case .titlecaseLetter: return 2
        case .modifierLetter: return 3
        case .otherLetter: return 4
        case .nonspacingMark: return 5
        case .spacingMark: return 6
        case .enclosingMark: return 7
        case .decimalNumber: return 8
        case .letterNumber: return 9
        case .otherNumber: return 10
        case .connectorPunctuation: return 11
        case .dashPunctuation: return 12
        case .openPunctuation: return 13
        case .closePunctuation: return 14
        case .initialPunctuation: return 15
        case .finalPunctuation: return 16
        case .otherPunctuation: return 17
        case .mathSymbol: return 18
        case .currencySymbol: return 19
        case .modifierSymbol: return 20
        case .otherSymbol: return 21
        case .spaceSeparator: return 22
        case .lineSeparator: return 23
        case .paragraphSeparator: return 24
        case .control: return 25
        case .format: return 26
        case .surrogate: return 27
        case .privateUse: return 28
        case .unassigned: return 29
        @unknown default: return 29
        }
    }

    private static func mask(_ bits: ClosedRange<Int>) -> UInt64 {
        var m: UInt64 = 0
        for b in bits { m |= 1 << UInt64(b) }
        return m
    }

    /// General category names as RE2 accepts them (C excludes unassigned, as RE2).
    static let categories: [String: UInt64] = [
        "L": mask(0...4), "Lu": mask(0...0), "Ll": mask(1...1), "Lt": mask(2...2),
        "Lm": mask(3...3), "Lo": mask(4...4),
        "M": mask(5...7), "Mn": mask(5...5), "Mc": mask(6...6), "Me": mask(7...7),
        "N": mask(8...10), "Nd": mask(8...8), "Nl": mask(9...9), "No": mask(10...10),
        "P": mask(11...17), "Pc": mask(11...11), "Pd": mask(12...12), "Ps": mask(13...13),
        "Pe": mask(14...14), "Pi": mask(15...15), "Pf": mask(16...16), "Po": mask(17...17),
        "S": mask(18...21), "Sm": mask(18...18), "Sc": mask(19...19), "Sk": mask(20...20),
        "So": mask(21...21),
        "Z": mask(22...24), "Zs": mask(22...22), "Zl": mask(23...23), "Zp": mask(24...24),
        "C": mask(25...28), "Cc": mask(25...25), "Cf": mask(26...26), "Cs": mask(27...27),
        "Co": mask(28...28),
    ]

    /// Scripts, as the main ranges of Unicode's Scripts.txt (not exhaustive:
    /// a few scattered code points of each script may be missing).
    static let scripts: [String: [UInt32]] = [
        "Latin": [
            0x41, 0x5A, 0x61, 0x7A, 0xAA, 0xAA, 0xBA, 0xBA, 0xC0, 0xD6, 0xD8, 0xF6,
            0xF8, 0x2B8, 0x2E0, 0x2E4, 0x1D00, 0x1D25, 0x1D2C, 0x1D5C, 0x1D62, 0x1D65,
            0x1D6B, 0x1D77, 0x1D79, 0x1DBE, 0x1E00, 0x1EFF, 0x2071, 0x2071, 0x207F, 0x207F,
            0x2090, 0x209C, 0x212A, 0x212B, 0x2132, 0x2132, 0x214E, 0x214E, 0x2160, 0x2188,
            0x2C60, 0x2C7F, 0xA722, 0xA787, 0xA78B, 0xA7FF, 0xAB30, 0xAB5A, 0xAB5C, 0xAB64,
            0xAB66, 0xAB69, 0xFB00, 0xFB06, 0xFF21, 0xFF3A, 0xFF41, 0xFF5A,
            0x10780, 0x107BA, 0x1DF00, 0x1DF2A,
        ],
        "Greek": [
            0x370, 0x373, 0x375, 0x377, 0x37A, 0x37D, 0x37F, 0x37F, 0x384, 0x384,
            0x386, 0x386, 0x388, 0x38A, 0x38C, 0x38C, 0x38E, 0x3A1, 0x3A3, 0x3E1,
            0x3F0, 0x3FF, 0x1D26, 0x1D2A, 0x1D5D, 0x1D61, 0x1D66, 0x1D6A, 0x1DBF, 0x1DBF,
            0x1F00, 0x1F15, 0x1F18, 0x1F1D, 0x1F20, 0x1F45, 0x1F48, 0x1F4D, 0x1F50, 0x1F57,
            0x1F59, 0x1F59, 0x1F5B, 0x1F5B, 0x1F5D, 0x1F5D, 0x1F5F, 0x1F7D, 0x1F80, 0x1FB4,
            0x1FB6, 0x1FC4, 0x1FC6, 0x1FD3, 0x1FD6, 0x1FDB, 0x1FDD, 0x1FEF, 0x1FF2, 0x1FF4,
            0x1FF6, 0x1FFE, 0x2126, 0x2126, 0xAB65, 0xAB65, 0x10140, 0x1018E, 0x101A0, 0x101A0,
            0x1D200, 0x1D245,
        ],
        "Cyrillic": [
            0x400, 0x484, 0x487, 0x52F, 0x1C80, 0x1C88, 0x1D2B, 0x1D2B, 0x1D78, 0x1D78,
            0x2DE0, 0x2DFF, 0xA640, 0xA69F, 0xFE2E, 0xFE2F, 0x1E030, 0x1E06D, 0x1E08F, 0x1E08F,
        ],
        "Han": [
            0x2E80, 0x2E99, 0x2E9B, 0x2EF3, 0x2F00, 0x2FD5, 0x3005, 0x3005, 0x3007, 0x3007,
            0x3021, 0x3029, 0x3038, 0x303B, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xF900, 0xFA6D,
            0xFA70, 0xFAD9, 0x16FE2, 0x16FE3, 0x16FF0, 0x16FF1, 0x20000, 0x2A6DF,
            0x2A700, 0x2EBE0, 0x2F800, 0x2FA1D, 0x30000, 0x323AF,
        ],
        "Arabic": [
            0x600, 0x604, 0x606, 0x60B, 0x60D, 0x61A, 0x61C, 0x61E, 0x620, 0x63F,
            0x641, 0x64A, 0x656, 0x66F, 0x671, 0x6DC, 0x6DE, 0x6FF, 0x750, 0x77F,
            0x870, 0x88E, 0x890, 0x891, 0x898, 0x8E1, 0x8E3, 0x8FF, 0xFB50, 0xFBC2,
            0xFBD3, 0xFD3D, 0xFD40, 0xFD8F, 0xFD92, 0xFDC7, 0xFDCF, 0xFDCF, 0xFDF0, 0xFDFF,
            0xFE70, 0xFE74, 0xFE76, 0xFEFC,
        ],
        "Hebrew": [0x591, 0x5C7, 0x5D0, 0x5EA, 0x5EF, 0x5F4, 0xFB1D, 0xFB36, 0xFB38, 0xFB4F],
        "Armenian": [0x531, 0x556, 0x559, 0x58A, 0x58D, 0x58F, 0xFB13, 0xFB17],
        "Georgian": [
            0x10A0, 0x10C5, 0x10C7, 0x10C7, 0x10CD, 0x10CD, 0x10D0, 0x10FA, 0x10FC, 0x10FF,
            0x1C90, 0x1CBA, 0x1CBD, 0x1CBF, 0x2D00, 0x2D25, 0x2D27, 0x2D27, 0x2D2D, 0x2D2D,
        ],
        "Devanagari": [0x900, 0x950, 0x955, 0x963, 0x966, 0x97F, 0xA8E0, 0xA8FF],
        "Thai": [0xE01, 0xE3A, 0xE40, 0xE5B],
        "Hiragana": [0x3041, 0x3096, 0x309D, 0x309F, 0x1B001, 0x1B11F, 0x1F200, 0x1F200],
        "Katakana": [
            0x30A1, 0x30FA, 0x30FD, 0x30FF, 0x31F0, 0x31FF, 0x32D0, 0x32FE, 0x3300, 0x3357,
            0xFF66, 0xFF6F, 0xFF71, 0xFF9D, 0x1B000, 0x1B000,
        ],
        "Hangul": [
            0x1100, 0x11FF, 0x302E, 0x302F, 0x3131, 0x318E, 0x3200, 0x321E, 0x3260, 0x327E,
            0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xD7B0, 0xD7C6, 0xD7CB, 0xD7FB, 0xFFA0, 0xFFBE,
            0xFFC2, 0xFFC7, 0xFFCA, 0xFFCF, 0xFFD2, 0xFFD7, 0xFFDA, 0xFFDC,
        ],
    ]

    /// Looks up a \p name ("L", "Greek", "Any").
    static func lookup(_ name: String) -> RegexUnicodeClassKind? {
        if name == "Any" { return .any }
        if let m = categories[name] { return .categories(m) }
        if let r = scripts[name] { return .ranges(r) }
        return nil
    }
}
