/// Kubernetes' strategic merge patch (`application/strategic-merge-patch+json`): a merge patch
/// that knows, from the schema, which lists merge element by element instead of being replaced.
///
/// Maps merge recursively and `null` deletes a member, as in ``MergePatch``. A list merges by the
/// strategy the ``Strategy`` function gives for its path: ``ListStrategy/mergeByKey(_:)`` merges
/// objects with the same merge-key value and adds the others, ``ListStrategy/mergeSet`` takes the
/// union of primitive values, ``ListStrategy/replace`` takes the patch's list. Directives:
///
/// - `$patch: replace` in a map replaces the map with the rest of the patch map; as a list element
///   it replaces the whole list with the patch's other elements.
/// - `$patch: delete` in a list element removes the elements with that merge key; in a map it
///   leaves an empty map (as Kubernetes does).
/// - `$patch: merge` asks for the default, merging.
/// - `$retainKeys: [names]` drops the map's members not named.
/// - `$setElementOrder/<list>: [...]` orders the list's elements (objects by merge key).
/// - `$deleteFromPrimitiveList/<list>: [...]` removes those values from a list of primitives.
///
/// The order of a merged list follows Kubernetes: the elements the patch names come in the patch's
/// (or `$setElementOrder`'s) order, the elements only the document has keep their order and are
/// woven in before the first patch element that followed them in the document. A new element,
/// which the document did not have, therefore lands ahead of the document-only elements after it
/// (`kubectl patch` adding a container puts it first).
///
/// Other members whose names start with `$` are ordinary fields (`$ref` and `$schema` are real
/// fields of a CRD's schema).
public enum StrategicMergePatch {
    /// How a list merges.
    public enum ListStrategy: Hashable, Sendable {
        /// The patch's list replaces the document's (lists without a patch strategy: `args`,
        /// `command`, `tolerations`, `readinessGates`, ...).
        case replace
        /// Elements are objects identified by the member named here (`containers` by `name`).
        case mergeByKey(String)
        /// Elements are primitive values merged as a set, keeping order (`metadata.finalizers`).
        case mergeSet
    }

    /// The schema knowledge: the ``ListStrategy`` of the list at a path, the chain of object member
    /// names from the root with array indices left out (`["spec", "containers", "ports"]`).
    public typealias Strategy = @Sendable (_ path: [String]) -> ListStrategy

    /// Kubernetes' merge keys for its built-in kinds, from ``MergeKeys/kubernetes``.
    public static let builtInStrategy: Strategy = { path in MergeKeys.kubernetes.strategy(for: path) }

    /// Applies `patch`, which must be a JSON object, to `document`, merging lists as `strategy`
    /// says.
    ///
    /// - Throws: ``PatchError/Code/malformedPatch`` when the patch is not an object or misuses a
    ///   directive, ``PatchError/Code/unsupportedDirective`` for an unknown `$patch` value,
    ///   ``PatchError/Code/invalidTarget`` when a list cannot be merged.
    public static func apply(
        _ patch: JSONValue, to document: JSONValue, strategy: @escaping Strategy = builtInStrategy
    ) throws(PatchError) -> JSONValue {
        guard case .object(let members) = patch else {
            throw PatchError(.malformedPatch, "a strategic merge patch must be a JSON object, not \(patch.typeName)")
        }
        return try Merger(strategy: strategy).mergeMap(document.objectValue, members, path: [])
    }
}

/// A table of list strategies keyed by the trailing member names of a list's path: the rule with
/// the longest matching suffix wins, a path no rule matches is ``StrategicMergePatch/ListStrategy/replace``.
public struct MergeKeys: Hashable, Sendable {
    /// One entry: lists whose path ends with ``suffix`` merge by ``strategy``.
    public struct Rule: Hashable, Sendable {
        /// The trailing member names, `["containers", "ports"]`.
        public var suffix: [String]
        /// How those lists merge.
        public var strategy: StrategicMergePatch.ListStrategy

        /// Creates a rule.
        public init(_ suffix: [String], _ strategy: StrategicMergePatch.ListStrategy) {
            self.suffix = suffix
            self.strategy = strategy
        }
    }

    /// The rules, in no particular order.
    public var rules: [Rule]

    /// Creates a table.
    public init(_ rules: [Rule]) {
        self.rules = rules
    }

    /// The strategy of the list at `path` (member names from the root, array indices left out).
    public func strategy(for path: [String]) -> StrategicMergePatch.ListStrategy {
        var best: Rule?
        for rule in rules where rule.suffix.count <= path.count && path.suffix(rule.suffix.count) == rule.suffix[...] {
            if rule.suffix.count > best?.suffix.count ?? -1 { best = rule }
        }
        return best?.strategy ?? .replace
    }

    /// The `patchStrategy`/`patchMergeKey` tags of Kubernetes' built-in kinds (core/v1, apps/v1,
    /// batch/v1, meta/v1), keyed by trailing field names. Lists not here (`tolerations`, `args`,
    /// `command`, `readinessGates`, `containerStatuses`, Namespace `spec.finalizers`) replace.
    public static let kubernetes = MergeKeys([
        // PodSpec
        Rule(["containers"], .mergeByKey("name")),
        Rule(["initContainers"], .mergeByKey("name")),
        Rule(["ephemeralContainers"], .mergeByKey("name")),
        Rule(["volumes"], .mergeByKey("name")),
        Rule(["spec", "imagePullSecrets"], .mergeByKey("name")),
        Rule(["hostAliases"], .mergeByKey("ip")),
        Rule(["topologySpreadConstraints"], .mergeByKey("topologyKey")),
        Rule(["resourceClaims"], .mergeByKey("name")),
        Rule(["schedulingGates"], .mergeByKey("name")),
        // Container
        Rule(["containers", "ports"], .mergeByKey("containerPort")),
        Rule(["initContainers", "ports"], .mergeByKey("containerPort")),
        Rule(["ephemeralContainers", "ports"], .mergeByKey("containerPort")),
        Rule(["env"], .mergeByKey("name")),
        Rule(["volumeMounts"], .mergeByKey("mountPath")),
        Rule(["volumeDevices"], .mergeByKey("devicePath")),
        // Statuses: Pod, Node, Deployment, Job, PersistentVolumeClaim, metav1.Condition, ...
        Rule(["conditions"], .mergeByKey("type")),
        Rule(["status", "addresses"], .mergeByKey("type")),
        Rule(["status", "podIPs"], .mergeByKey("ip")),
        Rule(["status", "hostIPs"], .mergeByKey("ip")),
        Rule(["status", "resourceClaimStatuses"], .mergeByKey("name")),
        // Service, Node, ServiceAccount
        Rule(["spec", "ports"], .mergeByKey("port")),
        Rule(["spec", "podCIDRs"], .mergeSet),
        Rule(["secrets"], .mergeByKey("name")),
        // ObjectMeta
        Rule(["metadata", "ownerReferences"], .mergeByKey("uid")),
        Rule(["metadata", "finalizers"], .mergeSet),
    ])
}

/// The merge itself: pure functions over values, with the strategy table at hand.
private struct Merger {
    let strategy: StrategicMergePatch.Strategy

    private static let directiveKey = "$patch"
    private static let retainKeysKey = "$retainKeys"
    private static let setElementOrderPrefix = "$setElementOrder"
    private static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList"

    /// How elements of one list are identified: by a merge-key member, or by their whole value.
    private struct Identity {
        var key: String?

        func callAsFunction(_ element: JSONValue) -> JSONValue? {
            guard let key else { return PatchSupport.normalized(element) }
            return element[key].map(PatchSupport.normalized)
        }
    }

    private static func pathText(_ path: [String]) -> String {
        path.isEmpty ? "the document" : path.joined(separator: ".")
    }

    // MARK: Maps

    /// Merges a patch map into a document map (`nil` when the document has none there).
    func mergeMap(
        _ original: [String: JSONValue]?, _ patchMembers: [String: JSONValue], path: [String]
    ) throws(PatchError) -> JSONValue {
        var patch = patchMembers
        if let directive = patch.removeValue(forKey: Self.directiveKey) {
            switch directive {
            case "replace": return try mergeMap(nil, patch, path: path)
            case "delete": return .emptyObject
            case "merge": break
            default:
                throw PatchError(
                    .unsupportedDirective,
                    "unknown \(Self.directiveKey) directive \(PatchSupport.brief(directive)) at \(Self.pathText(path))")
            }
        }
        var members = original ?? [:]
        if let retained = patch.removeValue(forKey: Self.retainKeysKey) {
            try retainKeys(retained, in: &members, patch: patch, path: path)
        }

        var orders: [(name: String, order: [JSONValue])] = []
        var deletions: [(name: String, values: [JSONValue])] = []
        var fields: [String: JSONValue] = [:]
        for (key, value) in patch {
            if let name = try Self.directiveTarget(key, prefix: Self.setElementOrderPrefix) {
                guard case .array(let order) = value else {
                    throw PatchError(.malformedPatch, "\(key) at \(Self.pathText(path)) must be a list")
                }
                orders.append((name, order))
            } else if let name = try Self.directiveTarget(key, prefix: Self.deleteFromPrimitiveListPrefix) {
                guard case .array(let values) = value else {
                    throw PatchError(.malformedPatch, "\(key) at \(Self.pathText(path)) must be a list")
                }
                deletions.append((name, values))
            } else {
                fields[key] = value
            }
        }

        for (name, order) in orders.sorted(by: { $0.name < $1.name }) {
            let patchList = fields.removeValue(forKey: name)
            if let ordered = try orderList(name, order: order, original: members[name], patch: patchList, path: path) {
                members[name] = .array(ordered)
            }
        }

        for key in fields.keys.sorted() {
            let value = fields[key]!
            if value.isNull {
                members[key] = nil
                continue
            }
            let childPath = path + [key]
            switch (members.removeValue(forKey: key), value) {
            case (.object(let existing)?, .object(let patchMap)):
                members[key] = try mergeMap(existing, patchMap, path: childPath)
            case (.array(let existing)?, .array(let patchList)):
                members[key] = .array(try mergeList(existing, patchList, path: childPath))
            default:
                members[key] = try fromPatch(value, path: childPath)
            }
        }

        for (name, values) in deletions.sorted(by: { $0.name < $1.name }) {
            guard let existing = members[name] else { continue }
            guard case .array(let elements) = existing else {
                throw PatchError(
                    .invalidTarget,
                    "\(Self.deleteFromPrimitiveListPrefix)/\(name): \(Self.pathText(path + [name])) is a "
                        + "\(existing.typeName), not a list")
            }
            let doomed = Set(values.map(PatchSupport.normalized))
            members[name] = .array(elements.filter { !doomed.contains(PatchSupport.normalized($0)) })
        }
        return .object(members)
    }

    /// The list name after `prefix/` when `key` is that directive, `nil` for other keys.
    private static func directiveTarget(_ key: String, prefix: String) throws(PatchError) -> String? {
        guard key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        guard rest.first == "/", rest.count > 1 else {
            throw PatchError(.unsupportedDirective, "unknown directive \"\(key)\"; expected \"\(prefix)/<list>\"")
        }
        return String(rest.dropFirst())
    }

    /// Applies `$retainKeys`: every member the patch sets must be listed, members not listed go.
    private func retainKeys(
        _ retained: JSONValue, in members: inout [String: JSONValue], patch: [String: JSONValue], path: [String]
    ) throws(PatchError) {
        guard case .array(let list) = retained else {
            throw PatchError(.malformedPatch, "\(Self.retainKeysKey) at \(Self.pathText(path)) must be a list")
        }
        var keep = Set<String>()
        for name in list {
            guard case .string(let name) = name else {
                throw PatchError(
                    .malformedPatch, "\(Self.retainKeysKey) at \(Self.pathText(path)) must list member names")
            }
            keep.insert(name)
        }
        for (key, value) in patch where !value.isNull && !keep.contains(key) {
            if key.hasPrefix(Self.setElementOrderPrefix + "/")
                || key.hasPrefix(Self.deleteFromPrimitiveListPrefix + "/")
            {
                continue
            }
            throw PatchError(
                .malformedPatch,
                "\(Self.retainKeysKey) at \(Self.pathText(path)) does not list \"\(key)\", which the patch sets")
        }
        members = members.filter { keep.contains($0.key) }
    }

    /// A patch value where the document has nothing to merge with: directives are carried out
    /// against an empty map or list, and `null` members dropped.
    private func fromPatch(_ value: JSONValue, path: [String]) throws(PatchError) -> JSONValue {
        switch value {
        case .object(let members): return try mergeMap(nil, members, path: path)
        case .array(let elements): return .array(try mergeList([], elements, path: path))
        default: return value
        }
    }

    // MARK: Lists

    /// How the elements of the list at `path` are identified, given what the lists hold.
    private func identity(at path: [String], lists: JSONValue...) throws(PatchError) -> Identity {
        let hasObjects = lists.contains { list in list.arrayValue?.contains { $0.objectValue != nil } ?? false }
        guard hasObjects else { return Identity(key: nil) }
        switch strategy(path) {
        case .mergeByKey(let key): return Identity(key: key)
        case .replace: return Identity(key: nil)
        case .mergeSet:
            throw PatchError(.invalidTarget, "\(Self.pathText(path)) is a set of values but holds objects")
        }
    }

    /// Merges a patch list into a document list.
    func mergeList(_ original: [JSONValue], _ patch: [JSONValue], path: [String]) throws(PatchError) -> [JSONValue] {
        let listStrategy = strategy(path)
        if listStrategy == .replace {
            return patch.filter { $0 != [Self.directiveKey: "replace"] }
        }
        var replace = false
        var items: [JSONValue] = []
        var deleteElements: [[String: JSONValue]] = []
        for element in patch {
            guard case .object(var members) = element, let directive = members.removeValue(forKey: Self.directiveKey)
            else {
                items.append(element)
                continue
            }
            switch directive {
            case "replace": replace = true
            case "delete": deleteElements.append(members)
            case "merge": if !members.isEmpty { items.append(.object(members)) }
            default:
                throw PatchError(
                    .unsupportedDirective,
                    "unknown \(Self.directiveKey) directive \(PatchSupport.brief(directive)) in \(Self.pathText(path))")
            }
        }
        if replace {
            return try items.map { (item) throws(PatchError) in try fromPatch(item, path: path) }
        }

        var working = original
        if !deleteElements.isEmpty {
            guard case .mergeByKey(let key) = listStrategy else {
                throw PatchError(
                    .malformedPatch,
                    "\(Self.directiveKey): delete needs a merge key, and \(Self.pathText(path)) has none; use "
                        + "\(Self.deleteFromPrimitiveListPrefix)/\(path.last ?? "")")
            }
            for element in deleteElements {
                guard let value = element[key] else {
                    throw PatchError(
                        .malformedPatch,
                        "a \(Self.directiveKey): delete element in \(Self.pathText(path)) has no \(key)")
                }
                let doomed = PatchSupport.normalized(value)
                working.removeAll { $0[key].map(PatchSupport.normalized) == doomed }
            }
        }
        if working.isEmpty && items.isEmpty { return working }

        let objects = working.count(where: { $0.objectValue != nil }) + items.count(where: { $0.objectValue != nil })
        let merged: [JSONValue]
        let identify: Identity
        if objects == 0 {
            identify = Identity(key: nil)
            var seen = Set<JSONValue>()
            merged = (working + items).filter { seen.insert(PatchSupport.normalized($0)).inserted }
        } else {
            guard objects == working.count + items.count else {
                throw PatchError(.invalidTarget, "\(Self.pathText(path)) mixes objects with other values")
            }
            guard case .mergeByKey(let key) = listStrategy else {
                throw PatchError(.invalidTarget, "\(Self.pathText(path)) holds objects but has no merge key")
            }
            identify = Identity(key: key)
            merged = try mergeByKey(working, items, key: key, path: path)
        }
        return Self.normalizeOrder(
            merged, order: items.map { identify($0) }, serverOrder: working.map { identify($0) }, identify: identify)
    }

    /// Merges patch objects into the document objects with the same `key` value; appends the rest.
    private func mergeByKey(
        _ original: [JSONValue], _ items: [JSONValue], key: String, path: [String]
    ) throws(PatchError) -> [JSONValue] {
        var result = original
        var positions: [JSONValue: Int] = [:]
        for (position, element) in result.enumerated() {
            if let value = element[key], positions[PatchSupport.normalized(value)] == nil {
                positions[PatchSupport.normalized(value)] = position
            }
        }
        for item in items {
            guard case .object(let members) = item, let value = members[key] else {
                throw PatchError(
                    .malformedPatch,
                    "an element of \(Self.pathText(path)) has no merge key \"\(key)\": "
                        + PatchSupport.brief(item))
            }
            let identity = PatchSupport.normalized(value)
            if let position = positions[identity] {
                result[position] = try mergeMap(result[position].objectValue, members, path: path)
            } else {
                positions[identity] = result.count
                result.append(try mergeMap(nil, members, path: path))
            }
        }
        return result
    }

    /// Carries out `$setElementOrder/<name>`: merges the named list as usual, then orders it. `nil`
    /// when neither the document nor the patch has the list.
    private func orderList(
        _ name: String, order: [JSONValue], original: JSONValue?, patch: JSONValue?, path: [String]
    ) throws(PatchError) -> [JSONValue]? {
        let listPath = path + [name]
        let directive = "\(Self.setElementOrderPrefix)/\(name)"
        if let original, original.arrayValue == nil {
            throw PatchError(.invalidTarget, "\(directive): \(Self.pathText(listPath)) is a \(original.typeName)")
        }
        if let patch, patch.arrayValue == nil {
            throw PatchError(.malformedPatch, "\(directive): the patch's \(name) is a \(patch.typeName), not a list")
        }
        let identify = try identity(at: listPath, lists: original ?? [], patch ?? [], .array(order))
        let orderIdentities = order.map { identify($0) }
        if identify.key != nil, let missing = order.firstIndex(where: { identify($0) == nil }) {
            throw PatchError(
                .malformedPatch, "\(directive): entry \(missing) has no merge key \"\(identify.key!)\"")
        }

        // Each element the patch names must appear in the order list, in the same relative order.
        let named = (patch?.arrayValue ?? []).filter { $0[Self.directiveKey] == nil }
        var cursor = 0
        for element in named {
            let wanted = identify(element)
            while cursor < orderIdentities.count, orderIdentities[cursor] != wanted { cursor += 1 }
            guard cursor < orderIdentities.count else {
                throw PatchError(
                    .malformedPatch,
                    "\(directive) does not list the patch's elements in the same order: \(PatchSupport.brief(element))")
            }
            cursor += 1
        }

        let originalList = original?.arrayValue
        let merged: [JSONValue]
        switch (originalList, patch?.arrayValue) {
        case (nil, nil): return nil
        case (let list?, nil): merged = list
        case (let list, let patchList?): merged = try mergeList(list ?? [], patchList, path: listPath)
        }
        return Self.normalizeOrder(
            merged, order: orderIdentities, serverOrder: (originalList ?? []).map { identify($0) }, identify: identify)
    }

    /// Kubernetes' `normalizeElementOrder`: the elements `order` names, sorted by it, with the other
    /// elements (sorted by `serverOrder`) woven in where `serverOrder` puts them before a named one.
    private static func normalizeOrder(
        _ elements: [JSONValue], order: [JSONValue?], serverOrder: [JSONValue?], identify: Identity
    ) -> [JSONValue] {
        func positions(_ list: [JSONValue?]) -> [JSONValue: Int] {
            var result: [JSONValue: Int] = [:]
            for (position, identity) in list.enumerated() {
                if let identity, result[identity] == nil { result[identity] = position }
            }
            return result
        }
        let orderPositions = positions(order)
        let serverPositions = positions(serverOrder)
        func sorted(_ list: [(element: JSONValue, identity: JSONValue?)], by table: [JSONValue: Int])
            -> [(element: JSONValue, identity: JSONValue?)]
        {
            list.enumerated()
                .sorted { left, right in
                    let leftKey = left.element.identity.flatMap { table[$0] } ?? Int.max
                    let rightKey = right.element.identity.flatMap { table[$0] } ?? Int.max
                    return leftKey != rightKey ? leftKey < rightKey : left.offset < right.offset
                }
                .map(\.element)
        }

        var named: [(element: JSONValue, identity: JSONValue?)] = []
        var serverOnly: [(element: JSONValue, identity: JSONValue?)] = []
        for element in elements {
            let identity = identify(element)
            if let identity, orderPositions[identity] != nil {
                named.append((element, identity))
            } else {
                serverOnly.append((element, identity))
            }
        }
        let right = sorted(named, by: orderPositions)
        let left = sorted(serverOnly, by: serverPositions)

        var result: [JSONValue] = []
        result.reserveCapacity(elements.count)
        var leftIndex = 0
        var rightIndex = 0
        while leftIndex < left.count || rightIndex < right.count {
            if rightIndex == right.count {
                result.append(left[leftIndex].element)
                leftIndex += 1
            } else if leftIndex == left.count {
                result.append(right[rightIndex].element)
                rightIndex += 1
            } else if let leftPosition = left[leftIndex].identity.flatMap({ serverPositions[$0] }),
                let rightPosition = right[rightIndex].identity.flatMap({ serverPositions[$0] }),
                leftPosition < rightPosition
            {
                result.append(left[leftIndex].element)
                leftIndex += 1
            } else {
                result.append(right[rightIndex].element)
                rightIndex += 1
            }
        }
        return result
    }
}
