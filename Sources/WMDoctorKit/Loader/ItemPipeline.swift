import Foundation

/// Builds the connections or workflows of one section on a second thread
/// while the composer goes on reading the next items: the two halves of
/// loading (libyaml events → nodes, nodes → model) overlap on a large file.
///
/// Items are built in order, by one thread, into the same `LoadContext`, so
/// the model and the findings are exactly those of building them one by one.
/// The reading thread must not touch the context between `start` and `finish`.
final class ItemPipeline: @unchecked Sendable {
    enum Section { case connections, workflows }

    private let section: Section
    private let slug: String
    private let ctx: LoadContext
    private let condition = NSCondition()
    private var queue: [[YAMLNode]] = []
    private var closed = false
    private var batch: [YAMLNode] = []
    private let done = DispatchSemaphore(value: 0)
    private(set) var connections: [Connection] = []
    private(set) var workflows: [Workflow] = []

    /// Items per hand-over, and hand-overs waiting at most (bounds the nodes held).
    static let batchSize = 128
    static let maxQueued = 8

    init(_ section: Section, slug: String, ctx: LoadContext) {
        self.section = section
        self.slug = slug
        self.ctx = ctx
        Thread.detachNewThread { [self] in
            run()
            done.signal()
        }
    }

    /// Hands over one composed item.
    func push(_ node: YAMLNode) {
        batch.append(node)
        guard batch.count >= Self.batchSize else { return }
        enqueue()
    }

    /// Waits until every item pushed is built.
    func finish() {
        enqueue()
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
        done.wait()
    }

    private func enqueue() {
        guard !batch.isEmpty else { return }
        condition.lock()
        while queue.count >= Self.maxQueued { condition.wait() }
        queue.append(batch)
        condition.signal()
        condition.unlock()
        batch = []
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let nodes = queue.removeFirst()
            condition.signal()
            condition.unlock()
            for node in nodes {
                switch section {
                case .connections: if let c = ctx.readConnection(node, workspace: slug) { connections.append(c) }
                case .workflows: if let w = ctx.readWorkflow(node, workspace: slug) { workflows.append(w) }
                }
            }
        }
    }
}
