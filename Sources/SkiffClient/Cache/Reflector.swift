import Logging
import SkiffAPI

/// Where a ``Reflector`` delivers what it learns.
public protocol ReflectorSink: Sendable {
    /// The complete current state (after a LIST, or a WatchList's initial events).
    func replace(_ objects: [JSONValue], resourceVersion: String)
    /// One change from the watch.
    func apply(_ event: WatchEvent)
}

/// client-go's Reflector: LIST, then WATCH from the list's resourceVersion with bookmarks,
/// resuming from the last resourceVersion seen when a watch ends, relisting on 410, and backing
/// off (800 ms doubling to 30 s, with jitter) when the server cannot be reached.
///
/// With ``useWatchList`` it first tries a WatchList (`sendInitialEvents=true`): the initial state
/// arrives as events on the watch itself, and a server that refuses it makes the reflector fall
/// back to LIST for good.
public struct Reflector: Sendable {
    /// The client.
    public let client: Client
    /// What to mirror.
    public let resource: APIResource
    /// One namespace, or all when `nil`.
    public let namespace: String?
    /// Restricts the objects mirrored.
    public let labelSelector: String?
    /// Restricts the objects mirrored.
    public let fieldSelector: String?
    /// Whether to try WatchList first.
    public let useWatchList: Bool
    /// Where results go.
    public let sink: any ReflectorSink
    /// The first back-off; doubles on each failure up to ``maximumBackoff``.
    public var initialBackoff: Duration = .milliseconds(800)
    /// The longest back-off.
    public var maximumBackoff: Duration = .seconds(30)
    private let logger: Logger

    /// A reflector.
    public init(
        client: Client, resource: APIResource, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, useWatchList: Bool = true, sink: any ReflectorSink,
        logger: Logger = Logger(label: "skiff.reflector")
    ) {
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.useWatchList = useWatchList
        self.sink = sink
        self.logger = logger
    }

    /// Runs until the task is cancelled.
    public func run() async {
        var state = ReflectorState(useWatchList: useWatchList)
        var backoff = initialBackoff
        while !Task.isCancelled {
            do {
                if state.resourceVersion == nil {
                    if state.useWatchList {
                        try await watchList(&state)
                    } else {
                        try await list(&state)
                    }
                }
                try await watch(&state)
                backoff = initialBackoff
            } catch {
                if Task.isCancelled { return }
                if error.isGone {
                    logger.debug(
                        "watch expired; relisting",
                        metadata: ["resource": "\(resource)", "error.message": "\(error.message)"])
                    state.resourceVersion = nil
                    state.relistFromLatest = true
                    continue
                }
                if state.useWatchList, state.resourceVersion == nil, [400, 403, 422].contains(error.code) {
                    logger.info("the server refuses WatchList; listing instead", metadata: ["resource": "\(resource)"])
                    state.useWatchList = false
                    continue
                }
                logger.warning(
                    "reflector failed; backing off",
                    metadata: [
                        "resource": "\(resource)", "error.message": "\(error)", "backoff.ms": "\(backoff.milliseconds)",
                    ])
                if error.code == 0 || error.code >= 500 {
                    // The stream broke: resume from the last resourceVersion after the back-off.
                } else {
                    state.resourceVersion = nil
                }
                guard await Self.sleep(jittered(backoff)) else { return }
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
    }

    private func list(_ state: inout ReflectorState) async throws(ClientError) {
        let options = ListOptions(
            labelSelector: labelSelector, fieldSelector: fieldSelector,
            resourceVersion: state.relistFromLatest ? nil : "0", limit: 500)
        let list = try await client.listAll(resource, namespace: namespace, options: options)
        sink.replace(list.items, resourceVersion: list.resourceVersion)
        state.resourceVersion = list.resourceVersion
        state.relistFromLatest = false
    }

    private func watchList(_ state: inout ReflectorState) async throws(ClientError) {
        let options = WatchOptions(
            labelSelector: labelSelector, fieldSelector: fieldSelector, resourceVersion: nil,
            allowBookmarks: true, sendInitialEvents: true, timeoutSeconds: Self.watchTimeout())
        let events = try await client.watch(resource, namespace: namespace, options: options)
        var initial: [JSONValue] = []
        var synced = false
        do {
            for try await event in events {
                if !synced {
                    switch event.type {
                    case .added, .modified:
                        initial.append(event.object)
                    case .deleted:
                        if let key = ObjectKey(object: event.object) {
                            initial.removeAll { ObjectKey(object: $0) == key }
                        }
                    case .bookmark:
                        let annotation = event.object["metadata"]?["annotations"]?["k8s.io/initial-events-end"]
                        if annotation?.stringValue == "true" {
                            let version = event.resourceVersion ?? ""
                            sink.replace(initial, resourceVersion: version)
                            state.resourceVersion = version
                            state.relistFromLatest = false
                            initial = []
                            synced = true
                        }
                    case .error:
                        throw event.error ?? ClientError.transport("watch error")
                    }
                    continue
                }
                try handle(event, &state)
            }
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError.transport("\(error)")
        }
        if !synced {
            // The watch ended before the initial state was complete: start again.
            state.resourceVersion = nil
        }
    }

    private func watch(_ state: inout ReflectorState) async throws(ClientError) {
        guard let version = state.resourceVersion else { return }
        let options = WatchOptions(
            labelSelector: labelSelector, fieldSelector: fieldSelector, resourceVersion: version,
            allowBookmarks: true, timeoutSeconds: Self.watchTimeout())
        let events = try await client.watch(resource, namespace: namespace, options: options)
        do {
            for try await event in events {
                try handle(event, &state)
            }
        } catch let error as ClientError {
            throw error
        } catch {
            if Task.isCancelled { return }
            throw ClientError.transport("\(error)")
        }
    }

    private func handle(_ event: WatchEvent, _ state: inout ReflectorState) throws(ClientError) {
        switch event.type {
        case .error:
            throw event.error ?? ClientError.transport("watch error")
        case .bookmark:
            break
        case .added, .modified, .deleted:
            sink.apply(event)
        }
        if let version = event.resourceVersion, !version.isEmpty { state.resourceVersion = version }
    }

    /// client-go's random watch timeout: 5 to 10 minutes, so watches do not all end together.
    static func watchTimeout() -> Int { Int.random(in: 300...600) }

    private func jittered(_ duration: Duration) -> Duration {
        duration * Double.random(in: 1.0...1.25)
    }

    /// Sleeps; false when cancelled.
    private static func sleep(_ duration: Duration) async -> Bool {
        do {
            try await Task.sleep(for: duration)
            return true
        } catch {
            return false
        }
    }
}

/// What a reflector remembers between watches.
struct ReflectorState {
    /// The last resourceVersion seen; nil means list again.
    var resourceVersion: String?
    /// After a 410 the next LIST reads the latest state, not the cache's.
    var relistFromLatest = false
    var useWatchList: Bool

    init(useWatchList: Bool) {
        self.useWatchList = useWatchList
    }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
