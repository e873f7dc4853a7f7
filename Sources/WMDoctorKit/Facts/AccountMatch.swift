extension Account {
    /// The first of `id`, `label`, `email` that account pattern `pattern`
    /// matches (`*`: any run of characters), as (field, value); nil when none
    /// does. The one definition of "the account meets an expectation"
    /// (`wm.matchesAccount`, `why`).
    public func match(_ pattern: String) -> (field: String, value: String)? {
        for (field, value) in [("id", id), ("label", label), ("email", email)] {
            if let v = value?.value, Glob.matches(pattern, v) { return (field, v) }
        }
        return nil
    }
}
