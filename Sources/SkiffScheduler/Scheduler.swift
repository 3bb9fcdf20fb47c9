import Foundation
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffClient
import SkiffPluginHost
import SkiffPluginKit

/// The scheduler (kube-scheduler): watches pods and nodes, keeps its cache (pods Initial →
/// Assumed → Added → Deleted) and its scheduling queue, runs each pending pod through its
/// profile's framework on a thread of its own, and binds asynchronously through `pods/binding`,
/// recording `Scheduled` and `FailedScheduling` events.
///
/// Every call into a plugin set is made off the cooperative pool: the scheduling cycle and the
/// state updates on the scheduler thread (Filter and Score fan out to more threads), the binding
/// cycles on binder threads. Informer handlers only append to an inbox the scheduler thread
/// drains, so plugins see state changes strictly between cycles.
public final class Scheduler: ServiceLifecycle.Service, @unchecked Sendable {
    /// Settings.
    public struct Options: Sendable {
        /// The profiles and `percentageOfNodesToScore`.
        public var configuration = SchedulerConfiguration()
        /// Threads for Filter and Score.
        public var parallelism = max(2, ProcessInfo.processInfo.activeProcessorCount)
        /// Threads that run binding cycles.
        public var binders = 16
        /// Whether to record `Scheduled` and `FailedScheduling` events.
        public var recordEvents = true
        /// The Lease to hold while scheduling (nil: no leader election).
        public var leaderElection: LeaderElector.Configuration?

        /// The defaults.
        public init() {}
    }

    let client: Client
    let host: PluginHost
    let setPlugins: [LoadedPlugin]
    let options: Options
    let logger: Logger
    /// Its counters.
    public let metrics: SchedulerMetrics

    /// A scheduler over the loaded scheduler plugin sets (`kind == .scheduler`).
    public init(
        client: Client, host: PluginHost, sets: [LoadedPlugin], options: Options,
        metrics: SchedulerMetrics = SchedulerMetrics(), logger: Logger
    ) {
        self.metrics = metrics
        self.client = client
        self.host = host
        self.setPlugins = sets.filter { $0.kind == .scheduler }
        self.options = options
        self.logger = logger
    }

    /// Checks the configuration against the loaded sets without starting anything: the errors a
    /// `skiff server` should refuse to start with.
    public static func validate(_ configuration: SchedulerConfiguration, sets: [LoadedPlugin])
        throws(SchedulerConfigurationError)
    {
        let available = availablePlugins(sets.filter { $0.kind == .scheduler })
        for profile in configuration.profiles {
            _ = try ResolvedProfile.resolve(
                profile, available: available, percentage: configuration.percentageOfNodesToScore)
        }
    }

    static func availablePlugins(_ sets: [LoadedPlugin]) -> [AvailablePlugin] {
        var available: [AvailablePlugin] = []
        for (index, set) in sets.enumerated() {
            for plugin in set.schedulerPlugins {
                available.append(
                    AvailablePlugin(
                        name: plugin.name, set: index, index: plugin.index,
                        points: ExtensionPoints(rawValue: plugin.points),
                        events: ClusterEvent(rawValue: plugin.events)))
            }
        }
        return available
    }

    /// Schedules until the task is cancelled or a graceful shutdown begins (then the threads stop
    /// and the plugin sets shut down).
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            if let election = self.options.leaderElection {
                let elector = LeaderElector(client: self.client, configuration: election, logger: self.logger)
                await elector.run { try await self.schedule() }
            } else {
                try await self.schedule()
            }
        }
    }

    /// Starts the frameworks, the informers and the threads; runs until cancelled or shut down.
    /// Each call (each leadership term) starts from nothing: a new state, new set instances.
    func schedule() async throws {
        let available = Self.availablePlugins(setPlugins)
        var frameworks: [String: Framework] = [:]
        var startedSets: [SchedulerPluginSet] = []
        defer { for set in startedSets { set.shutdown() } }
        for profile in options.configuration.profiles {
            let resolved = try ResolvedProfile.resolve(
                profile, available: available, percentage: options.configuration.percentageOfNodesToScore)
            // Each profile has its own instances: plugin arguments and models are per profile.
            var sets: [SchedulerPluginSet] = []
            for plugin in setPlugins {
                var arguments: [String: JSONValue] = [:]
                for entry in plugin.schedulerPlugins { arguments[entry.name] = profile.pluginConfig[entry.name] }
                let set = try await SchedulerPluginSet.start(
                    plugin, host: host, client: client, configuration: JSONValue.object(arguments).serialized(),
                    logger: logger)
                sets.append(set)
                startedSets.append(set)
            }
            frameworks[profile.schedulerName] = Framework(
                profile: resolved, sets: sets, parallelism: options.parallelism)
            logger.info(
                "scheduler profile ready",
                metadata: [
                    "scheduler.profile": "\(profile.schedulerName)",
                    "scheduler.filters": "\(resolved.plugins(.filter).map(\.plugin.name).joined(separator: ","))",
                    "scheduler.scores":
                        "\(resolved.plugins(.score).map { "\($0.plugin.name)=\($0.weight)" }.joined(separator: ","))",
                ])
        }
        var events: [String: ClusterEvent] = [:]
        for framework in frameworks.values { events.merge(framework.profile.events) { first, _ in first } }
        let state = SchedulerState()
        state.configure(
            queue: SchedulingQueue(configuration: SchedulingQueue.Configuration(pluginEvents: events)))

        let factory = InformerFactory(client: client, logger: logger)
        let pods = factory.informer(for: APIResource.of(Pod.self))
        let nodes = factory.informer(for: APIResource.of(Node.self))
        let schedulerNames = Set(frameworks.keys)
        _ = nodes.addHandler { [state] event in state.post(.node(event)) }
        _ = pods.addHandler { [state] event in state.post(.pod(event, schedulerNames: schedulerNames)) }
        let loop = SchedulingLoop(scheduler: self, frameworks: frameworks, state: state)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await factory.run() }
            group.addTask {
                await factory.waitForSync()
                self.logger.info("scheduler caches synced; scheduling")
                await loop.run()
            }
        }
    }
}

extension LoadedPlugin {
    /// The plugins of a scheduler plugin set, from its table.
    var schedulerPlugins: [SchedulerPluginSet.Plugin] { SchedulerPluginSet.plugins(of: self) }
}
