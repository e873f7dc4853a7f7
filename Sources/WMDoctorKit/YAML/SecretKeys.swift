/// The one place that decides which keys hold secret values. The YAML layer
/// uses it to record where secret values sit, so that no snippet, message or
/// report ever prints one; the loader uses it to keep only their presence.
public enum SecretKeys {
    /// Secret fields of `auth` named by the export format.
    public static let exportFields: Set<String> = [
        "access_token", "refresh_token", "api_key", "client_secret", "password",
    ]

    /// Keys that look secret but only describe one (`token_kind: bot`).
    private static let harmless: Set<String> = ["token_kind", "key_hint", "token_type"]

    /// Keys of the export format that hold no secret (checked first: they are most keys read).
    private static let commonHarmless = KeyTable([
        "id", "name", "app", "action", "connection", "expect", "params", "account", "auth", "type", "scopes",
        "label", "email", "mode", "default", "status", "environment", "owner", "event", "trigger", "steps",
        "enabled", "refreshable", "text", "channel", "to", "title", "url", "code", "message",
    ])

    private static let fragments = [
        "token", "secret", "password", "passwd", "apikey", "api_key", "private_key",
        "credential", "authorization", "cookie", "signing_key", "webhook_key",
    ]

    /// One of the common keys of the export that hold no secret (answered without hashing).
    static func isCommonHarmless(_ key: String) -> Bool { commonHarmless.contains(key) }

    /// True for keys whose values must never be shown, in any section.
    public static func isSecret(_ key: String) -> Bool {
        // The common keys of the export answer without any string search.
        if isCommonHarmless(key) { return false }
        // HTTP header style (`X-Api-Key`) reads like `x_api_key`.
        let k = String(key.lowercased().map { $0 == "-" ? "_" : $0 })
        if harmless.contains(k) || k.hasSuffix("_at") || k.hasSuffix("_kind") || k.hasSuffix("_hint") { return false }
        if exportFields.contains(k) { return true }
        guard ASCIIText.isASCII(k) else { return fragments.contains { k.contains($0) } }
        let bytes = Array(k.utf8)
        return fragmentBytes.contains { ASCIIText.contains(bytes, $0) }
    }

    private static let fragmentBytes = fragments.map { Array($0.utf8) }
}

extension SecretKeys {
    /// Where, in one source line (as Unicode scalars, or an ASCII line's bytes
    /// seen as scalars), values of secret keys
    /// sit: `password: x`, `"api_key": "x"`, `{token: x, ...}`. The second line
    /// of defence of snippets, for lines whose values the YAML layer never
    /// finished reading (a file that fails to parse inside a secret). Block
    /// scalars' following lines are not recognised here; their spans are.
    public static func valueRanges<Line: RandomAccessCollection>(inLine line: Line) -> [Range<Int>]
    where Line.Element == Unicode.Scalar, Line.Index == Int {
        var ranges: [Range<Int>] = []
        var i = 0
        while i < line.count {
            defer { i += 1 }
            guard line[i] == ":", i + 1 == line.count || line[i + 1] == " " || line[i + 1] == "\t" else { continue }
            var keyEnd = i
            while keyEnd > 0, line[keyEnd - 1] == " " { keyEnd -= 1 }
            let quote: Unicode.Scalar? = keyEnd > 0 && (line[keyEnd - 1] == "\"" || line[keyEnd - 1] == "'") ? line[keyEnd - 1] : nil
            if quote != nil { keyEnd -= 1 }
            var keyStart = keyEnd
            while keyStart > 0, isKeyCharacter(line[keyStart - 1]) { keyStart -= 1 }
            guard keyStart < keyEnd else { continue }
            let key = String(String.UnicodeScalarView(line[keyStart..<keyEnd]))
            guard isSecret(key) else { continue }
            var start = i + 1
            while start < line.count, line[start] == " " || line[start] == "\t" { start += 1 }
            guard start < line.count, !["|", ">", "#"].contains(line[start]) else { continue }
            let flow = line[..<keyStart].contains { $0 == "{" || $0 == "[" }
            var end = start
            if line[start] == "\"" || line[start] == "'" {
                end = start + 1
                while end < line.count, line[end] != line[start] || (line[start] == "\"" && line[end - 1] == "\\") { end += 1 }
                end = min(end + 1, line.count)
            } else if flow {
                while end < line.count, ![",", "}", "]"].contains(line[end]) { end += 1 }
                while end > start, line[end - 1] == " " { end -= 1 }
            } else {
                end = line.count
                while end > start, line[end - 1] == " " || line[end - 1] == "\r" { end -= 1 }
            }
            if start < end { ranges.append(start..<end) }
            i = max(i, end - 1)
        }
        return ranges
    }

    private static func isKeyCharacter(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" || c == "-" || c == "."
    }
}
