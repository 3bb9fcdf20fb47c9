import Prometheus
import Synchronization

/// The API server's Prometheus metrics: requests by verb, resource and code with latency
/// histograms, open watches, and the store's revisions (filled in at scrape time).
final class ServerMetrics: Sendable {
    /// The process-wide instance (one API server per process).
    static let shared = ServerMetrics()

    let registry = PrometheusCollectorRegistry()
    private static var requests: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "apiserver", metricName: "request", unitName: "total",
            helpText: "Requests by verb, resource and HTTP code.")
    }
    private static var durations: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "apiserver", metricName: "request_duration", unitName: "seconds",
            helpText: "Request latency by verb and resource (watches: until the stream opened).")
    }
    private let watches: Gauge
    private let openWatches = Atomic<Int>(0)
    private static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2), .seconds(5),
    ]

    private init() {
        watches = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "apiserver", metricName: "registered_watchers", unitName: "count",
                helpText: "Watches open right now."))
    }

    /// Records one finished request.
    func record(verb: String, resource: String, code: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.requests, labels: [("verb", verb), ("resource", resource), ("code", String(code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.durations, labels: [("verb", verb), ("resource", resource)], buckets: Self.buckets
        ).record(duration)
    }

    func watchOpened() {
        watches.set(Int64(openWatches.add(1, ordering: .relaxed).newValue))
    }

    func watchClosed() {
        watches.set(Int64(openWatches.subtract(1, ordering: .relaxed).newValue))
    }

    /// The exposition text, with the store's figures as of now.
    func exposition(storeRevision: Int64, compactRevision: Int64, cachedObjects: Int) -> [UInt8] {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "skiff", metricName: "store_revision", unitName: "number",
                helpText: "The store's current revision.")
        ).set(storeRevision)
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "skiff", metricName: "store_compact_revision", unitName: "number",
                helpText: "The store's compacted revision.")
        ).set(compactRevision)
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "skiff", metricName: "watch_cache_objects", unitName: "count",
                helpText: "Objects held by the watch caches.")
        ).set(Int64(cachedObjects))
        return registry.emitToBuffer()
    }
}
