/// The events of one item, gathered from a ``YAMLEventFeed`` to be read
/// again in order. The composer takes its events from here first
/// (``YAMLComposer/replay``), from ``position`` on: an item read straight
/// from its events (``EventItemReader``) has the parts it does not read
/// itself composed from here, and an item it declines composed from here
/// whole, the rest of the item (if it was not gathered whole) then coming
/// from the feed as before.
final class EventReplay {
    @exclusivity(unchecked) var events: [YAMLEvent] = []
    /// The next event ``next()`` gives; at `events.count` it gives none.
    @exclusivity(unchecked) var position = 0

    @inline(__always) func next() -> YAMLEvent? {
        guard position < events.count else { return nil }
        position += 1
        return events[position - 1]
    }

    /// Nothing left to give (the composer reads from its own source again).
    func finish() { position = events.count }
}
