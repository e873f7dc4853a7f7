import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The temporary files being written, removed if SIGINT or SIGTERM ends the
/// process before they are renamed. The handler only reads a fixed table of
/// C strings and calls `unlink`, `signal` and `raise` (async-signal-safe),
/// then lets the signal end the process as it would have.
enum TemporaryFiles {
    static let capacity = 64

    /// Slots of `strdup`ed paths; nil when free. Written under `lock`, read by the handler.
    nonisolated(unsafe) static let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        table.initialize(repeating: nil, count: capacity)
        return table
    }()
    static let lock = NSLock()

    /// Installed once, before the first temporary file: the handlers, and
    /// SIGXFSZ ignored so that a file size limit is an error (EFBIG), not a kill.
    static let prepared: Void = {
        _ = table
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGINT, removeAndReraise)
        signal(SIGTERM, removeAndReraise)
    }()

    /// Records `path` until `forget`; nil when the table is full (the file is
    /// then still removed on every failure, only not on a signal).
    static func register(_ path: String) -> Int? {
        _ = prepared
        lock.lock()
        defer { lock.unlock() }
        guard let slot = (0..<capacity).first(where: { table[$0] == nil }) else { return nil }
        table[slot] = strdup(path)
        return slot
    }

    static func forget(_ slot: Int?) {
        guard let slot else { return }
        lock.lock()
        defer { lock.unlock() }
        let path = table[slot]
        table[slot] = nil
        free(path)
    }
}

/// SIGINT, SIGTERM: remove the temporary files, then end as the signal would.
private func removeAndReraise(_ signal: Int32) {
    for slot in 0..<TemporaryFiles.capacity {
        if let path = TemporaryFiles.table[slot] { unlink(path) }
    }
    #if canImport(Glibc)
        _ = Glibc.signal(signal, SIG_DFL)
    #else
        _ = Darwin.signal(signal, SIG_DFL)
    #endif
    raise(signal)
}
