import HTTPTypes
import Hummingbird
import NIOCore
import SkiffAPI
import SkiffClient

/// A ``ClientTransport`` that calls the API server's resource handlers directly: no socket, no
/// HTTP parsing, and exactly the semantics HTTP clients get (validation, defaulting, admission,
/// conflicts, watch from a resourceVersion, bookmarks, 410). Controllers, the scheduler and node
/// agents in the server's process use it.
public struct InProcessTransport: ClientTransport {
    let handler: ResourceHandler
    let readiness: Readiness
    let access: AccessControl
    /// Whose requests these are; nil acts with the server's own authority.
    let user: UserInfo?

    /// How many chunks a watch may hold for a slow reader before the server side waits.
    static let streamBuffer = 256

    public func send(_ request: ClientRequest) async throws(ClientError) -> ClientResponse {
        let response = try await respond(request)
        switch response {
        case .json(let code, let body, let headers):
            return ClientResponse(
                status: code, headers: headers.map { ($0.0.lowercased(), $0.1) }, body: body)
        case .text(let code, let body, let contentType):
            return ClientResponse(status: code, headers: [("content-type", contentType)], body: Array(body.utf8))
        case .stream(_, let write):
            // A watch asked for with send(): collect it (it ends at its timeout).
            let stream = Self.open(write)
            var body: [UInt8] = []
            do {
                for try await chunk in stream { body += chunk }
            } catch {
                throw ClientError.transport("the stream failed: \(error)")
            }
            return ClientResponse(status: 200, body: body)
        }
    }

    public func stream(_ request: ClientRequest) async throws(ClientError) -> ClientStream {
        let response = try await respond(request)
        switch response {
        case .json(let code, let body, let headers):
            let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
            continuation.yield(body)
            continuation.finish()
            return ClientStream(status: code, headers: headers.map { ($0.0.lowercased(), $0.1) }, body: stream)
        case .text(let code, let body, let contentType):
            let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
            continuation.yield(Array(body.utf8))
            continuation.finish()
            return ClientStream(status: code, headers: [("content-type", contentType)], body: stream)
        case .stream(let contentType, let write):
            return ClientStream(status: 200, headers: [("content-type", contentType)], body: Self.open(write))
        }
    }

    private func respond(_ request: ClientRequest) async throws(ClientError) -> APIResponse {
        guard await readiness.wait() else {
            return APIResponse.error(
                APIError(code: 503, reason: "ServiceUnavailable", message: "the server is shutting down"))
        }
        var query: [String: String] = [:]
        for (name, value) in request.query { query[name] = value }
        guard let method = HTTPRequest.Method(request.method) else {
            return APIResponse.error(APIError.methodNotAllowed("\(request.method) is not a method"))
        }
        var apiRequest = APIRequest(
            method: method, path: request.path, query: query,
            contentType: request.contentType.isEmpty ? "application/json" : APIResponder.mediaType(request.contentType),
            accept: request.accept, body: request.body)
        guard let info = RequestInfo(path: request.path) else {
            if method == .get,
                let (answer, _) = Discovery.respond(path: request.path, scheme: handler.scheme, accept: request.accept)
            {
                return answer
            }
            return APIResponse.error(APIError.notFound(path: request.path))
        }
        apiRequest.version = info.version
        do {
            if let user { try access.authorize(user, method, info, request.path, apiRequest) }
            let answer = try await handler.handle(info, apiRequest).0
            access.noteWrite(info, method)
            if let user, case .json(let code, let body, _) = answer {
                access.audit(user, method, info, request.path, apiRequest, code: code, body: body)
            }
            return answer
        } catch {
            if let user { access.audit(user, method, info, request.path, apiRequest, code: error.code, body: nil) }
            return APIResponse.error(error)
        }
    }

    /// Runs a streaming response's writer in a task that feeds a bounded stream of chunks; the
    /// writer ends when the reader stops.
    static func open(
        _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void
    ) -> AsyncThrowingStream<[UInt8], any Error> {
        let channel = ChunkChannel(capacity: streamBuffer)
        let task = Task {
            var writer: any ResponseBodyWriter = ChannelWriter(channel: channel)
            do {
                try await write(&writer)
                channel.finish(nil)
            } catch {
                channel.finish(error is CancellationError ? nil : error)
            }
        }
        // Cancelling the reading task, or dropping the stream, ends the writer too.
        let lifetime = StreamLifetime(task: task, channel: channel)
        return AsyncThrowingStream {
            try await withTaskCancellationHandler {
                try await lifetime.channel.next()
            } onCancel: {
                lifetime.end()
            }
        }
    }
}

/// Ends a stream's writer when the reader goes away: the unfolding closure holds it, so it is
/// released with the stream.
private final class StreamLifetime: Sendable {
    let task: Task<Void, Never>
    let channel: ChunkChannel

    init(task: Task<Void, Never>, channel: ChunkChannel) {
        self.task = task
        self.channel = channel
    }

    func end() {
        task.cancel()
        channel.finish(nil)
    }

    deinit { end() }
}

/// The response writer of an in-process stream: every buffer becomes one chunk.
private struct ChannelWriter: ResponseBodyWriter {
    let channel: ChunkChannel

    mutating func write(_ buffer: ByteBuffer) async throws {
        try await channel.send(Array(buffer.readableBytesView))
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        channel.finish(nil)
    }
}
