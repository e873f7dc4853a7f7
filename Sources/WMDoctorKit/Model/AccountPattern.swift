/// How an account pattern (`expect: {account: …}`, `expect.accounts`, the
/// account policy) matches a connection's account: it equals `account.id`,
/// `label` or `email`, `*` matching any run of characters. E-mail domains
/// compare case-insensitively (`*@acme.com` matches `Ops@Acme.com`); the part
/// before the `@`, ids and labels compare as written.
public enum AccountPattern {
    public static func matches(_ pattern: String, _ account: Account) -> Bool {
        match(pattern, account) != nil
    }

    /// The first of `id`, `label`, `email` the pattern matches, as (field, value) (`why` shows which); nil when none does.
    public static func match(_ pattern: String, _ account: Account) -> (field: String, value: String)? {
        if let id = account.id?.value, Glob.matches(pattern, id) { return ("id", id) }
        if let label = account.label?.value, Glob.matches(pattern, label) { return ("label", label) }
        if let email = account.email?.value, Glob.matches(domainLowercased(pattern), domainLowercased(email)) { return ("email", email) }
        return nil
    }

    /// `Ops@Acme.com` → `Ops@acme.com`: the domain after the last `@` in lower case.
    static func domainLowercased(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[...at]) + address[address.index(after: at)...].lowercased()
    }
}
