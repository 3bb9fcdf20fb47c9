/// client-go's object key: `namespace/name`, or `name` for a cluster-scoped object.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace; empty for a cluster-scoped object.
    public var namespace: String
    /// The name.
    public var name: String

    /// A key.
    public init(namespace: String = "", name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// Parses `namespace/name` or `name`.
    public init(_ text: some StringProtocol) {
        if let slash = text.firstIndex(of: "/") {
            namespace = String(text[..<slash])
            name = String(text[text.index(after: slash)...])
        } else {
            namespace = ""
            name = String(text)
        }
    }

    /// The key of an object's metadata.
    public init(_ metadata: ObjectMeta) {
        self.init(namespace: metadata.namespace ?? "", name: metadata.name ?? "")
    }

    /// The key of an object as JSON (`metadata.namespace`, `metadata.name`).
    public init?(object: JSONValue) {
        guard let name = object["metadata"]?["name"]?.stringValue else { return nil }
        self.init(namespace: object["metadata"]?["namespace"]?.stringValue ?? "", name: name)
    }

    public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }
}
