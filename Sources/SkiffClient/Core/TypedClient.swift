import SkiffAPI

/// The typed view of one kind: objects as SkiffAPI model values (`Pod`, `Deployment`, ...).
public struct TypedClient<Object: APIObject>: Sendable {
    /// The dynamic client underneath.
    public let client: Client
    /// The resource the kind is served as.
    public let resource: APIResource

    /// A typed client.
    public init(client: Client, resource: APIResource) {
        self.client = client
        self.resource = resource
    }

    /// Decodes an object the server sent.
    public static func decode(_ value: JSONValue) throws(ClientError) -> Object {
        do {
            return try JSONValueDecoder().decode(Object.self, from: value)
        } catch {
            throw ClientError(
                code: 0, reason: "BadResponse", message: "cannot decode \(Object.kind): \(error)")
        }
    }

    /// Encodes an object with its apiVersion and kind.
    public static func encode(_ object: Object) throws(ClientError) -> JSONValue {
        do {
            guard case .object(var fields) = try JSONValueEncoder().encode(object) else {
                throw ClientError(code: 0, reason: "BadRequest", message: "\(Object.kind) did not encode as an object")
            }
            fields["apiVersion"] = .string(Object.apiVersion)
            fields["kind"] = .string(Object.kind)
            return .object(fields)
        } catch let error as ClientError {
            throw error
        } catch {
            throw ClientError(code: 0, reason: "BadRequest", message: "cannot encode \(Object.kind): \(error)")
        }
    }

    /// GET.
    public func get(namespace: String? = nil, name: String) async throws(ClientError) -> Object {
        try Self.decode(try await client.get(resource, namespace: namespace, name: name))
    }

    /// LIST (every page), with the list's resourceVersion.
    public func list(
        namespace: String? = nil, options: ListOptions = ListOptions()
    ) async throws(ClientError) -> (items: [Object], resourceVersion: String) {
        let list = try await client.listAll(resource, namespace: namespace, options: options)
        var items: [Object] = []
        items.reserveCapacity(list.items.count)
        for item in list.items { items.append(try Self.decode(item)) }
        return (items, list.resourceVersion)
    }

    /// POST; the namespace comes from the object's metadata when not given.
    public func create(_ object: Object, namespace: String? = nil) async throws(ClientError) -> Object {
        try Self.decode(
            try await client.create(resource, namespace: namespace ?? object.metadata.namespace, Self.encode(object)))
    }

    /// PUT (the object's metadata names it and carries the resourceVersion to check).
    public func update(_ object: Object) async throws(ClientError) -> Object {
        try Self.decode(
            try await client.update(
                resource, namespace: object.metadata.namespace, name: object.metadata.name ?? "", Self.encode(object)))
    }

    /// PUT of the `status` subresource.
    public func updateStatus(_ object: Object) async throws(ClientError) -> Object {
        try Self.decode(
            try await client.update(
                resource, namespace: object.metadata.namespace, name: object.metadata.name ?? "", Self.encode(object),
                subresource: "status"))
    }

    /// PATCH (or PATCH of a subresource).
    public func patch(
        namespace: String? = nil, name: String, type: PatchType, _ patch: JSONValue, subresource: String? = nil
    ) async throws(ClientError) -> Object {
        try Self.decode(
            try await client.patch(
                resource, namespace: namespace, name: name, type: type, patch, subresource: subresource))
    }

    /// DELETE.
    public func delete(
        namespace: String? = nil, name: String, options: DeleteOptions = DeleteOptions()
    ) async throws(ClientError) {
        _ = try await client.deleteBytes(resource, namespace: namespace, name: name, options: options.body)
    }
}
