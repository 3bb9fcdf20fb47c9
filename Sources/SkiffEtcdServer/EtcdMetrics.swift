import GRPCCore
import Synchronization

/// The etcd endpoint's counters: requests by method and result, their total time, and the watches
/// open. Rendered as Prometheus text for `/metrics`, with etcd's metric names where etcd has one
/// (`grpc_server_handled_total`, `etcd_debugging_mvcc_watcher_total`).
public final class EtcdMetrics: Sendable {
    /// The unary methods counted.
    enum Method: Int, CaseIterable, Sendable {
        case range, put, deleteRange, txn, compact
        case leaseGrant, leaseRevoke, leaseTimeToLive, leaseLeases
        case status, alarm, defragment, hashKV, memberList

        var name: String {
            switch self {
            case .range: "Range"
            case .put: "Put"
            case .deleteRange: "DeleteRange"
            case .txn: "Txn"
            case .compact: "Compact"
            case .leaseGrant: "LeaseGrant"
            case .leaseRevoke: "LeaseRevoke"
            case .leaseTimeToLive: "LeaseTimeToLive"
            case .leaseLeases: "LeaseLeases"
            case .status: "Status"
            case .alarm: "Alarm"
            case .defragment: "Defragment"
            case .hashKV: "HashKV"
            case .memberList: "MemberList"
            }
        }
    }

    private struct Counts {
        var handled = 0
        var failed = 0
        var nanoseconds: Int64 = 0
    }

    private let counts = Mutex([Counts](repeating: Counts(), count: Method.allCases.count))
    /// Watch streams open.
    let watchStreams = Atomic<Int>(0)
    /// Watchers open across all streams.
    let watchers = Atomic<Int>(0)
    /// Watch events sent.
    let eventsSent = Atomic<Int>(0)
    /// Watches that fell behind the store's buffer and resumed from its log.
    public let watchResumes = Atomic<Int>(0)

    /// Zeroed counters.
    public init() {}

    /// Runs one request's handler, counting it and its time.
    func measure<T>(_ method: Method, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        do {
            let result = try await body()
            record(method, failed: false, since: start)
            return result
        } catch {
            record(method, failed: true, since: start)
            throw error
        }
    }

    private func record(_ method: Method, failed: Bool, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        counts.withLock { counts in
            counts[method.rawValue].handled += 1
            if failed { counts[method.rawValue].failed += 1 }
            counts[method.rawValue].nanoseconds += nanoseconds
        }
    }

    /// Prometheus text for `/metrics`.
    public func render() -> String {
        let snapshot = counts.withLock { $0 }
        var text = "# HELP grpc_server_handled_total etcd API requests answered, by method and result.\n"
        text += "# TYPE grpc_server_handled_total counter\n"
        for method in Method.allCases where snapshot[method.rawValue].handled > 0 {
            let counts = snapshot[method.rawValue]
            let labels = "grpc_service=\"etcdserverpb\",grpc_method=\"\(method.name)\""
            text += "grpc_server_handled_total{\(labels),grpc_code=\"OK\"} \(counts.handled - counts.failed)\n"
            text += "grpc_server_handled_total{\(labels),grpc_code=\"Error\"} \(counts.failed)\n"
        }
        text += "# HELP skiff_etcd_request_seconds_total Time spent answering etcd API requests, by method.\n"
        text += "# TYPE skiff_etcd_request_seconds_total counter\n"
        for method in Method.allCases where snapshot[method.rawValue].handled > 0 {
            let seconds = Double(snapshot[method.rawValue].nanoseconds) / 1e9
            text += "skiff_etcd_request_seconds_total{grpc_method=\"\(method.name)\"} \(seconds)\n"
        }
        text += "# HELP skiff_etcd_watch_streams Open etcd Watch streams.\n"
        text += "# TYPE skiff_etcd_watch_streams gauge\n"
        text += "skiff_etcd_watch_streams \(watchStreams.load(ordering: .relaxed))\n"
        text += "# HELP etcd_debugging_mvcc_watcher_total Watchers open on the etcd endpoint.\n"
        text += "# TYPE etcd_debugging_mvcc_watcher_total gauge\n"
        text += "etcd_debugging_mvcc_watcher_total \(watchers.load(ordering: .relaxed))\n"
        text += "# HELP skiff_etcd_watch_events_sent_total Watch events sent to etcd clients.\n"
        text += "# TYPE skiff_etcd_watch_events_sent_total counter\n"
        text += "skiff_etcd_watch_events_sent_total \(eventsSent.load(ordering: .relaxed))\n"
        text += "# HELP skiff_etcd_watch_resumes_total Watches that fell behind and resumed from the store's log.\n"
        text += "# TYPE skiff_etcd_watch_resumes_total counter\n"
        text += "skiff_etcd_watch_resumes_total \(watchResumes.load(ordering: .relaxed))\n"
        return text
    }
}
