/// A report of something that happened to an object (`v1.Event`, the core group's events).
public struct Event: APIObject, Hashable, Sendable, Codable {
    /// `v1`.
    public static let apiVersion = "v1"
    /// `Event`.
    public static let kind = "Event"

    /// The schema version as written; ``Event/apiVersion`` when built here.
    public var apiVersion: String?
    /// The kind as written; ``Event/kind`` when built here.
    public var kind: String?
    /// The object's metadata (empty when absent from JSON).
    public var metadata: ObjectMeta
    /// The object the event is about.
    public var involvedObject: ObjectReference?
    /// A CamelCase reason, `Scheduled`.
    public var reason: String?
    /// For people.
    public var message: String?
    /// The component that reported the event (old clients).
    public var source: EventSource?
    /// When the event was first seen.
    public var firstTimestamp: Time?
    /// When the event was last seen.
    public var lastTimestamp: Time?
    /// How often the event was seen.
    public var count: Int?
    /// `Normal` or `Warning`.
    public var type: String?
    /// When the event was first seen, with microseconds (new clients).
    public var eventTime: MicroTime?
    /// The repetitions of an event (new clients).
    public var series: EventSeries?
    /// What was done, `Binding`.
    public var action: String?
    /// A second object involved.
    public var related: ObjectReference?
    /// The controller that reported the event, `kubelet`.
    public var reportingComponent: String?
    /// The instance of the controller, `kubelet-node-1`.
    public var reportingInstance: String?

    /// An event.
    public init(
        metadata: ObjectMeta = ObjectMeta(), involvedObject: ObjectReference? = nil, reason: String? = nil,
        message: String? = nil, type: String? = nil
    ) {
        self.apiVersion = Event.apiVersion
        self.kind = Event.kind
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
    }
}

/// The component that reported an event (`v1.EventSource`).
public struct EventSource: Hashable, Sendable, Codable {
    /// The component, `kubelet`.
    public var component: String?
    /// The node it runs on.
    public var host: String?

    /// A source.
    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }
}

/// The repetitions of an event (`v1.EventSeries`).
public struct EventSeries: Hashable, Sendable, Codable {
    /// How often it happened.
    public var count: Int?
    /// When it last happened.
    public var lastObservedTime: MicroTime?

    /// A series.
    public init(count: Int? = nil, lastObservedTime: MicroTime? = nil) {
        self.count = count
        self.lastObservedTime = lastObservedTime
    }
}
