/// Findings located at an alias (`auth: *shared`) get a note pointing at the
/// anchor the alias repeats (`&shared`): the finding is about the value where
/// the alias puts it, and the note shows where that value is written.
enum AnchorNotes {
    static func add(to findings: inout [Finding], from files: [LoadedFile]) {
        var byFile: [String: [Mark: AliasUse]] = [:]
        for file in files where !file.aliasUses.isEmpty {
            var uses: [Mark: AliasUse] = [:]
            for use in file.aliasUses where uses[use.alias] == nil { uses[use.alias] = use }
            byFile[file.path] = uses
        }
        guard !byFile.isEmpty else { return }
        for i in findings.indices {
            let at = findings[i].location
            guard let use = byFile[at.file]?[Mark(line: at.line, column: at.column)] else { continue }
            let anchor = SourceLocation(file: at.file, line: use.anchor.line, column: use.anchor.column, length: use.name.count + 1)
            findings[i].related.append(RelatedLocation("the value comes from the anchor &\(use.name) written here", at: anchor))
        }
    }
}
