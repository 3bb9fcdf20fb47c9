/// The events of one committed revision, as the writer publishes them.
struct RevisionEvents: Sendable {
    var revision: Revision
    var events: [WatchEvent]
}
