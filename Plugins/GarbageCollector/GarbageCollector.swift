import Foundation
import SkiffAPI
import SkiffPluginKit

/// The garbage collector (kube-controller-manager's `garbagecollector`), as a plugin:
/// - **Background**: an object whose owners are all gone is deleted; owners that are gone are
///   removed from an object that keeps others.
/// - **Foreground**: an owner deleted with `propagationPolicy: Foreground` carries the
///   `foregroundDeletion` finalizer; its dependents are deleted (in the foreground too), and the
///   finalizer comes off once no dependent with `blockOwnerDeletion` is left.
/// - **Orphan**: an owner with the `orphan` finalizer has itself removed from its dependents'
///   ownerReferences, then the finalizer comes off.
/// Owners are confirmed gone with a read from the API server, never from the cache alone.
///
/// Keys are `INDEX|namespace/name`, INDEX naming the watched resource.
final class GarbageCollector: Controller, @unchecked Sendable {
    static let name = "garbage-collector"
    static let version = "1.0.0"
    static let summary = "Deletes dependents of deleted owners; foreground and orphan propagation (built in)"
    static let workers = 4
    static let concurrent = true

    /// The resources the collector tracks, as owners and as dependents.
    static let resources: [(name: ResourceName, kind: String, namespaced: Bool)] = [
        (ResourceName(group: "", version: "v1", plural: "pods"), "Pod", true),
        (ResourceName(group: "apps", version: "v1", plural: "replicasets"), "ReplicaSet", true),
        (ResourceName(group: "apps", version: "v1", plural: "deployments"), "Deployment", true),
        (ResourceName(group: "", version: "v1", plural: "configmaps"), "ConfigMap", true),
        (ResourceName(group: "", version: "v1", plural: "secrets"), "Secret", true),
        (ResourceName(group: "", version: "v1", plural: "services"), "Service", true),
        (ResourceName(group: "", version: "v1", plural: "serviceaccounts"), "ServiceAccount", true),
        (ResourceName(group: "coordination.k8s.io", version: "v1", plural: "leases"), "Lease", true),
        (ResourceName(group: "", version: "v1", plural: "nodes"), "Node", false),
    ]

    static let watches: [Watch] = resources.map {
        Watch(group: $0.name.group, version: $0.name.version, resource: $0.name.plural, mapping: .custom)
    }

    let context: ControllerContext

    init(context: ControllerContext, configuration: JSONValue) {
        self.context = context
    }

    // MARK: Events

    func handle(event: WatchEventType, on watch: Int, object: JSONValue) {
        let metadata = object["metadata"] ?? .null
        guard let name = metadata["name"]?.stringValue else { return }
        let namespace = metadata["namespace"]?.stringValue ?? ""
        let owners = metadata["ownerReferences"]?.arrayValue ?? []
        let deleting = metadata["deletionTimestamp"] != nil
        let finalizers = (metadata["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
        if event != .deleted, !owners.isEmpty {
            enqueue(watch, namespace, name)
        }
        if event == .deleted || (deleting && !Set(finalizers).isDisjoint(with: ["orphan", "foregroundDeletion"])) {
            if deleting, event != .deleted { enqueue(watch, namespace, name) }
            // Its dependents must look at their owners again.
            if let uid = metadata["uid"]?.stringValue {
                for (index, resource) in Self.resources.enumerated() {
                    for dependent in (try? context.cachedObjects(resource.name, index: "owner-uid", value: uid)) ?? [] {
                        if let key = ObjectKey(object: dependent) { enqueue(index, key.namespace, key.name) }
                    }
                }
            }
        }
        if event == .deleted {
            // An owner waiting in the foreground for its dependents hears that one went.
            for owner in owners {
                guard let index = Self.index(of: owner) else { continue }
                let ownerNamespace = Self.resources[index].namespaced ? namespace : ""
                enqueue(index, ownerNamespace, owner["name"]?.stringValue ?? "")
            }
        }
    }

    private func enqueue(_ index: Int, _ namespace: String, _ name: String) {
        context.enqueue(ObjectKey(namespace: "\(index)|\(namespace)", name: name))
    }

    // MARK: Reconcile

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let bar = key.namespace.firstIndex(of: "|"), let index = Int(key.namespace[..<bar]),
            Self.resources.indices.contains(index)
        else { throw TerminalError("malformed key \(key)") }
        let resource = Self.resources[index]
        let objectKey = ObjectKey(namespace: String(key.namespace[key.namespace.index(after: bar)...]), name: key.name)
        guard let object = try context.cachedObject(resource.name, objectKey) else { return .done }
        let metadata = object["metadata"] ?? .null
        let uid = metadata["uid"]?.stringValue ?? ""
        let finalizers = (metadata["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)

        if metadata["deletionTimestamp"] != nil {
            if finalizers.contains("orphan") {
                try orphanDependents(of: uid)
                try removeFinalizer("orphan", from: object, resource.name, objectKey)
            } else if finalizers.contains("foregroundDeletion") {
                let blocking = try deleteDependents(of: uid)
                if !blocking { try removeFinalizer("foregroundDeletion", from: object, resource.name, objectKey) }
            }
            return .done
        }
        try collect(object, resource: resource.name, key: objectKey, namespaced: resource.namespaced)
        return .done
    }

    /// Deletes an object whose owners are all gone; drops the references to owners that are.
    private func collect(_ object: JSONValue, resource: ResourceName, key: ObjectKey, namespaced: Bool) throws {
        let references = object["metadata"]?["ownerReferences"]?.arrayValue ?? []
        guard !references.isEmpty else { return }
        var dangling: [String] = []
        for reference in references {
            guard let index = Self.index(of: reference), let ownerUID = reference["uid"]?.stringValue,
                let ownerName = reference["name"]?.stringValue
            else { continue }  // An owner kind the collector does not track: assume it exists.
            let owner = Self.resources[index]
            let ownerKey = ObjectKey(namespace: owner.namespaced ? key.namespace : "", name: ownerName)
            if let cached = try context.cachedObject(owner.name, ownerKey),
                cached["metadata"]?["uid"]?.stringValue == ownerUID
            {
                continue
            }
            // The cache may lag: only the server says an owner is gone.
            let live = try context.liveObject(owner.name, ownerKey)
            if live?["metadata"]?["uid"]?.stringValue != ownerUID { dangling.append(ownerUID) }
        }
        guard !dangling.isEmpty else { return }
        let uid = object["metadata"]?["uid"]?.stringValue
        if dangling.count == references.count {
            try context.delete(resource, key, propagationPolicy: "Background", preconditionUID: uid)
        } else {
            let kept = references.filter { !dangling.contains($0["uid"]?.stringValue ?? "") }
            try patchGuarded(resource, key, object, ["ownerReferences": .array(kept)])
        }
    }

    /// Removes the owner from every dependent's ownerReferences.
    private func orphanDependents(of uid: String) throws {
        for (resource, dependent) in try dependents(of: uid) {
            let references = (dependent["metadata"]?["ownerReferences"]?.arrayValue ?? []).filter {
                $0["uid"]?.stringValue != uid
            }
            guard let key = ObjectKey(object: dependent) else { continue }
            try patchGuarded(resource, key, dependent, ["ownerReferences": .array(references)])
        }
    }

    /// Deletes the owner's dependents (foreground); true while a dependent that blocks the
    /// owner's deletion is still there.
    private func deleteDependents(of uid: String) throws -> Bool {
        var blocking = false
        for (resource, dependent) in try dependents(of: uid) {
            guard let key = ObjectKey(object: dependent) else { continue }
            let blocks = (dependent["metadata"]?["ownerReferences"]?.arrayValue ?? []).contains {
                $0["uid"]?.stringValue == uid && $0["blockOwnerDeletion"]?.boolValue == true
            }
            if dependent["metadata"]?["deletionTimestamp"] == nil {
                let existed = try context.deleteReturning(
                    resource, key, propagationPolicy: "Foreground",
                    preconditionUID: dependent["metadata"]?["uid"]?.stringValue)
                if existed, blocks { blocking = true }
            } else if blocks {
                blocking = true
            }
        }
        return blocking
    }

    private func dependents(of uid: String) throws -> [(ResourceName, JSONValue)] {
        var found: [(ResourceName, JSONValue)] = []
        for resource in Self.resources {
            for dependent in try context.cachedObjects(resource.name, index: "owner-uid", value: uid) {
                found.append((resource.name, dependent))
            }
        }
        return found
    }

    private func removeFinalizer(
        _ finalizer: String, from object: JSONValue, _ resource: ResourceName, _ key: ObjectKey
    )
        throws
    {
        let kept = (object["metadata"]?["finalizers"]?.arrayValue ?? []).filter { $0.stringValue != finalizer }
        try patchGuarded(resource, key, object, ["finalizers": .array(kept)])
    }

    /// A merge patch of metadata fields, guarded by uid and resourceVersion. A missing object
    /// needs nothing more; a conflict (the cache was behind) throws, so the whole key is retried
    /// with back-off and nothing that depends on this patch (removing a finalizer) happens first.
    private func patchGuarded(
        _ resource: ResourceName, _ key: ObjectKey, _ object: JSONValue, _ fields: [String: JSONValue]
    ) throws {
        var metadata = fields
        metadata["uid"] = object["metadata"]?["uid"] ?? .null
        metadata["resourceVersion"] = object["metadata"]?["resourceVersion"] ?? .null
        do {
            _ = try context.patch(resource, key, .merge, ["metadata": .object(metadata)])
        } catch {
            guard error.isNotFound else { throw error }
        }
    }

    /// The tracked resource an ownerReference names.
    static func index(of reference: JSONValue) -> Int? {
        let apiVersion = reference["apiVersion"]?.stringValue ?? ""
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        let kind = reference["kind"]?.stringValue ?? ""
        return resources.firstIndex { $0.kind == kind && $0.name.group == group }
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(GarbageCollector.self, hostABI: major)
}
