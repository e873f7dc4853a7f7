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
        var app: VocabularyText
        var operation: VocabularyText
        var appObject: AppObject
        var operationObject: OperationObject?
    }
    private let objects: CatalogObjects
    private let trigger: Bool
    private var entries: [Entry?] = Array(repeating: nil, count: 64)

    init(_ objects: CatalogObjects, trigger: Bool) {
        self.objects = objects
        self.trigger = trigger
    }

    /// `objects.app(app)` and `objects.operation(app:key:trigger:)`, for a
    /// use's app and operation as vocabulary numbers (equal exactly when the
    /// texts are): a pair met again is answered without reading its texts.
    func lookup(app: VocabularyText, operation: VocabularyText) -> (AppObject, OperationObject?) {
        let (a0, _) = app.words
        let (o0, _) = operation.words
        let h = ((a0 &* 0x9E37_79B9_7F4A_7C15) ^ o0) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: (h ^ (h >> 29)) & 63)
        if let e = entries[slot], e.app == app, e.operation == operation {
            return (e.appObject, e.operationObject)
        }
        let appText = app.text ?? ""
        let found = (objects.app(appText), operation.text.flatMap { objects.operation(app: appText, key: $0, trigger: trigger) })
        entries[slot] = Entry(app: app, operation: operation, appObject: found.0, operationObject: found.1)
        return found
    }
}
