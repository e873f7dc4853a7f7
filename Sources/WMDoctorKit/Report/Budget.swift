/// A report that must stay under a size (a comment's characters, a file's
/// bytes): pieces are added in order while they fit, each section's heading
/// before its first piece; the first piece that does not fit ends the report
/// with a line saying how many were left out. Sizes are UTF-8 bytes, which
/// no count of characters exceeds.
enum Budget {
    struct Piece {
        /// A heading written once before the first piece of its section ("": none).
        var section: String
        var text: String
    }

    static func fit(_ pieces: [Piece], limit: Int, more: (Int) -> String) -> String {
        var out = ""
        var size = 0
        var section = ""
        for (i, piece) in pieces.enumerated() {
            let heading = piece.section != section ? piece.section : ""
            let needed = heading.utf8.count + piece.text.utf8.count
            let last = i == pieces.count - 1
            let reserve = last ? 0 : more(pieces.count - i - 1).utf8.count
            if size + needed + reserve > limit {
                let line = more(pieces.count - i)
                // The line itself always fits: `more` is short, and the reserve kept room for it.
                return size + line.utf8.count <= limit ? out + line : out
            }
            out += heading + piece.text
            size += needed
            section = piece.section
        }
        return out
    }
}
