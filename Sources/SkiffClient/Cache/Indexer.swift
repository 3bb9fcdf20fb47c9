import SkiffAPI
import Synchronization

/// Computes the values an object is indexed under (an object may have several, or none).
public typealias IndexFunction = @Sendable (_ object: JSONValue) -> [String]

/// A thread-safe object cache keyed by `namespace/name` with secondary indexes (client-go's
/// `cache.Indexer`). Every informer has one; readers on any thread see a consistent state.
///
/// Built-in indexes: ``namespaceIndex``, ``ownerIndex`` (any ownerReference's uid),
/// ``controllerIndex`` (the controller ownerReference's uid), and `label:KEY` (created on first use).
public final class Indexer: Sendable {
    /// Index of `metadata.namespace`.
    public static let namespaceIndex = "namespace"
    /// Index of every `metadata.ownerReferences[].uid`.
    public static let ownerIndex = "owner-uid"
    /// Index of the `metadata.ownerReferences[]` uid with `controller: true`.
    public static let controllerIndex = "controller-uid"

    private struct State {
        var items: [ObjectKey: CachedItem] = [:]
        var functions: [String: IndexFunction] = [:]
        /// index name → value → keys.
        var indexes: [String: [String: Set<ObjectKey>]] = [:]
        /// index name → key → the values it is filed under.
        var filed: [String: [ObjectKey: [String]]] = [:]
        var labelIndexes: Set<String> = []
    }

    private let state: Mutex<State>

    /// An indexer with the built-in indexes plus `functions`.
    public init(indexes functions: [String: IndexFunction] = [:]) {
        var state = State()
        state.functions = Self.builtIns.merging(functions) { _, custom in custom }
        for name in state.functions.keys { state.indexes[name] = [:] }
        self.state = Mutex(state)
    }

    static let builtIns: [String: IndexFunction] = [
        namespaceIndex: { object in
            object["metadata"]?["namespace"]?.stringValue.map { [$0] } ?? []
        },
        ownerIndex: { object in
            (object["metadata"]?["ownerReferences"]?.arrayValue ?? []).compactMap { $0["uid"]?.stringValue }
        },
        controllerIndex: { object in
            (object["metadata"]?["ownerReferences"]?.arrayValue ?? [])
                .filter { $0["controller"]?.boolValue == true }.compactMap { $0["uid"]?.stringValue }
        },
    ]

    /// An index on a field path (`spec.nodeName`): the field's string, integer or boolean value.
    public static func fieldIndex(_ path: String) -> IndexFunction {
        let parts = path.split(separator: ".").map(String.init)
        return { object in
            switch object[path: parts] {
            case .string(let text): [text]
            case .int(let number): [String(number)]
            case .bool(let flag): [flag ? "true" : "false"]
            default: []
            }
        }
    }

    /// Adds an index (filing every cached object under it). Replaces one with the same name.
    public func addIndex(_ name: String, _ function: @escaping IndexFunction) {
        state.withLock { state in
            state.functions[name] = function
            state.indexes[name] = [:]
            state.filed[name] = [:]
            for item in state.items.values {
                guard let object = try? item.object() else { continue }
                Self.file(&state, index: name, key: item.key, values: function(object))
            }
        }
    }

    /// Whether an index exists (`label:KEY` indexes always do, once asked for).
    public func hasIndex(_ name: String) -> Bool {
        name.hasPrefix("label:") || state.withLock { $0.functions[name] != nil }
    }

    // MARK: Reads

    /// The object with this key.
    public func get(_ key: ObjectKey) -> CachedItem? {
        state.withLock { $0.items[key] }
    }

    /// Every object, in key order.
    public func list() -> [CachedItem] {
        state.withLock { Array($0.items.values) }.sorted { $0.key < $1.key }
    }

    /// The objects of one namespace (all when `nil` or empty), in key order.
    public func list(namespace: String?) -> [CachedItem] {
        guard let namespace, !namespace.isEmpty else { return list() }
        return (try? byIndex(Self.namespaceIndex, namespace)) ?? []
    }

    /// The objects filed under `value` in index `name`, in key order; throws for an unknown index.
    public func byIndex(_ name: String, _ value: String) throws(ClientError) -> [CachedItem] {
        if name.hasPrefix("label:") { ensureLabelIndex(String(name.dropFirst(6))) }
        let items: [CachedItem]? = state.withLock { state in
            guard let index = state.indexes[name] else { return nil }
            return (index[value] ?? []).compactMap { state.items[$0] }
        }
        guard let items else {
            throw ClientError(code: 400, reason: "BadRequest", message: "no index named \"\(name)\"")
        }
        return items.sorted { $0.key < $1.key }
    }

    /// The number of cached objects.
    public var count: Int { state.withLock { $0.items.count } }

    /// Every key.
    public var keys: [ObjectKey] { state.withLock { Array($0.items.keys) } }

    // MARK: Writes (the informer's)

    /// Adds or replaces an object; returns the previous one.
    @discardableResult
    public func upsert(_ item: CachedItem, object: JSONValue) -> CachedItem? {
        state.withLock { state in
            let old = state.items.updateValue(item, forKey: item.key)
            Self.refile(&state, key: item.key, object: object)
            return old
        }
    }

    /// Removes an object; returns it.
    @discardableResult
    public func remove(_ key: ObjectKey) -> CachedItem? {
        state.withLock { state in
            guard let old = state.items.removeValue(forKey: key) else { return nil }
            for name in state.functions.keys { Self.file(&state, index: name, key: key, values: []) }
            return old
        }
    }

    /// Replaces the whole content; returns the removed objects and, for each new object, the one
    /// it replaced (nil when it is new).
    public func replace(
        _ entries: [(item: CachedItem, object: JSONValue)]
    ) -> (removed: [CachedItem], changed: [(old: CachedItem?, new: CachedItem)]) {
        state.withLock { state in
            var incoming = Set<ObjectKey>()
            var changed: [(old: CachedItem?, new: CachedItem)] = []
            changed.reserveCapacity(entries.count)
            for (item, object) in entries {
                incoming.insert(item.key)
                let old = state.items.updateValue(item, forKey: item.key)
                Self.refile(&state, key: item.key, object: object)
                changed.append((old, item))
            }
            var removed: [CachedItem] = []
            for key in state.items.keys where !incoming.contains(key) {
                if let old = state.items.removeValue(forKey: key) { removed.append(old) }
                for name in state.functions.keys { Self.file(&state, index: name, key: key, values: []) }
            }
            return (removed, changed)
        }
    }

    private func ensureLabelIndex(_ label: String) {
        let name = "label:" + label
        let exists = state.withLock { $0.functions[name] != nil }
        if !exists {
            addIndex(name) { object in object["metadata"]?["labels"]?[label]?.stringValue.map { [$0] } ?? [] }
        }
    }

    private static func refile(_ state: inout State, key: ObjectKey, object: JSONValue) {
        for (name, function) in state.functions {
            file(&state, index: name, key: key, values: function(object))
        }
    }

    private static func file(_ state: inout State, index name: String, key: ObjectKey, values: [String]) {
        let previous = state.filed[name]?[key] ?? []
        if previous == values { return }
        for value in previous {
            state.indexes[name]?[value]?.remove(key)
            if state.indexes[name]?[value]?.isEmpty == true { state.indexes[name]?[value] = nil }
        }
        for value in values { state.indexes[name, default: [:]][value, default: []].insert(key) }
        state.filed[name, default: [:]][key] = values.isEmpty ? nil : values
    }
}
