import Foundation

/// Composes and builds the connections or workflows of one section on a
/// second thread while the reading thread goes on parsing: the two halves of
/// loading (libyaml → events; events → nodes → model) overlap on a large file.
///
/// The reading thread only hands over the section's events (``push(_:)``); the
/// second thread composes each item with the file's composer (its anchors,
/// secret spans, duplicate keys and aliases go on in stream order) and builds
/// it into the same `LoadContext`, in order, so the model, the findings and
/// the first error are exactly those of reading them one by one. The reading
/// thread must not touch the composer or the context between `init` and `finish`.
final class ItemPipeline: @unchecked Sendable {
    enum Section { case connections, workflows }

    private let section: Section
    private let slug: String
    private let ctx: LoadContext
    private let composer: YAMLComposer
    private let feed = YAMLEventFeed()
    private let done = DispatchSemaphore(value: 0)
    private var error: YAMLError?
    /// What was built, taken once finished (``takeConnections()``, ``takeWorkflows()``).
    private let connections = GrowingItems<Connection>()
    private let workflows = GrowingItems<Workflow>()
    /// Reads workflows straight from their events (nil: composes each).
    private let eventReader: EventItemReader?

    init(_ section: Section, slug: String, ctx: LoadContext, composer: YAMLComposer, readsFromEvents: Bool = true) {
        self.section = section
        self.slug = slug
        self.ctx = ctx
        self.composer = composer
        composer.feed = feed
        eventReader = readsFromEvents && section == .workflows ? EventItemReader(composer: composer, ctx: ctx) : nil
        Thread.detachNewThread { [self] in
            run()
            done.signal()
        }
    }

    /// Reads the next event of the section from `reader` and hands it over
    /// (the section's closing `sequenceEnd`, at `depth` 0, is not); what it
    /// was, and false when the second thread stopped on an error (``finish()`` gives it).
    func handOver(from reader: YAMLEventReader, depth: Int) throws(YAMLError) -> (YAMLEventReader.HandedOver, taken: Bool) {
        try reader.handOver(to: feed, keepingListEnd: depth == 0)
    }

    /// Waits until every item handed over is built; the second thread's error,
    /// if it met one (it comes before anything the reading thread met later).
    func finish() -> YAMLError? {
        feed.close()
        done.wait()
        composer.feed = nil
        composer.replay = nil
        return error
    }

    /// The connections built, in order, in an array of their size (after ``finish()``).
    func takeConnections() -> [Connection] { connections.take() }

    /// The workflows built, in order, in an array of their size (after ``finish()``).
    func takeWorkflows() -> [Workflow] { workflows.take() }

    private func run() {
        do throws(YAMLError) {
            while let first = feed.nextValue() {
                if let eventReader {
                    if let w = try eventReader.readWorkflow(first, from: feed, workspace: slug) { workflows.append(w) }
                    continue
                }
                let node = try composer.compose(from: first, depth: 2)
                switch section {
                case .connections: if let c = ctx.readConnection(node, workspace: slug) { connections.append(c) }
                case .workflows: if let w = ctx.readWorkflow(node, workspace: slug) { workflows.append(w) }
                }
            }
        } catch {
            // Cut short by the reading thread's own error: that one is reported.
            if !feed.truncated { self.error = error }
            feed.stop()
        }
    }
}
