import CEL

/// A catalog app as rules see it (`app.known`, `app.actions`, ...); for an
/// app the catalog does not know, `known` is false and the lists are empty.
final class AppObject: CELObject {
    let key: String
    let app: CatalogApp?
    let actions: CELValue
    let triggers: CELValue

    init(key: String, app: CatalogApp?) {
        self.key = key
        self.app = app
        actions = HostValue.strings((app?.actions.keys).map { $0.sorted() } ?? [])
        triggers = HostValue.strings((app?.triggers.keys).map { $0.sorted() } ?? [])
    }

    var celTypeName: String { "wm.App" }
    var fieldNames: [String] { HostSchema.app.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.app.value(self, name) }
}

/// A catalog action or trigger: `operation.needs` (groups of accepted scopes), `operation.token_kind`.
final class OperationObject: CELObject {
    let operation: CatalogOperation
    let app: CatalogApp

    init(_ operation: CatalogOperation, app: CatalogApp) {
        self.operation = operation
        self.app = app
    }

    var celTypeName: String { "wm.Operation" }
    var fieldNames: [String] { HostSchema.operation.fieldNames }
    func field(_ name: String) -> CELValue? { HostSchema.operation.value(self, name) }
}

/// The catalog's host objects, built once per run and shared by every entity
/// (and thread): one AppObject per app key, one OperationObject per action and
/// trigger. Building them per step sorted every app's action list each time.
final class CatalogObjects: Sendable {
    private let apps: [String: AppObject]
    private let actions: [String: [String: OperationObject]]
    private let triggers: [String: [String: OperationObject]]

    init(catalog: AppCatalog) {
        apps = catalog.apps.mapValues { AppObject(key: $0.key, app: $0) }
        actions = catalog.apps.mapValues { app in app.actions.mapValues { OperationObject($0, app: app) } }
        triggers = catalog.apps.mapValues { app in app.triggers.mapValues { OperationObject($0, app: app) } }
    }

    /// The app's object; an app the catalog does not know gets a new one (rare: a typo).
    func app(_ key: String) -> AppObject { apps[key] ?? AppObject(key: key, app: nil) }

    /// The catalog's action (or trigger event) `key` of `app`, nil when unknown.
    func operation(app: String, key: String, trigger: Bool) -> OperationObject? {
        (trigger ? triggers : actions)[app]?[key]
    }
}

/// The app and operation objects of the steps (or triggers) one thread
/// visits, remembered by their texts' vocabulary numbers (``VocabularyText``)
/// so that most steps find them without reading or hashing a string (a
/// step's app and action repeat across a workspace). One thread's; `trigger`
/// is fixed per cache.
final class CatalogLookups {
    private struct Entry {
        var key: UInt64
        var appObject: AppObject
        var operationObject: OperationObject?
    }
    private let objects: CatalogObjects
    private let trigger: Bool
    private var entries: [Entry] = []
    /// Entry + 1 by slot (0: empty), at most half full: every pair met stays,
    /// up to ``capacity`` (a workspace has as many pairs as its apps'
    /// distinct actions), so a pair is looked up in its texts once per
    /// thread. A fixed table of 64 slots, one pair each, lost pairs that
    /// collided: 1,200 instructions a step at dense 10 MB instead of about 40.
    private var slots: [Int32] = Array(repeating: 0, count: 64)
    /// Pairs kept at most: an export whose every step names another action
    /// is looked up in its texts past it, and holds no more per thread.
    static let capacity = 1 << 16

    init(_ objects: CatalogObjects, trigger: Bool) {
        self.objects = objects
        self.trigger = trigger
    }

    /// `objects.app(app)` and `objects.operation(app:key:trigger:)`, for a
    /// use's app and operation as vocabulary numbers (equal exactly when the
    /// texts are): a pair met again is answered without reading its texts.
    func lookup(app: VocabularyText, operation: VocabularyText) -> (AppObject, OperationObject?) {
        let key = UInt64(app.number) << 32 | UInt64(operation.number)
        let mask = slots.count - 1
        var slot = Self.slot(key, mask)
        while true {
            let e = Int(slots[slot])
            if e == 0 { break }
            if entries[e - 1].key == key { return (entries[e - 1].appObject, entries[e - 1].operationObject) }
            slot = (slot + 1) & mask
        }
        let appText = app.text ?? ""
        let found = (objects.app(appText), operation.text.flatMap { objects.operation(app: appText, key: $0, trigger: trigger) })
        guard entries.count < Self.capacity else { return found }
        entries.append(Entry(key: key, appObject: found.0, operationObject: found.1))
        slots[slot] = Int32(entries.count)
        if 2 * entries.count > slots.count { grow() }
        return found
    }

    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        let h = key &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: h ^ (h >> 29)) & mask
    }

    /// Doubles the slots and places every entry again.
    private func grow() {
        slots = Array(repeating: 0, count: 2 * slots.count)
        let mask = slots.count - 1
        for (e, entry) in entries.enumerated() {
            var slot = Self.slot(entry.key, mask)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(e + 1)
        }
    }
}
