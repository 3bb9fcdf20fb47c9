import Foundation
import SkiffClient
import Synchronization

/// Per-plugin counters in Prometheus text format: reconciles by outcome and their latency,
/// work-queue depth and retries, failed host calls, and what is loaded.
public final class PluginMetrics: Sendable {
    private struct Counters {
        var outcomes: [String: Int] = [:]
        var seconds: Double = 0
        var reconciles = 0
        var hostCallErrors = 0
    }

    private struct State {
        var plugins: [String: Counters] = [:]
        var info: [String: LoadedPlugin] = [:]
        var queues: [String: @Sendable () -> WorkQueueMetrics] = [:]
    }

    private let state = Mutex(State())

    /// Empty metrics.
    public init() {}

    func loaded(_ plugin: LoadedPlugin) {
        state.withLock { $0.info[plugin.name] = plugin }
    }

    func watchQueue(plugin: String, _ metrics: @escaping @Sendable () -> WorkQueueMetrics) {
        state.withLock { $0.queues[plugin] = metrics }
    }

    func reconciled(plugin: String, outcome: String, seconds: Double) {
        state.withLock { state in
            state.plugins[plugin, default: Counters()].outcomes[outcome, default: 0] += 1
            state.plugins[plugin, default: Counters()].seconds += seconds
            state.plugins[plugin, default: Counters()].reconciles += 1
        }
    }

    func hostCallFailed(plugin: String) {
        state.withLock { $0.plugins[plugin, default: Counters()].hostCallErrors += 1 }
    }

    /// Reconciles of a plugin with an outcome (`success`, `requeue`, `error`, `terminal`).
    public func reconciles(plugin: String, outcome: String) -> Int {
        state.withLock { $0.plugins[plugin]?.outcomes[outcome] ?? 0 }
    }

    /// The metrics in Prometheus text exposition format.
    public func render() -> String {
        let (plugins, info, queues) = state.withLock { ($0.plugins, $0.info, $0.queues) }
        var lines: [String] = []
        lines.append("# HELP skiff_plugin_info Loaded plugins.")
        lines.append("# TYPE skiff_plugin_info gauge")
        for (name, plugin) in info.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "skiff_plugin_info{plugin=\"\(name)\",kind=\"\(plugin.kind.rawValue)\",version=\"\(escape(plugin.version))\",abi=\"\(plugin.abiVersion)\",path=\"\(escape(plugin.path))\"} 1"
            )
        }
        lines.append("# HELP skiff_plugin_reconcile_total Reconciles by plugin and outcome.")
        lines.append("# TYPE skiff_plugin_reconcile_total counter")
        for (name, counters) in plugins.sorted(by: { $0.key < $1.key }) {
            for (outcome, count) in counters.outcomes.sorted(by: { $0.key < $1.key }) {
                lines.append("skiff_plugin_reconcile_total{plugin=\"\(name)\",outcome=\"\(outcome)\"} \(count)")
            }
        }
        lines.append("# HELP skiff_plugin_reconcile_duration_seconds Time spent in reconcile.")
        lines.append("# TYPE skiff_plugin_reconcile_duration_seconds summary")
        for (name, counters) in plugins.sorted(by: { $0.key < $1.key }) {
            lines.append("skiff_plugin_reconcile_duration_seconds_sum{plugin=\"\(name)\"} \(counters.seconds)")
            lines.append("skiff_plugin_reconcile_duration_seconds_count{plugin=\"\(name)\"} \(counters.reconciles)")
        }
        lines.append("# HELP skiff_plugin_host_call_errors_total Host calls that returned an error to the plugin.")
        lines.append("# TYPE skiff_plugin_host_call_errors_total counter")
        for (name, counters) in plugins.sorted(by: { $0.key < $1.key }) {
            lines.append("skiff_plugin_host_call_errors_total{plugin=\"\(name)\"} \(counters.hostCallErrors)")
        }
        lines.append("# HELP skiff_plugin_queue_depth Keys waiting in a controller's work queue.")
        lines.append("# TYPE skiff_plugin_queue_depth gauge")
        let snapshots = queues.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value()) }
        for (name, queue) in snapshots {
            lines.append("skiff_plugin_queue_depth{plugin=\"\(name)\"} \(queue.depth)")
        }
        lines.append("# HELP skiff_plugin_queue_retries_total Keys re-added with back-off.")
        lines.append("# TYPE skiff_plugin_queue_retries_total counter")
        for (name, queue) in snapshots {
            lines.append("skiff_plugin_queue_retries_total{plugin=\"\(name)\"} \(queue.retriesTotal)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
