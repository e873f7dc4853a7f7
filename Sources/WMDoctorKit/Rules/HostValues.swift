import CEL

/// Conversions of model values to CEL values. Absent optional fields are
/// `null`, so rules compare with `!= null` instead of guarding with `has()`.
enum HostValue {
    static func string(_ v: Located<String>?) -> CELValue { v.map { .string($0.value) } ?? .null }
    static func string(_ v: String?) -> CELValue { v.map { .string($0) } ?? .null }
    static func bool(_ v: Located<Bool>?) -> CELValue { v.map { .bool($0.value) } ?? .null }
    static func raw<E: RawRepresentable<String>>(_ v: Located<E>?) -> CELValue { v.map { .string($0.value.rawValue) } ?? .null }

    static func timestamp(_ t: Timestamp?) -> CELValue {
        guard let t, let c = CELTimestamp(seconds: t.seconds, nanos: t.nanos) else { return .null }
        return .timestamp(c)
    }

    static func timestamp(_ v: Located<Timestamp>?) -> CELValue { timestamp(v?.value) }

    static func strings(_ values: [String]) -> CELValue { .list(CELList(values.map(CELValue.string))) }

    static func map(_ entries: [(String, CELValue)]) -> CELValue {
        .map(CELMap.strings(Dictionary(entries, uniquingKeysWith: { a, _ in a })))
    }
}

/// A host object that can say where one of its fields was written, for the
/// rule's `at:` path (e.g. `step.connection`, `connection.auth.expires_at`).
protocol Locatable {
    var location: SourceLocation { get }
    func location(of path: ArraySlice<String>) -> SourceLocation?
}
