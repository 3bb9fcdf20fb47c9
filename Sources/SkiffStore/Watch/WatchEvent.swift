/// One change seen by a watcher.
public struct WatchEvent: Sendable, Hashable {
    /// What happened to the key.
    public enum Kind: Sendable, Hashable {
        /// The key was created or updated (`kv.version == 1` means created).
        case put
        /// The key was deleted; `kv` holds only the key and the deletion's revision.
        case delete
    }

    /// What happened.
    public var kind: Kind
    /// The key-value after the change (for a delete: key and `modRevision` only).
    public var kv: KeyValue
    /// The key-value before the change, when the watch asked for it and the key existed.
    public var prevKV: KeyValue?

    /// Creates an event.
    public init(kind: Kind, kv: KeyValue, prevKV: KeyValue? = nil) {
        self.kind = kind
        self.kv = kv
        self.prevKV = prevKV
    }

    /// The revision of the change.
    public var revision: Revision { kv.modRevision }
    /// Whether this put created the key.
    public var isCreate: Bool { kind == .put && kv.version == 1 }
}

/// What a watch delivers: the events of one or more whole transactions, oldest first, or a
/// progress notification.
public struct WatchResponse: Sendable, Hashable {
    /// For events: the revision of the last event. For a progress notification: every event up to
    /// and including this revision has been delivered.
    public var revision: Revision
    /// The events; empty for a progress notification.
    public var events: [WatchEvent]

    /// Creates a response.
    public init(revision: Revision, events: [WatchEvent]) {
        self.revision = revision
        self.events = events
    }

    /// Whether this is a progress notification ("nothing more up to ``revision``").
    public var isProgressNotification: Bool { events.isEmpty }
}
