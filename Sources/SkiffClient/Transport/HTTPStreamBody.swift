import NIOCore
import NIOHTTP1
import Synchronization

/// The body of a streamed response, read from its dedicated connection on demand.
///
/// ``makeStream()`` wraps it in a pull-based `AsyncThrowingStream` (`init(unfolding:)`): a chunk
/// is read from the connection only when the consumer asks for the next one, and the connection
/// reads from the socket only while a few parts wait (``HTTPConnection/inboundHighWatermark``),
/// so a slow consumer makes TCP push back on the server instead of growing a buffer.
///
/// The connection closes when the response ends, when it breaks (the stream throws a
/// ``ClientError`` with code 0), when the consuming task is cancelled (the stream ends), and when
/// the stream and its iterators are released (this object's deinit).
final class HTTPStreamBody: Sendable {
    private let connection: HTTPConnection
    /// The request, for error messages: `GET /api/v1/pods?watch=true from 127.0.0.1:6443`.
    private let what: String
    private let done = Atomic<Bool>(false)

    /// The body of the response to `what`, whose head was read from `connection`.
    init(connection: HTTPConnection, what: String) {
        self.connection = connection
        self.what = what
    }

    deinit {
        connection.close()
    }

    /// The body as a stream of chunks as they arrive.
    func makeStream() -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream(unfolding: { [self] in try await next() })
    }

    /// The next non-empty chunk; `nil` once the response ended or the consumer was cancelled.
    func next() async throws -> [UInt8]? {
        while !done.load(ordering: .acquiring) {
            let part: HTTPClientResponsePart?
            do {
                part = try await connection.read()
            } catch {
                return try fail(error)
            }
            switch part {
            case .body(let buffer):
                if buffer.readableBytes > 0 { return Array(buffer.readableBytesView) }
            case .end:
                done.store(true, ordering: .releasing)
                connection.close()
                return nil
            case .head:
                continue
            case nil:
                return try fail(HTTPConnection.Closed())
            }
        }
        return nil
    }

    /// Closes the connection and throws the transport error, once; ends quietly when the
    /// consuming task was cancelled (that is what closed the connection) or after the first error.
    private func fail(_ error: any Error) throws -> [UInt8]? {
        let first = !done.exchange(true, ordering: .acquiringAndReleasing)
        connection.close()
        guard first, !Task.isCancelled else { return nil }
        throw ClientError.transport("\(what): the stream broke: \(HTTPTransport.describe(error))")
    }
}
