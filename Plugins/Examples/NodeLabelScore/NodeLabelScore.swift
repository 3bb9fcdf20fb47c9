import Foundation
import SkiffAPI
import SkiffPluginKit
import Synchronization

/// An out-of-tree scheduler plugin in Swift: `NodeLabelPreference` scores the nodes that carry a
/// label (default `skiff.dev/preferred=true`) 100 and the others 0, so with a weight in a profile
/// pods lean towards those nodes without requiring them; `NodeLabelRequired` (a Filter) rules out
/// nodes without the label for pods annotated `skiff.dev/require-preferred-nodes: "true"`.
///
/// ```yaml
/// profiles:
/// - schedulerName: default-scheduler
///   plugins:
///     multiPoint:
///       enabled: [{name: NodeLabelPreference, weight: 5}, {name: NodeLabelRequired}]
///   pluginConfig:
///   - name: NodeLabelPreference
///     args: {label: "disktype=ssd"}
/// ```
final class NodeLabelScore: SchedulerSet, @unchecked Sendable {
    static let name = "node-label-score"
    static let version = "1.0.0"
    static let summary = "Example: prefer (or require) nodes with a label"
    static let plugins = [
        PluginInfo(name: "NodeLabelPreference", points: [.score], events: []),
        PluginInfo(name: "NodeLabelRequired", points: [.preFilter, .filter], events: [.nodeAdd, .nodeUpdate]),
    ]

    /// A pod's cycle: whether it asks for the label.
    final class Cycle {
        let requires: Bool
        init(requires: Bool) { self.requires = requires }
    }

    private let key: String
    private let value: String
    /// Per node id: whether it carries the label (written between cycles only).
    private var labelled: [Bool] = []

    init(configuration: JSONValue, host: SchedulerHostCalls) throws {
        let label = configuration[path: ["NodeLabelPreference", "label"]]?.stringValue ?? "skiff.dev/preferred=true"
        let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
        key = parts.first ?? ""
        value = parts.count > 1 ? parts[1] : ""
        guard !key.isEmpty else { throw PluginError(code: 5, message: "NodeLabelPreference: label must be KEY=VALUE") }
    }

    func upsertNode(id: Int32, json: [UInt8]) {
        let node = try? JSONParser.parse(json)
        let has = node?[path: ["metadata", "labels", key]]?.stringValue == value
        if Int(id) >= labelled.count { labelled += Array(repeating: false, count: Int(id) + 1 - labelled.count) }
        labelled[Int(id)] = has
    }

    func removeNode(id: Int32) {
        if Int(id) < labelled.count { labelled[Int(id)] = false }
    }

    func upsertPod(node: Int32, uid: String, json: [UInt8]) {}
    func removePod(uid: String) {}

    func beginCycle(pod json: [UInt8]) -> Cycle? {
        guard let pod = try? JSONParser.parse(json) else { return nil }
        let annotation = pod[path: ["metadata", "annotations", "skiff.dev/require-preferred-nodes"]]?.stringValue
        return Cycle(requires: annotation == "true")
    }

    func endCycle(_ cycle: Cycle) {}

    func preFilter(plugin: Int, cycle: Cycle) -> PluginResult { cycle.requires ? .success : .skip }

    func filter(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, codes: UnsafeMutableBufferPointer<Int8>,
        reasons: UnsafeMutableBufferPointer<UInt32>
    ) {
        for (index, node) in nodes.enumerated() {
            let has = Int(node) < labelled.count && labelled[Int(node)]
            codes[index] = has ? PluginCode.success.rawValue : PluginCode.unschedulableAndUnresolvable.rawValue
            reasons[index] = 1
        }
    }

    func score(
        plugin: Int, cycle: Cycle, nodes: UnsafeBufferPointer<Int32>, scores: UnsafeMutableBufferPointer<Int64>
    ) {
        for (index, node) in nodes.enumerated() {
            scores[index] = Int(node) < labelled.count && labelled[Int(node)] ? 100 : 0
        }
    }

    func reason(cycle: Cycle, id: UInt32) -> String { "node(s) didn't have label \(key)=\(value)" }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.exportScheduler(NodeLabelScore.self, hostABI: major)
}
