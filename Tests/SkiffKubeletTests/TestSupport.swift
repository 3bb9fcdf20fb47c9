import Foundation
import Glibc
import Synchronization

/// A temporary directory removed when the object is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/kubeletio-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    func file(_ name: String) -> String {
        path + "/" + name
    }
}

/// Appends `bytes` to `path` (created if missing) the way a container runtime does: `O_APPEND`.
func append(_ bytes: [UInt8], to path: String) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    precondition(descriptor >= 0, "open \(path) failed")
    defer { close(descriptor) }
    var written = 0
    while written < bytes.count {
        let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
        precondition(n > 0, "write \(path) failed")
        written += n
    }
}

/// Appends UTF-8 `text` to `path`.
func append(_ text: String, to path: String) {
    append(Array(text.utf8), to: path)
}

/// The whole content of `path` as a string, `nil` when missing.
func contents(of path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

/// A TCP socket bound to 127.0.0.1 on an ephemeral port; listening unless `listen` is false.
func loopbackSocket(listen shouldListen: Bool = true) -> (descriptor: Int32, port: Int) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    precondition(descriptor >= 0)
    var one: Int32 = 1
    setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
        }
    }
    precondition(bound)
    if shouldListen {
        precondition(listen(descriptor, 64) == 0)
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
}

/// A port on 127.0.0.1 nothing listens on (bound, then released).
func closedLoopbackPort() -> Int {
    let (descriptor, port) = loopbackSocket(listen: false)
    close(descriptor)
    return port
}

/// A tiny HTTP server on 127.0.0.1 answering each request with canned bytes from a handler on its own thread.
///
/// The handler receives the request head and says what to send and whether to close afterwards.
final class TestHTTPServer: Sendable {
    /// What the server does with one connection.
    enum Reply: Sendable {
        /// Send the bytes, then close the connection.
        case respond([UInt8])
        /// Send the bytes (possibly none), then keep the connection open until the server stops.
        case hold([UInt8])
    }

    let port: Int
    private let descriptor: Int32
    private let stopping = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let requests = Mutex<[String]>([])
    private let handler: @Sendable (String) -> Reply

    init(handler: @escaping @Sendable (String) -> Reply) {
        (descriptor, port) = loopbackSocket()
        self.handler = handler
        Thread { [self] in serve() }.start()
    }

    /// Answers every request with `response`.
    convenience init(response: String) {
        self.init { _ in .respond(Array(response.utf8)) }
    }

    /// The request heads received so far.
    var receivedRequests: [String] {
        requests.withLock { $0 }
    }

    /// Stops accepting, closes held connections and waits for the thread to end.
    func stop() {
        stopping.store(true, ordering: .releasing)
        while !finished.load(ordering: .acquiring) {
            usleep(5_000)
        }
    }

    private func serve() {
        var held: [Int32] = []
        while !stopping.load(ordering: .acquiring) {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 20) > 0 else { continue }
            let connection = accept(descriptor, nil, nil)
            guard connection >= 0 else { continue }
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let request = readHead(connection)
            requests.withLock { $0.append(request) }
            let reply = handler(request)
            let response: [UInt8]
            switch reply {
            case .respond(let bytes), .hold(let bytes):
                response = bytes
            }
            var sent = 0
            while sent < response.count {
                let n = response.withUnsafeBytes {
                    send(connection, $0.baseAddress! + sent, response.count - sent, Int32(MSG_NOSIGNAL))
                }
                if n <= 0 { break }
                sent += n
            }
            if case .hold = reply {
                held.append(connection)
                continue
            }
            shutdown(connection, Int32(SHUT_WR))
            close(connection)
        }
        for connection in held {
            close(connection)
        }
        close(descriptor)
        finished.store(true, ordering: .releasing)
    }

    private func readHead(_ connection: Int32) -> String {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !bytes.ends(with: Array("\r\n\r\n".utf8)) {
            let n = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress!, 4096, 0) }
            if n <= 0 { break }
            bytes += chunk[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Array where Element: Equatable {
    /// Whether the array ends with `suffix`.
    func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
