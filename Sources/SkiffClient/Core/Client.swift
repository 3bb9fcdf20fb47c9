import SkiffAPI

/// A Kubernetes API client for any resource (dynamic: objects as ``JSONValue`` or bytes), over a
/// ``ClientTransport``. ``typed(_:)`` gives the typed view of one kind.
///
/// Every call returns the server's answer for a 2xx status and throws the server's `Status` as a
/// ``ClientError`` otherwise.
public struct Client: Sendable {
    /// How requests reach the server.
    public let transport: any ClientTransport

    /// A client over a transport.
    public init(transport: any ClientTransport) {
        self.transport = transport
    }

    /// The typed client of a built-in kind.
    public func typed<T: APIObject>(_ type: T.Type) -> TypedClient<T> {
        TypedClient(client: self, resource: .of(type))
    }

    // MARK: Raw requests

    /// Sends a request and returns the body of a 2xx answer.
    public func perform(_ request: ClientRequest) async throws(ClientError) -> [UInt8] {
        let response = try await transport.send(request)
        guard (200..<300).contains(response.status) else {
            throw ClientError.from(status: response.status, body: response.body)
        }
        return response.body
    }

    func parse(_ bytes: [UInt8]) throws(ClientError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw ClientError(code: 0, reason: "BadResponse", message: "the server's answer is not JSON: \(error)")
        }
    }

    // MARK: Reads

    /// GET one object, as the server's JSON bytes.
    public func getBytes(
        _ resource: APIResource, namespace: String?, name: String, subresource: String? = nil
    ) async throws(ClientError) -> [UInt8] {
        try await perform(
            ClientRequest(
                method: "GET", path: resource.path(namespace: namespace, name: name, subresource: subresource)))
    }

    /// GET one object.
    public func get(
        _ resource: APIResource, namespace: String?, name: String, subresource: String? = nil
    ) async throws(ClientError) -> JSONValue {
        try parse(try await getBytes(resource, namespace: namespace, name: name, subresource: subresource))
    }

    /// LIST objects (one page when ``ListOptions/limit`` is set).
    public func list(
        _ resource: APIResource, namespace: String?, options: ListOptions = ListOptions()
    ) async throws(ClientError) -> ObjectList {
        let body = try await perform(
            ClientRequest(method: "GET", path: resource.path(namespace: namespace), query: options.query))
        let value = try parse(body)
        return ObjectList(
            items: value["items"]?.arrayValue ?? [],
            resourceVersion: value["metadata"]?["resourceVersion"]?.stringValue ?? "",
            continueToken: value["metadata"]?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// LIST every page.
    public func listAll(
        _ resource: APIResource, namespace: String?, options: ListOptions = ListOptions()
    ) async throws(ClientError) -> ObjectList {
        var options = options
        var result = try await list(resource, namespace: namespace, options: options)
        while let token = result.continueToken {
            options.continueToken = token
            options.resourceVersion = nil
            let page = try await list(resource, namespace: namespace, options: options)
            result.items += page.items
            result.continueToken = page.continueToken
            result.resourceVersion = page.resourceVersion
        }
        return result
    }

    // MARK: Writes

    /// POST an object given as JSON bytes; returns the created object's bytes.
    public func createBytes(
        _ resource: APIResource, namespace: String?, body: [UInt8]
    ) async throws(ClientError) -> [UInt8] {
        try await perform(
            ClientRequest(
                method: "POST", path: resource.path(namespace: namespace), contentType: "application/json", body: body))
    }

    /// POST an object.
    public func create(_ resource: APIResource, namespace: String?, _ object: JSONValue) async throws(ClientError)
        -> JSONValue
    {
        try parse(try await createBytes(resource, namespace: namespace, body: object.serialized()))
    }

    /// PUT an object (or its `status` subresource) given as JSON bytes.
    public func updateBytes(
        _ resource: APIResource, namespace: String?, name: String, body: [UInt8], subresource: String? = nil
    ) async throws(ClientError) -> [UInt8] {
        try await perform(
            ClientRequest(
                method: "PUT", path: resource.path(namespace: namespace, name: name, subresource: subresource),
                contentType: "application/json", body: body))
    }

    /// PUT an object (or its `status` subresource).
    public func update(
        _ resource: APIResource, namespace: String?, name: String, _ object: JSONValue, subresource: String? = nil
    ) async throws(ClientError) -> JSONValue {
        try parse(
            try await updateBytes(
                resource, namespace: namespace, name: name, body: object.serialized(), subresource: subresource))
    }

    /// PATCH an object (or a subresource) with a patch document of the given type.
    public func patchBytes(
        _ resource: APIResource, namespace: String?, name: String, type: PatchType, body: [UInt8],
        subresource: String? = nil
    ) async throws(ClientError) -> [UInt8] {
        try await perform(
            ClientRequest(
                method: "PATCH", path: resource.path(namespace: namespace, name: name, subresource: subresource),
                contentType: type.rawValue, body: body))
    }

    /// PATCH an object (or a subresource).
    public func patch(
        _ resource: APIResource, namespace: String?, name: String, type: PatchType, _ patch: JSONValue,
        subresource: String? = nil
    ) async throws(ClientError) -> JSONValue {
        try parse(
            try await patchBytes(
                resource, namespace: namespace, name: name, type: type, body: patch.serialized(),
                subresource: subresource))
    }

    /// DELETE an object with optional `DeleteOptions` (JSON bytes); returns the server's answer:
    /// the object while finalizers hold it, or a `Status`.
    public func deleteBytes(
        _ resource: APIResource, namespace: String?, name: String, options: [UInt8] = []
    ) async throws(ClientError) -> [UInt8] {
        try await perform(
            ClientRequest(
                method: "DELETE", path: resource.path(namespace: namespace, name: name),
                contentType: options.isEmpty ? "" : "application/json", body: options))
    }

    /// DELETE an object.
    @discardableResult
    public func delete(
        _ resource: APIResource, namespace: String?, name: String, options: DeleteOptions = DeleteOptions()
    ) async throws(ClientError) -> JSONValue {
        try parse(try await deleteBytes(resource, namespace: namespace, name: name, options: options.body))
    }

    // MARK: Watch

    /// Opens a watch. The stream yields events until the server ends the watch (its timeout or
    /// shutdown), then finishes; an `ERROR` event is yielded as is (410 when too old).
    public func watch(
        _ resource: APIResource, namespace: String?, options: WatchOptions = WatchOptions()
    ) async throws(ClientError) -> AsyncThrowingStream<WatchEvent, any Error> {
        let stream = try await transport.stream(
            ClientRequest(method: "GET", path: resource.path(namespace: namespace), query: options.query))
        guard stream.status == 200 else {
            var body: [UInt8] = []
            do {
                for try await chunk in stream.body {
                    body += chunk
                    if body.count > 65_536 { break }
                }
            } catch {}
            throw ClientError.from(status: stream.status, body: body)
        }
        // Events are parsed as the consumer asks for them, so a slow consumer slows the transport
        // (which applies back-pressure) instead of piling events up here.
        let reader = WatchLineReader(chunks: stream.body)
        return AsyncThrowingStream { try await reader.next() }
    }
}

/// Pulls chunks and splits them into watch events on demand (one consumer at a time, as an
/// `AsyncThrowingStream(unfolding:)` guarantees).
private final class WatchLineReader: @unchecked Sendable {
    private var chunks: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
    private var lines = LineSplitter()
    private var pending: [[UInt8]] = []
    private var position = 0

    init(chunks: AsyncThrowingStream<[UInt8], any Error>) {
        self.chunks = chunks.makeAsyncIterator()
    }

    func next() async throws -> WatchEvent? {
        while position == pending.count {
            guard let chunk = try await chunks.next() else { return nil }
            pending = lines.append(chunk)
            position = 0
        }
        defer { position += 1 }
        return try WatchEvent(line: pending[position])
    }
}

/// One page of a LIST.
public struct ObjectList: Sendable {
    /// The objects.
    public var items: [JSONValue]
    /// The list's resourceVersion: watch from here to see every later change.
    public var resourceVersion: String
    /// The token for the next page, when there is one.
    public var continueToken: String?

    /// A list.
    public init(items: [JSONValue], resourceVersion: String, continueToken: String? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
    }
}

/// The patch formats the API server takes.
public enum PatchType: String, Sendable {
    /// RFC 6902 JSON patch.
    case json = "application/json-patch+json"
    /// RFC 7386 JSON merge patch.
    case merge = "application/merge-patch+json"
    /// Kubernetes' strategic merge patch (built-in kinds only).
    case strategic = "application/strategic-merge-patch+json"
}

/// Splits a byte stream into newline-terminated lines.
struct LineSplitter {
    private var pending: [UInt8] = []

    /// Adds bytes and returns the lines they complete (without the newline; empty lines skipped).
    mutating func append(_ chunk: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = chunk.startIndex
        for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
            if pending.isEmpty {
                if index > start { lines.append(Array(chunk[start..<index])) }
            } else {
                pending += chunk[start..<index]
                lines.append(pending)
                pending = []
            }
            start = index + 1
        }
        if start < chunk.endIndex { pending += chunk[start...] }
        return lines
    }
}
