import Foundation
import SkiffAPI

/// What a history command looks at: one object's store key or every key under a prefix, parsed
/// from what a user types.
///
/// ```text
/// /registry/pods/default/web-1   → key    /registry/pods/default/web-1
/// /registry/pods/                → prefix /registry/pods/
/// pods/default/web-1, po/default/web-1, Pod/default/web-1
///                                → key    /registry/pods/default/web-1
/// deployments.apps/default/web   → key    /registry/deployments/default/web
/// pods/default, pods/default/    → prefix /registry/pods/default/
/// pods, pods/                    → prefix /registry/pods/
/// nodes/n1                       → key    /registry/nodes/n1
/// crontabs.stable.example.com/demo/nightly
///                                → key    /registry/stable.example.com/crontabs/demo/nightly
/// ```
public enum HistoryTarget: Hashable, Sendable, CustomStringConvertible {
    /// One object's store key, `/registry/pods/default/web-1`.
    case key(String)
    /// Every key that starts with this prefix, `/registry/pods/default/`.
    case prefix(String)

    /// The key, or the prefix, as the store knows it.
    public var storeKey: String {
        switch self {
        case .key(let key): return key
        case .prefix(let prefix): return prefix
        }
    }

    /// Whether this names every key under a prefix rather than one key.
    public var isPrefix: Bool {
        if case .prefix = self { return true }
        return false
    }

    /// The target for messages: the store key without the `/registry/` root
    /// (`pods/default/web-1`, `pods/default/`); keys outside that root as they are.
    public var description: String {
        let key = storeKey
        if key.hasPrefix(Self.registryRoot), key.count > Self.registryRoot.count {
            return String(key.dropFirst(Self.registryRoot.count))
        }
        return key
    }

    /// The root of Kubernetes object keys, `/registry/`.
    public static let registryRoot = "/registry/"

    /// Parses an object reference: a raw store key (starting with `/`; a trailing `/` makes it a
    /// prefix), or `RESOURCE[/NAMESPACE[/NAME]]` for namespaced resources and `RESOURCE[/NAME]`
    /// for cluster-scoped ones. RESOURCE is a plural, singular, short name or kind in any case,
    /// optionally qualified by its group (`deployments.apps`) or version and group
    /// (`deployments.v1.apps`).
    public static func parse(_ reference: String, scheme: Scheme = .builtIn) throws(HistoryError) -> HistoryTarget {
        let text = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw HistoryError(
                .invalidReference,
                "the object reference is empty; use RESOURCE/NAMESPACE/NAME, RESOURCE/NAME or a store key such as "
                    + "/registry/pods/default/web-1")
        }
        if text.hasPrefix("/") { return text.hasSuffix("/") ? .prefix(text) : .key(text) }

        var segments = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let trailingSlash = segments.count > 1 && segments.last == ""
        if trailingSlash { segments.removeLast() }
        let rest = Array(segments.dropFirst())
        guard let resource = resource(named: segments[0], in: scheme) else {
            if let custom = try customResource(segments[0], rest, trailingSlash: trailingSlash, text: text) {
                return custom
            }
            throw unknownResource(segments[0], in: text, scheme: scheme)
        }
        let plural = resource.plural
        if rest.contains(where: \.isEmpty), !(resource.namespaced && rest.count == 2 && rest[0].isEmpty) {
            throw HistoryError(.invalidReference, "\"\(text)\" has an empty segment; \(shapes(of: resource))")
        }
        if resource.namespaced {
            switch rest.count {
            case 0:
                return .prefix(resource.keyPrefix)
            case 1:
                return .prefix(resource.keyPrefix(namespace: rest[0]))
            case 2:
                if rest[0].isEmpty {
                    throw HistoryError(
                        .missingNamespace,
                        "\(plural) are namespaced: name one as \(plural)/NAMESPACE/\(rest[1]), not \"\(text)\"")
                }
                if trailingSlash {
                    throw HistoryError(
                        .invalidReference,
                        "\"\(text)\": an object name cannot end with \"/\"; use \(plural)/\(rest[0])/\(rest[1]) "
                            + "for the object or \(plural)/\(rest[0])/ for its namespace")
                }
                return .key(resource.key(namespace: rest[0], name: rest[1]))
            default:
                throw HistoryError(.invalidReference, "\"\(text)\" has too many segments; \(shapes(of: resource))")
            }
        }
        switch rest.count {
        case 0:
            return .prefix(resource.keyPrefix)
        case 1:
            if trailingSlash {
                throw HistoryError(
                    .invalidReference,
                    "\"\(text)\": an object name cannot end with \"/\"; use \(plural)/\(rest[0])")
            }
            return .key(resource.key(namespace: nil, name: rest[0]))
        default:
            throw HistoryError(
                .invalidReference,
                "\"\(text)\": \(plural) are cluster-scoped and have no namespace; \(shapes(of: resource))")
        }
    }

    /// A custom resource named `PLURAL.GROUP` (a group has a dot), whose keys are
    /// `/registry/GROUP/PLURAL/[NAMESPACE/]NAME`: `PLURAL.GROUP/NAMESPACE/NAME` is an object of a
    /// namespaced resource, `PLURAL.GROUP/NAME` one of a cluster-scoped resource,
    /// `PLURAL.GROUP/NAMESPACE/` a namespace's objects. Nil when `name` is not of that shape.
    private static func customResource(
        _ name: String, _ rest: [String], trailingSlash: Bool, text: String
    ) throws(HistoryError) -> HistoryTarget? {
        let lowered = name.lowercased()
        guard let dot = lowered.firstIndex(of: "."), lowered[lowered.index(after: dot)...].contains(".") else {
            return nil
        }
        let plural = String(lowered[..<dot])
        let group = String(lowered[lowered.index(after: dot)...])
        guard !plural.isEmpty, plural.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else { return nil }
        let base = "\(registryRoot)\(group)/\(plural)/"
        if rest.contains(where: \.isEmpty) {
            throw HistoryError(.invalidReference, "\"\(text)\" has an empty segment")
        }
        switch rest.count {
        case 0: return .prefix(base)
        case 1: return trailingSlash ? .prefix(base + rest[0] + "/") : .key(base + rest[0])
        case 2 where !trailingSlash: return .key(base + rest[0] + "/" + rest[1])
        default:
            throw HistoryError(
                .invalidReference,
                "\"\(text)\": use \(name), \(name)/NAMESPACE/, \(name)/NAMESPACE/NAME or \(name)/NAME")
        }
    }

    /// The resource `name` refers to: its plural, singular, a short name or its kind, in any case,
    /// optionally followed by `.GROUP` or `.VERSION.GROUP`. Plurals win over singulars, singulars
    /// over short names, short names over kinds, as in kubectl.
    public static func resource(named name: String, in scheme: Scheme = .builtIn) -> ResourceType? {
        let lowered = name.lowercased()
        if let found = resource(alias: lowered, in: scheme) { return found }
        guard let dot = lowered.firstIndex(of: ".") else { return nil }
        let alias = String(lowered[..<dot])
        let qualifier = String(lowered[lowered.index(after: dot)...])
        let accepts = { (resource: ResourceType) -> Bool in
            let group = resource.group.lowercased()
            return qualifier == group
                || resource.versions.contains { "\($0.lowercased()).\(group)" == qualifier }
                || (group.isEmpty && resource.versions.contains { $0.lowercased() == qualifier })
        }
        return resource(alias: alias, in: scheme, where: accepts)
    }

    /// The names (plurals) of the resources closest to an unknown `name`, best first, at most three:
    /// within a few edits of one of a resource's names (at most half its length), or the start of one.
    public static func suggestions(for name: String, in scheme: Scheme = .builtIn) -> [String] {
        let typed = String(name.lowercased().prefix { $0 != "." })
        guard !typed.isEmpty else { return [] }
        let limit = typed.count <= 3 ? 1 : (typed.count < 8 ? 2 : 3)
        var scored: [(score: Int, distance: Int, name: String)] = []
        for resource in scheme.resources {
            var best = (score: Int.max, distance: Int.max)
            for alias in aliases(of: resource).joined() {
                let distance = editDistance(typed, alias)
                let isPrefix = typed.count >= 2 && alias.hasPrefix(typed)
                // A short name two edits away is a different word, not a typo.
                guard isPrefix || distance * 2 <= alias.count else { continue }
                let score = isPrefix ? min(distance, 1) : distance
                if (score, distance) < best { best = (score, distance) }
            }
            if best.score <= limit { scored.append((best.score, best.distance, resource.plural)) }
        }
        let ranked = scored.sorted { ($0.score, $0.distance, $0.name) < ($1.score, $1.distance, $1.name) }
        return ranked.prefix(3).map(\.name)
    }

    // MARK: Private

    /// A resource's names, lowercased, in kubectl's order of precedence.
    private static func aliases(of resource: ResourceType) -> [[String]] {
        [
            [resource.plural.lowercased()], [resource.singular.lowercased()],
            resource.shortNames.map { $0.lowercased() }, [resource.kind.lowercased()],
        ]
    }

    private static func resource(
        alias: String, in scheme: Scheme, where accepts: (ResourceType) -> Bool = { _ in true }
    ) -> ResourceType? {
        for precedence in 0..<4 {
            let matches = { (resource: ResourceType) in
                aliases(of: resource)[precedence].contains(alias) && accepts(resource)
            }
            if let found = scheme.resources.first(where: matches) { return found }
        }
        return nil
    }

    private static func shapes(of resource: ResourceType) -> String {
        let plural = resource.plural
        if resource.namespaced { return "use \(plural), \(plural)/NAMESPACE or \(plural)/NAMESPACE/NAME" }
        return "use \(plural) or \(plural)/NAME"
    }

    private static func unknownResource(_ name: String, in text: String, scheme: Scheme) -> HistoryError {
        let suggestions = suggestions(for: name, in: scheme)
        let subject = name == text ? "unknown resource \"\(name)\"" : "unknown resource \"\(name)\" in \"\(text)\""
        if suggestions.isEmpty {
            let known = Set(scheme.resources.map(\.plural)).sorted().joined(separator: ", ")
            return HistoryError(.unknownResource, "\(subject); known resources: \(known)")
        }
        return HistoryError(
            .unknownResource, "\(subject); did you mean \(listing(suggestions))?", suggestions: suggestions)
    }

    /// `a`, `a or b`, `a, b or c`.
    private static func listing(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring characters each cost one.
    static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
