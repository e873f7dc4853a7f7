/// `--color`: whether text reports use ANSI colours.
public enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never

    /// `always` and `never` are obeyed; `auto` colours only a terminal, and
    /// not when `NO_COLOR` is set to anything non-empty or `TERM` is `dumb`.
    public func enabled(isTerminal: Bool, environment: [String: String]) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let v = environment["NO_COLOR"], !v.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isTerminal
        }
    }
}

/// ANSI styling that is a no-op when off.
struct ANSI {
    var on: Bool

    func wrap(_ code: String, _ s: String) -> String { on && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { wrap("1", s) }
    func dim(_ s: String) -> String { wrap("2", s) }
    func green(_ s: String) -> String { wrap("32", s) }
    func cyan(_ s: String) -> String { wrap("36", s) }
    func red(_ s: String) -> String { wrap("31", s) }
    func underline(_ s: String) -> String { wrap("1;4", s) }

    func severity(_ s: Severity) -> String {
        switch s {
        case .error: return wrap("1;31", "error")
        case .warning: return wrap("1;33", "warning")
        case .info: return wrap("1;36", "info")
        }
    }
}
