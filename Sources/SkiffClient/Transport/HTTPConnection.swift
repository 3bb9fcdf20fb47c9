import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One HTTP/1.1 connection to the API server, driven through a `NIOAsyncChannel`.
///
/// `NIOAsyncChannel` hands out its inbound stream and outbound writer only inside the scope of
/// `executeThenClose`, and a pooled connection outlives any one request. So each connection runs
/// a driver task that owns that scope and carries out, one at a time, the writes and reads its
/// user queues as commands. The inbound side keeps `NIOAsyncChannel`'s back-pressure: the socket
/// is read only while fewer than ``inboundHighWatermark`` response parts wait, and the driver
/// takes a part off only when the user asks for one.
///
/// One request uses a connection at a time (the pool hands it out exclusively). Closing it fails
/// the reads and writes still queued; a connection that errors or reaches the end of its input
/// closes itself.
final class HTTPConnection: Sendable {
    /// The channel wrapper: response parts in, request parts out.
    typealias AsyncChannel = NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>

    /// At most this many response parts (each at most one socket read) wait unread before the
    /// connection stops reading from the socket.
    static let inboundHighWatermark = 8

    /// Notes that bytes arrived from the server, ahead of the HTTP decoder: a request whose
    /// connection broke before any byte of its response may be sent again.
    final class ReceiveMarker: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        /// Set by every read; cleared by ``HTTPConnection/startExchange()``.
        let received = Atomic<Bool>(false)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received.store(true, ordering: .releasing)
            context.fireChannelRead(data)
        }
    }

    /// Keeps the first error the pipeline reported (a failed TLS handshake, say), which explains
    /// why the connection closed better than the closed channel does.
    final class ErrorRecorder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        let first = Mutex<(any Error)?>(nil)

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            first.withLock { if $0 == nil { $0 = error } }
            context.fireErrorCaught(error)
        }
    }

    /// The connection ended before the operation could run or finish.
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the connection is closed" }
    }

    /// What the driver task does for the connection's user.
    private enum Command: Sendable {
        case write([HTTPClientRequestPart], CheckedContinuation<Void, any Error>)
        case read(CheckedContinuation<HTTPClientResponsePart?, any Error>)

        /// Resumes the waiting user with `error` without doing the work.
        func fail(_ error: any Error) {
            switch self {
            case .write(_, let continuation): continuation.resume(throwing: error)
            case .read(let continuation): continuation.resume(throwing: error)
            }
        }
    }

    /// The NIO channel, for its event loop, its state and closing it.
    let channel: any Channel
    /// The driver's command queue.
    private let commands: AsyncStream<Command>.Continuation
    /// Whether bytes arrived since the current exchange started.
    private let marker: ReceiveMarker
    /// Set by ``expire()``: the deadline of the request using the connection passed.
    private let expired = Atomic<Bool>(false)
    /// The first error the pipeline reported.
    private let recorder: ErrorRecorder

    private init(
        channel: any Channel, commands: AsyncStream<Command>.Continuation, marker: ReceiveMarker,
        recorder: ErrorRecorder
    ) {
        self.channel = channel
        self.commands = commands
        self.marker = marker
        self.recorder = recorder
    }

    /// The first error the pipeline reported (a TLS failure, for one), if any.
    var pipelineError: (any Error)? { recorder.first.withLock { $0 } }

    deinit {
        commands.finish()
        channel.close(promise: nil)
    }

    /// Opens a connection to `host:port` (through TLS when `tls` is given) and starts its driver
    /// task. Throws NIO's errors (`NIOConnectionError`, `ChannelError.connectTimeout`, ...) for the
    /// caller to describe; a failed TLS handshake surfaces at the first write or read.
    static func connect(
        host: String, port: Int, tls: ClientTLS?, group: any EventLoopGroup, connectTimeout: TimeAmount
    ) async throws -> HTTPConnection {
        let marker = ReceiveMarker()
        let recorder = ErrorRecorder()
        let asyncChannel = try await ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(try tls.handler(host: host))
                        try channel.pipeline.syncOperations.addHandler(recorder)
                    }
                    try channel.pipeline.syncOperations.addHandler(marker)
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try AsyncChannel(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(
                            backPressureStrategy: .init(lowWatermark: 2, highWatermark: inboundHighWatermark)))
                }
            }
        let (stream, continuation) = AsyncStream.makeStream(of: Command.self)
        let connection = HTTPConnection(
            channel: asyncChannel.channel, commands: continuation, marker: marker, recorder: recorder)
        Task { await drive(asyncChannel, commands: stream, queue: continuation) }
        return connection
    }

    /// The driver: runs the queued commands inside `executeThenClose` until the connection is
    /// closed, fails or reaches the end of its input, then fails the commands still queued.
    private static func drive(
        _ asyncChannel: AsyncChannel, commands: AsyncStream<Command>, queue: AsyncStream<Command>.Continuation
    ) async {
        var pending = commands.makeAsyncIterator()
        var failure: any Error = Closed()
        do {
            try await asyncChannel.executeThenClose { inbound, outbound in
                var responses = inbound.makeAsyncIterator()
                while let command = await pending.next() {
                    switch command {
                    case .write(let parts, let continuation):
                        do {
                            try await outbound.write(contentsOf: parts)
                            continuation.resume()
                        } catch {
                            continuation.resume(throwing: error)
                            throw error
                        }
                    case .read(let continuation):
                        do {
                            let part = try await responses.next()
                            continuation.resume(returning: part)
                            if part == nil { return }
                        } catch {
                            continuation.resume(throwing: error)
                            throw error
                        }
                    }
                }
            }
        } catch {
            failure = error
        }
        queue.finish()
        while let command = await pending.next() {
            command.fail(failure)
        }
    }

    /// Whether the connection is still open (a server that closed an idle connection makes it
    /// inactive once NIO has seen the end of input).
    var isActive: Bool { channel.isActive }

    /// Marks the start of a request: ``hasReceivedBytes`` becomes false.
    func startExchange() {
        marker.received.store(false, ordering: .releasing)
    }

    /// Whether any byte arrived from the server since ``startExchange()``.
    var hasReceivedBytes: Bool { marker.received.load(ordering: .acquiring) }

    /// Whether ``expire()`` closed the connection.
    var hasExpired: Bool { expired.load(ordering: .acquiring) }

    /// Writes and flushes request parts. Cancelling the calling task closes the connection.
    func write(_ parts: [HTTPClientRequestPart]) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enqueue(.write(parts, continuation))
            }
        } onCancel: {
            close()
        }
    }

    /// The next response part; `nil` at the end of input (the server closed the connection).
    /// Cancelling the calling task closes the connection.
    func read() async throws -> HTTPClientResponsePart? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<HTTPClientResponsePart?, any Error>) in
                enqueue(.read(continuation))
            }
        } onCancel: {
            close()
        }
    }

    private func enqueue(_ command: Command) {
        if case .terminated = commands.yield(command) {
            command.fail(Closed())
        }
    }

    /// Closes the connection: queued and later operations fail, a read in progress ends.
    func close() {
        commands.finish()
        channel.close(promise: nil)
    }

    /// Closes the connection because the deadline of the request using it passed.
    func expire() {
        expired.store(true, ordering: .releasing)
        close()
    }
}
