extension SchedulingQueue {
    /// The queue's tunables and the plugins' event registrations.
    public struct Configuration: Sendable, Equatable {
        /// The backoff after the first failed attempt (kube's `podInitialBackoffSeconds`, 1 s).
        public var initialBackoff: Duration
        /// The backoff cap (kube's `podMaxBackoffSeconds`, 10 s).
        public var maxBackoff: Duration
        /// How long a pod may stay in unschedulablePods before `flushUnschedulable` moves it anyway (5 min).
        public var maxInUnschedulable: Duration
        /// The events each plugin registered for (its `EventsToRegister`); an empty mask means no event can undo
        /// that plugin's rejection, only `activate`, an update of the pod or the unschedulable timeout.
        public var pluginEvents: [String: ClusterEvent]
        /// The events assumed for a rejecting plugin missing from `pluginEvents`: `.all`, as kube registers every
        /// event for plugins that do not implement `EnqueueExtensions`.
        public var unregisteredPluginEvents: ClusterEvent

        /// Creates a configuration; the defaults are kube's.
        public init(
            initialBackoff: Duration = .seconds(1),
            maxBackoff: Duration = .seconds(10),
            maxInUnschedulable: Duration = .seconds(300),
            pluginEvents: [String: ClusterEvent] = [:],
            unregisteredPluginEvents: ClusterEvent = .all
        ) {
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.maxInUnschedulable = maxInUnschedulable
            self.pluginEvents = pluginEvents
            self.unregisteredPluginEvents = unregisteredPluginEvents
        }

        /// The events `plugin` registered for.
        public func events(for plugin: String) -> ClusterEvent {
            pluginEvents[plugin] ?? unregisteredPluginEvents
        }

        /// Whether some rejection could be undone by `event`: any of `plugins` registered for it, or `plugins` is
        /// empty (the attempt ended in an error, which any move retries).
        public func isInterested(_ plugins: Set<String>, in event: ClusterEvent) -> Bool {
            plugins.isEmpty || plugins.contains { !events(for: $0).isDisjoint(with: event) }
        }

        /// Whether any plugin at all registered for `event` (kube's `isEventOfInterest`).
        public func isEventOfInterest(_ event: ClusterEvent) -> Bool {
            !unregisteredPluginEvents.isDisjoint(with: event)
                || pluginEvents.values.contains { !$0.isDisjoint(with: event) }
        }
    }
}
