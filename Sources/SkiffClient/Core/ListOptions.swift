import SkiffAPI

/// Query options of a LIST.
public struct ListOptions: Sendable {
    /// A label selector (`app=web,tier!=db`).
    public var labelSelector: String?
    /// A field selector (`spec.nodeName=n1`).
    public var fieldSelector: String?
    /// `0` reads from the server's cache; `nil` reads the latest.
    public var resourceVersion: String?
    /// `NotOlderThan` or `Exact` with ``resourceVersion``.
    public var resourceVersionMatch: String?
    /// The page size.
    public var limit: Int?
    /// The token from the previous page.
    public var continueToken: String?

    /// Options.
    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        resourceVersionMatch: String? = nil, limit: Int? = nil, continueToken: String? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.limit = limit
        self.continueToken = continueToken
    }

    /// The query parameters.
    var query: [(name: String, value: String)] {
        var query: [(name: String, value: String)] = []
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch { query.append(("resourceVersionMatch", resourceVersionMatch)) }
        if let limit { query.append(("limit", String(limit))) }
        if let continueToken { query.append(("continue", continueToken)) }
        return query
    }
}

/// Query options of a WATCH.
public struct WatchOptions: Sendable {
    /// A label selector.
    public var labelSelector: String?
    /// A field selector.
    public var fieldSelector: String?
    /// Where to start: events after this resourceVersion (`nil`: from now; `0`: any recent state).
    public var resourceVersion: String?
    /// Whether the server may send BOOKMARK events.
    public var allowBookmarks: Bool
    /// WatchList: the current state as ADDED events first, then a bookmark annotated
    /// `k8s.io/initial-events-end`, then changes.
    public var sendInitialEvents: Bool?
    /// How long the server keeps the watch open.
    public var timeoutSeconds: Int?

    /// Options.
    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        allowBookmarks: Bool = true, sendInitialEvents: Bool? = nil, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.allowBookmarks = allowBookmarks
        self.sendInitialEvents = sendInitialEvents
        self.timeoutSeconds = timeoutSeconds
    }

    /// The query parameters.
    var query: [(name: String, value: String)] {
        var query: [(name: String, value: String)] = [("watch", "true")]
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        if allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        if let sendInitialEvents {
            query.append(("sendInitialEvents", sendInitialEvents ? "true" : "false"))
            query.append(("resourceVersionMatch", "NotOlderThan"))
        }
        if let timeoutSeconds { query.append(("timeoutSeconds", String(timeoutSeconds))) }
        return query
    }
}

/// DeleteOptions of a DELETE.
public struct DeleteOptions: Sendable {
    /// `Background`, `Foreground` or `Orphan`.
    public var propagationPolicy: String?
    /// Seconds of grace (pods).
    public var gracePeriodSeconds: Int?
    /// Delete only this uid.
    public var preconditionUID: String?
    /// Delete only at this resourceVersion.
    public var preconditionResourceVersion: String?

    /// Options.
    public init(
        propagationPolicy: String? = nil, gracePeriodSeconds: Int? = nil, preconditionUID: String? = nil,
        preconditionResourceVersion: String? = nil
    ) {
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
    }

    /// The request body; empty when no option is set.
    var body: [UInt8] {
        var object: [String: JSONValue] = [:]
        if let propagationPolicy { object["propagationPolicy"] = .string(propagationPolicy) }
        if let gracePeriodSeconds { object["gracePeriodSeconds"] = .int(Int64(gracePeriodSeconds)) }
        var preconditions: [String: JSONValue] = [:]
        if let preconditionUID { preconditions["uid"] = .string(preconditionUID) }
        if let preconditionResourceVersion { preconditions["resourceVersion"] = .string(preconditionResourceVersion) }
        if !preconditions.isEmpty { object["preconditions"] = .object(preconditions) }
        guard !object.isEmpty else { return [] }
        object["apiVersion"] = "v1"
        object["kind"] = "DeleteOptions"
        return JSONValue.object(object).serialized()
    }
}
