import Foundation
import Logging
import SkiffAPI
import SkiffClient
import Synchronization
import Testing

/// The reflector's decisions against a scripted server: each request gets the next scripted
/// answer, and the test reads back what was asked.
@Suite("Reflector: relist, resume, fall back")
struct ReflectorTests {
    /// A transport that answers from a script and records requests.
    final class ScriptedTransport: ClientTransport {
        enum Answer: Sendable {
            case response(Int, String)
            case stream([String])
            case failure
        }

        private let script: Mutex<[Answer]>
        let requests = Mutex<[String]>([])
        let exhausted = Mutex(false)

        init(_ answers: [Answer]) {
            script = Mutex(answers)
        }

        private func next(_ request: ClientRequest) -> Answer? {
            requests.withLock { $0.append(request.target) }
            return script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        }

        func send(_ request: ClientRequest) async throws(ClientError) -> ClientResponse {
            switch next(request) {
            case .response(let code, let body): return ClientResponse(status: code, body: Array(body.utf8))
            case .failure: throw ClientError.transport("connection refused")
            case .stream, nil:
                exhausted.withLock { $0 = true }
                try? await Task.sleep(for: .seconds(60))
                throw ClientError.transport("script over")
            }
        }

        func stream(_ request: ClientRequest) async throws(ClientError) -> ClientStream {
            switch next(request) {
            case .stream(let lines):
                let (body, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
                for line in lines { continuation.yield(Array((line + "\n").utf8)) }
                continuation.finish()
                return ClientStream(status: 200, body: body)
            case .response(let code, let body):
                let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
                continuation.yield(Array(body.utf8))
                continuation.finish()
                return ClientStream(status: code, body: stream)
            case .failure: throw ClientError.transport("connection refused")
            case nil:
                exhausted.withLock { $0 = true }
                try? await Task.sleep(for: .seconds(60))
                throw ClientError.transport("script over")
            }
        }
    }

    /// Records what the reflector delivers.
    final class Sink: ReflectorSink {
        let log = Mutex<[String]>([])
        func replace(_ objects: [JSONValue], resourceVersion: String) {
            let names = objects.compactMap { $0["metadata"]?["name"]?.stringValue }
            log.withLock { $0.append("replace \(names.joined(separator: ",")) @\(resourceVersion)") }
        }
        func apply(_ event: WatchEvent) {
            let name = event.object["metadata"]?["name"]?.stringValue ?? ""
            log.withLock { $0.append("\(event.type.rawValue) \(name)") }
        }
        var lines: [String] { log.withLock { $0 } }
    }

    static func list(_ names: [String], rv: Int) -> ScriptedTransport.Answer {
        let items = names.map { #"{"metadata":{"name":"\#($0)","namespace":"d","resourceVersion":"\#(rv)"}}"# }
        return .response(
            200,
            #"{"kind":"ConfigMapList","metadata":{"resourceVersion":"\#(rv)"},"items":[\#(items.joined(separator: ","))]}"#
        )
    }

    static func event(_ type: String, _ name: String, rv: Int) -> String {
        #"{"type":"\#(type)","object":{"metadata":{"name":"\#(name)","namespace":"d","resourceVersion":"\#(rv)"}}}"#
    }

    static let gone =
        #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old resource version: 5 (9)"}}"#
    static let bookmark = #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}"#

    static func run(_ transport: ScriptedTransport, watchList: Bool) async -> [String] {
        let sink = Sink()
        var logger = Logger(label: "test.reflector")
        logger.logLevel = .critical
        var reflector = Reflector(
            client: Client(transport: transport), resource: APIResource.of(ConfigMap.self), useWatchList: watchList,
            sink: sink, logger: logger)
        reflector.initialBackoff = .milliseconds(1)
        let task = Task { await reflector.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while !transport.exhausted.withLock({ $0 }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        task.cancel()
        await task.value
        return sink.lines
    }

    @Test("list, watch, resume from the last resourceVersion (bookmarks count), relist on 410")
    func relistOnGone() async {
        let transport = ScriptedTransport([
            Self.list(["a"], rv: 5),
            .stream([Self.event("ADDED", "b", rv: 6), Self.bookmark]),
            .stream([Self.gone]),
            Self.list(["a", "b", "c"], rv: 9),
        ])
        let lines = await Self.run(transport, watchList: false)
        #expect(lines == ["replace a @5", "ADDED b", "replace a,b,c @9"])
        let requests = transport.requests.withLock { $0 }
        #expect(requests.count >= 4)
        #expect(requests[0].contains("resourceVersion=0"))
        #expect(requests[1].contains("watch=true") && requests[1].contains("resourceVersion=5"))
        #expect(requests[1].contains("allowWatchBookmarks=true"))
        // The watch ended cleanly: resume from the bookmark's 7, no relist.
        #expect(requests[2].contains("resourceVersion=7"))
        // After 410 the relist reads the latest state, not the cache's resourceVersion 0.
        #expect(!requests[3].contains("resourceVersion="))
        #expect(!requests[3].contains("watch=true"))
    }

    @Test("WatchList: the initial state arrives as events up to the initial-events-end bookmark")
    func watchList() async {
        let end =
            #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"8","annotations":{"k8s.io/initial-events-end":"true"}}}}"#
        let transport = ScriptedTransport([
            .stream([
                Self.event("ADDED", "a", rv: 3), Self.event("ADDED", "b", rv: 8), end,
                Self.event("DELETED", "a", rv: 9),
            ])
        ])
        let lines = await Self.run(transport, watchList: true)
        #expect(lines == ["replace a,b @8", "DELETED a"])
        let requests = transport.requests.withLock { $0 }
        #expect(requests[0].contains("sendInitialEvents=true"))
        #expect(requests[0].contains("resourceVersionMatch=NotOlderThan"))
        #expect(requests.count >= 2 && requests[1].contains("resourceVersion=9"))
    }

    @Test("a server that refuses WatchList gets a LIST instead, for good")
    func watchListRefused() async {
        let refusal =
            #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,"message":"no"}"#
        let transport = ScriptedTransport([
            .response(422, refusal),
            Self.list(["a"], rv: 4),
            .stream([]),
        ])
        let lines = await Self.run(transport, watchList: true)
        #expect(lines == ["replace a @4"])
        let requests = transport.requests.withLock { $0 }
        #expect(requests.count >= 3)
        #expect(!requests[1].contains("watch=true"))
        #expect(requests[2].contains("resourceVersion=4") && !requests[2].contains("sendInitialEvents"))
    }

    @Test("an unreachable server is retried with back-off, then the watch resumes")
    func transportFailure() async {
        let transport = ScriptedTransport([
            Self.list(["a"], rv: 5),
            .failure,
            .failure,
            .stream([Self.event("MODIFIED", "a", rv: 6)]),
        ])
        let lines = await Self.run(transport, watchList: false)
        #expect(lines == ["replace a @5", "MODIFIED a"])
        let requests = transport.requests.withLock { $0 }
        #expect(requests[3].contains("resourceVersion=5"))
    }
}
