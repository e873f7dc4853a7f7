/// Where lines end in UTF-8 bytes fed in pieces (a file read a chunk at a
/// time): the byte ranges of the lines `wanted`, without their line breaks.
/// Lines end at `\n`, `\r\n` or `\r`, also when a piece ends between `\r`
/// and `\n`; the last line runs to the end of the bytes (empty after a final
/// break). Nothing is copied: a 100 MB export is never held whole for its snippets.
struct LineRanges {
    private let wanted: Set<Int>
    private let last: Int
    private(set) var ranges: [Int: Range<Int>] = [:]
    /// The line being read, where it starts, and the offset of the next byte fed.
    private var number = 1
    private var start: Int
    private var offset: Int
    /// The last piece ended with `\r`: a `\n` starting the next belongs to it.
    private var pendingCR = false

    /// Lines `wanted` of bytes whose first (the first fed) is at `offset`.
    init(wanted: Set<Int>, from offset: Int = 0) {
        self.wanted = wanted
        last = wanted.max() ?? 0
        start = offset
        self.offset = offset
    }

    /// Every line wanted has been found.
    var done: Bool { number > last }

    /// The next bytes, following those fed before.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        var i = 0
        if pendingCR, n > 0 {
            pendingCR = false
            if bytes[0] == 0x0A {
                i = 1
                start = offset + 1
            }
        }
        while i < n, number <= last {
            var j = i
            while j < n && bytes[j] != 0x0A && bytes[j] != 0x0D { j += 1 }
            if j == n { break }  // the line goes on in the next piece
            if wanted.contains(number) { ranges[number] = start..<(offset + j) }
            number += 1
            if bytes[j] == 0x0D && j + 1 == n {
                pendingCR = true
                i = n
            } else {
                i = j + (bytes[j] == 0x0D && bytes[j + 1] == 0x0A ? 2 : 1)
            }
            start = offset + i
        }
        offset += n
    }

    /// The end of the bytes: it ends the line being read.
    mutating func finish() {
        if number <= last, wanted.contains(number) { ranges[number] = start..<max(start, offset) }
        number = last + 1
    }
}
