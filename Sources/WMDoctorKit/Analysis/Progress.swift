import Foundation

/// How far an analysis is, for a progress line on long runs.
public struct AnalysisProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        case reading, checking, done
    }

    public var phase: Phase
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int
    public var bytesTotal: Int
}

/// Counts files read from several threads and forwards each step to the observer.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var progress: AnalysisProgress
    private let observer: @Sendable (AnalysisProgress) -> Void

    init(filesTotal: Int, bytesTotal: Int, observer: @escaping @Sendable (AnalysisProgress) -> Void) {
        progress = AnalysisProgress(phase: .reading, filesDone: 0, filesTotal: filesTotal, bytesDone: 0, bytesTotal: bytesTotal)
        self.observer = observer
        observer(progress)
    }

    func fileRead(bytes: Int) {
        lock.lock()
        progress.filesDone += 1
        progress.bytesDone += bytes
        let now = progress
        lock.unlock()
        observer(now)
    }

    func phase(_ phase: AnalysisProgress.Phase) {
        lock.lock()
        progress.phase = phase
        let now = progress
        lock.unlock()
        observer(now)
    }
}
