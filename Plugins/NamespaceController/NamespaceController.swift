import Foundation
import SkiffAPI
import SkiffPluginKit

/// The namespace controller (kube-controller-manager's `namespace` controller), as a plugin: a
/// deleted namespace is `Terminating` (the API server refuses new content); this controller
/// deletes everything in it, waits until nothing is left, then removes the `kubernetes`
/// finalizer through `/finalize`, and the API server deletes the namespace.
///
/// It reads contents from informer caches, which trail the store by moments: a namespace is
/// finalized only once it has been terminating for ``settle`` and its caches show it empty.
final class NamespaceController: Controller, @unchecked Sendable {
    static let name = "namespace-controller"
    static let version = "1.0.0"
    static let summary = "Empties and removes deleted namespaces (built in)"
    static let workers = 2
    static let concurrent = true

    /// The namespaced resources a namespace is emptied of.
    static let contents: [ResourceName] = [
        ResourceName(group: "apps", version: "v1", plural: "deployments"),
        ResourceName(group: "apps", version: "v1", plural: "replicasets"),
        ResourceName(group: "", version: "v1", plural: "pods"),
        ResourceName(group: "", version: "v1", plural: "services"),
        ResourceName(group: "", version: "v1", plural: "configmaps"),
        ResourceName(group: "", version: "v1", plural: "secrets"),
        ResourceName(group: "", version: "v1", plural: "serviceaccounts"),
        ResourceName(group: "coordination.k8s.io", version: "v1", plural: "leases"),
        ResourceName(group: "", version: "v1", plural: "events"),
    ]

    static let watches: [Watch] =
        [.primary(Namespace.self)]
        + contents.map { Watch(group: $0.group, version: $0.version, resource: $0.plural, mapping: .namespace) }

    /// How long this controller must have seen a namespace terminating before an empty cache
    /// counts as empty (timed on its own clock: deletionTimestamp has whole seconds only).
    static let settle: TimeInterval = 2

    let context: ControllerContext
    private var seenTerminating: [String: Date] = [:]
    private let lock = NSLock()

    init(context: ControllerContext, configuration: JSONValue) {
        self.context = context
    }

    func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
        guard let namespace = try context.cached(Namespace.self, ObjectKey(name: key.name)),
            namespace.metadata.deletionTimestamp != nil,
            namespace.spec?.finalizers?.contains("kubernetes") == true
        else {
            lock.withLock { _ = seenTerminating.removeValue(forKey: key.name) }
            return .done
        }
        let now = context.now
        let since = lock.withLock { () -> Date in
            if let seen = seenTerminating[key.name] { return seen }
            seenTerminating[key.name] = now
            return now
        }
        var remaining = 0
        for resource in Self.contents {
            for object in try context.cachedObjects(resource, namespace: key.name) {
                remaining += 1
                guard object["metadata"]?["deletionTimestamp"] == nil, let objectKey = ObjectKey(object: object) else {
                    continue
                }
                try context.delete(
                    resource, objectKey, propagationPolicy: "Background",
                    preconditionUID: object["metadata"]?["uid"]?.stringValue)
            }
        }
        remaining += try deleteOtherResources(in: key.name)
        if remaining > 0 {
            // Deletions bring the key back; pods with a grace period take their time.
            return .requeue(after: .seconds(2))
        }
        let waited = now.timeIntervalSince(since)
        if waited < Self.settle {
            return .requeue(after: .milliseconds(Int64((Self.settle - waited) * 1000) + 50))
        }
        let kept = (namespace.spec?.finalizers ?? []).filter { $0 != "kubernetes" }
        do {
            try context.finalize(namespace, finalizers: kept)
        } catch {
            guard error.isNotFound || error.isConflict else { throw error }
        }
        return .done
    }
}

extension NamespaceController {
    /// Deletes the namespace's objects of every other namespaced resource the server serves (custom
    /// resources), found through discovery and listed from the API server; returns how many are
    /// left. Objects with finalizers of their own stay until their controllers release them.
    func deleteOtherResources(in namespace: String) throws(PluginError) -> Int {
        let known = Set(Self.contents.map { "\($0.group)/\($0.plural)" })
        let served: [DiscoveredResource]
        do {
            served = try context.servedResources()
        } catch {
            // A host without ABI 1.2 serves the built-in kinds only.
            guard error.isUnsupported else { throw error }
            return 0
        }
        var remaining = 0
        for resource in served
        where resource.namespaced && resource.verbs.contains("list") && resource.verbs.contains("delete")
            && !known.contains("\(resource.name.group)/\(resource.name.plural)")
        {
            let objects: [JSONValue]
            do {
                objects = try context.liveObjects(resource.name, namespace: namespace)
            } catch {
                // The resource went away meanwhile (its definition was deleted).
                guard error.isNotFound else { throw error }
                continue
            }
            for object in objects {
                remaining += 1
                guard object["metadata"]?["deletionTimestamp"] == nil, let key = ObjectKey(object: object) else {
                    continue
                }
                do {
                    try context.delete(
                        resource.name, key, propagationPolicy: "Background",
                        preconditionUID: object["metadata"]?["uid"]?.stringValue)
                } catch {
                    guard error.isNotFound || error.isConflict else { throw error }
                }
            }
        }
        return remaining
    }
}

@_cdecl("skiff_plugin_entry")
public func skiffPluginEntry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? {
    SkiffPlugin.export(NamespaceController.self, hostABI: major)
}
