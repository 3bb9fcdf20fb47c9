import Foundation
import SkiffAPI

/// Records core/v1 Events about objects, as client-go's event recorder: one Event per
/// occurrence, named after the object with a unique suffix, in the object's namespace
/// (`default` for cluster-scoped objects), with the reporting component as its source.
public struct EventRecorder: Sendable {
    /// The client.
    public let client: Client
    /// The reporting component (`pod-summary-controller`).
    public let component: String

    /// A recorder.
    public init(client: Client, component: String) {
        self.client = client
        self.component = component
    }

    /// Records an Event about `object` (its JSON), `type` `Normal` or `Warning`.
    public func record(
        about object: JSONValue, metadata: JSONValue? = nil, type: String, reason: String, message: String
    ) async throws(ClientError) {
        let metadata = metadata ?? object["metadata"] ?? .emptyObject
        let name = metadata["name"]?.stringValue ?? "unknown"
        let namespace = metadata["namespace"]?.stringValue ?? ""
        let eventNamespace = namespace.isEmpty ? "default" : namespace
        let now = MicroTime.now()
        let stamp = Time(now.date).description
        var involved: [String: JSONValue] = [
            "kind": object["kind"] ?? "", "apiVersion": object["apiVersion"] ?? "", "name": .string(name),
        ]
        if !namespace.isEmpty { involved["namespace"] = .string(namespace) }
        if let uid = metadata["uid"] { involved["uid"] = uid }
        if let version = metadata["resourceVersion"] { involved["resourceVersion"] = version }
        let suffix =
            String(UInt64(now.date.timeIntervalSince1970 * 1_000_000_000), radix: 16)
            + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(name).\(suffix)"), "namespace": .string(eventNamespace)],
            "involvedObject": .object(involved),
            "reason": .string(reason), "message": .string(message), "type": .string(type),
            "source": ["component": .string(component)],
            "reportingComponent": .string(component),
            "firstTimestamp": .string(stamp), "lastTimestamp": .string(stamp), "count": 1,
        ]
        let events = APIResource(group: "", version: "v1", resource: "events", kind: "Event", namespaced: true)
        _ = try await client.createBytes(events, namespace: eventNamespace, body: event.serialized())
    }
}
