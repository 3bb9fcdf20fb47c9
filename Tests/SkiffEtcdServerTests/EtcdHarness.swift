import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import SkiffEtcdAPI
import SkiffEtcdServer
import SkiffStore
import Testing

/// An etcd endpoint on a scratch store in the test process, and gRPC clients for it.
struct EtcdHarness {
    let store: Store
    let metrics: EtcdMetrics
    let kv: EtcdKV.Client<HTTP2ClientTransport.Posix>
    let watch: EtcdWatch.Client<HTTP2ClientTransport.Posix>
    let lease: EtcdLease.Client<HTTP2ClientTransport.Posix>
    let maintenance: EtcdMaintenance.Client<HTTP2ClientTransport.Posix>
    let cluster: EtcdCluster.Client<HTTP2ClientTransport.Posix>

    /// Runs `body` against a fresh store served on a free port.
    static func with(
        options: StoreOptions = StoreOptions(), _ body: @Sendable (EtcdHarness) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-etcd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Store.open(path: directory.appendingPathComponent("skiff.db").path, options: options)
        let metrics = EtcdMetrics()
        let server = EtcdServer(store: store, host: "127.0.0.1", port: 0, metrics: metrics)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.listeningPort
            try await withGRPCClient(
                transport: .http2NIOPosix(
                    target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
            ) { client in
                try await body(
                    EtcdHarness(
                        store: store, metrics: metrics, kv: EtcdKV.Client(wrapping: client),
                        watch: EtcdWatch.Client(wrapping: client),
                        lease: EtcdLease.Client(wrapping: client),
                        maintenance: EtcdMaintenance.Client(wrapping: client),
                        cluster: EtcdCluster.Client(wrapping: client)))
            }
            group.cancelAll()
        }
        await store.close()
    }

    /// Puts `key` = `value`; returns the revision.
    @discardableResult
    func put(_ key: String, _ value: String = "v", lease: Int64 = 0) async throws -> Int64 {
        var request = EtcdPutRequest()
        request.key = Data(key.utf8)
        request.value = Data(value.utf8)
        request.lease = lease
        return try await kv.put(request).header.revision
    }

    /// A range over `key` (and `rangeEnd`, etcd-encoded), adjusted by `configure`.
    func range(
        _ key: String, end: String = "", _ configure: (inout EtcdRangeRequest) -> Void = { _ in }
    ) async throws -> EtcdRangeResponse {
        var request = EtcdRangeRequest()
        request.key = Data(key.utf8)
        request.rangeEnd = Data(end.utf8)
        configure(&request)
        return try await kv.range(request)
    }

    /// The etcd error `body` fails with, or nil.
    static func error(_ body: () async throws -> Void) async -> RPCError? {
        do {
            try await body()
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            Issue.record("not an RPCError: \(error)")
            return nil
        }
    }
}

extension EtcdRangeResponse {
    /// The keys returned, as strings.
    var keys: [String] { kvs.map { String(decoding: $0.key, as: UTF8.self) } }
}

/// A Watch stream driven by a test: requests are sent with ``send(_:)``, responses read with
/// ``next()``.
final class WatchDriver: Sendable {
    private let requests: AsyncStream<EtcdWatchRequest>.Continuation
    let responses: AsyncThrowingStream<EtcdWatchResponse, any Error>
    private let task: Task<Void, any Error>

    init(_ client: EtcdWatch.Client<HTTP2ClientTransport.Posix>) {
        let (requestStream, requests) = AsyncStream.makeStream(of: EtcdWatchRequest.self)
        let (responses, sink) = AsyncThrowingStream.makeStream(of: EtcdWatchResponse.self)
        self.requests = requests
        self.responses = responses
        task = Task {
            do {
                try await client.watch(
                    requestProducer: { writer in
                        for await request in requestStream { try await writer.write(request) }
                    },
                    onResponse: { response in
                        for try await message in response.messages { sink.yield(message) }
                    })
                sink.finish()
            } catch {
                sink.finish(throwing: error)
            }
        }
    }

    func send(_ request: EtcdWatchRequest) { requests.yield(request) }

    /// Creates a watch on `key` (`end` etcd-encoded) from `start`, adjusted by `configure`.
    func create(
        _ key: String, end: String = "", from start: Int64 = 0,
        _ configure: (inout EtcdWatchCreateRequest) -> Void = { _ in }
    ) {
        var create = EtcdWatchCreateRequest()
        create.key = Data(key.utf8)
        create.rangeEnd = Data(end.utf8)
        create.startRevision = start
        configure(&create)
        var request = EtcdWatchRequest()
        request.createRequest = create
        send(request)
    }

    /// Ends the client's side of the stream.
    func close() {
        requests.finish()
    }

    deinit {
        requests.finish()
        task.cancel()
    }
}

extension AsyncThrowingStream<EtcdWatchResponse, any Error>.Iterator {
    /// The next response; fails the test when the stream ended instead.
    mutating func expectNext(sourceLocation: SourceLocation = #_sourceLocation) async throws -> EtcdWatchResponse {
        guard let response = try await next() else {
            Issue.record("the watch stream ended", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        return response
    }
}
