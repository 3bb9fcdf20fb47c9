import Hummingbird
import NIOCore
import SkiffAPI
import SkiffStore

/// WATCH: a chunked stream of `{"type":..,"object":..}` lines, from the watch cache.
extension ResourceHandler {
    func watch(
        _ resource: ResourceType, namespace: String?, name: String?, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        var filter = try filter(resource, namespace: namespace, request: request)
        if let name {
            // The legacy /watch/.../name path watches one object.
            let byName = FieldQuery(requirements: [.init(field: "metadata.name", operator: .equals, value: name)])
            if filter.fields == nil {
                filter.fields = byName
            } else {
                throw APIError.badRequest("a named watch cannot also have a field selector")
            }
        }
        let requested = try resourceVersion(request)
        let bookmarks = request.flag("allowWatchBookmarks")
        let sendInitialEvents: Bool? = request.query["sendInitialEvents"].map { $0 == "true" || $0 == "1" }
        let match = request.query["resourceVersionMatch"] ?? ""
        if sendInitialEvents != nil {
            var problems: [FieldError] = []
            if !bookmarks {
                problems.append(
                    .forbidden("allowWatchBookmarks", "sendInitialEvents requires setting allowWatchBookmarks to true"))
            }
            if match != "NotOlderThan" {
                problems.append(
                    .forbidden(
                        "resourceVersionMatch",
                        "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"))
            }
            if !problems.isEmpty {
                throw APIError(
                    code: 422, reason: "Invalid",
                    message: "ListOptions.meta.k8s.io \"\" is invalid: "
                        + problems.map(\.description).joined(separator: ", "),
                    details: StatusDetails(
                        group: "meta.k8s.io", kind: "ListOptions", causes: problems.map(\.statusCause)))
            }
        } else if !match.isEmpty {
            throw APIError.badRequest(
                "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")
        }
        let timeout: Duration
        if let seconds = try request.integer("timeoutSeconds"), seconds > 0 {
            timeout = .seconds(seconds)
        } else {
            timeout = options.defaultWatchTimeout
        }
        // Where the stream starts.
        let from: Int64?
        let initialEventsEnd: Bool
        if sendInitialEvents == true {
            try await waitForRead(requested)
            from = nil
            initialEventsEnd = true
        } else if sendInitialEvents == false {
            try await waitForRead(requested)
            from = requested ?? caches.seenRevision
            initialEventsEnd = false
        } else if let requested, requested > 0 {
            from = requested
            initialEventsEnd = false
        } else {
            if requested == nil { try await caches.waitUntilCurrent() }
            from = nil
            initialEventsEnd = false
        }
        let cache = try cache(resource)
        let table = request.wantsTable ? request : nil
        if let from {
            let compacted = store.compactRevision.rawValue
            if from < compacted {
                return expiredStream("too old resource version: \(from) (\(compacted + 1))")
            }
            if from > caches.seenRevision, !(await caches.waitUntilSeen(from)) {
                throw APIError.tooLargeResourceVersion(from, current: store.currentRevision.rawValue)
            }
        }
        let opened: (id: Int, channel: WatchChannel)
        do {
            opened = try cache.watch(
                from: from, filter: filter, initialEventsEnd: initialEventsEnd, bufferLimit: options.watchBufferLimit)
        } catch {
            return expiredStream(error.status.message ?? "too old resource version")
        }
        let bookmarkInterval = options.bookmarkInterval
        let apiVersion = ResourceType.apiVersion(group: resource.group, version: servedVersion(resource, request))
        let kind = resource.kind
        let metrics = ServerMetrics.shared
        return .stream(contentType: "application/json") { writer in
            metrics.watchOpened()
            defer { metrics.watchClosed() }
            let ticker = Task {
                let clock = ContinuousClock()
                let deadline = clock.now.advanced(by: timeout)
                while !Task.isCancelled {
                    let next = min(deadline, clock.now.advanced(by: bookmarkInterval))
                    try? await Task.sleep(until: next, clock: clock)
                    if Task.isCancelled { return }
                    if bookmarks { cache.bookmark(opened.id) }
                    if clock.now >= deadline {
                        cache.cancel(opened.id)
                        return
                    }
                }
            }
            defer {
                ticker.cancel()
                cache.cancel(opened.id)
            }
            // Everything pending goes out in one write: a watcher that fell behind catches up in
            // large writes rather than one system call per event.
            while let batch = await opened.channel.next() {
                var buffer = ByteBuffer()
                for item in batch {
                    switch item {
                    case .event(let type, let object):
                        buffer.writeString("{\"object\":")
                        if let table {
                            buffer.writeBytes(
                                TableBuilder.table(resource, objects: [object], request: table, listMeta: nil)
                                    .serialized())
                        } else {
                            buffer.writeBytes(self.present(resource, object, request))
                        }
                        buffer.writeString(",\"type\":\"\(type.rawValue)\"}\n")
                    case .bookmark(let revision, let initialEventsEnd):
                        guard bookmarks else { continue }
                        var metadata: JSONValue = ["resourceVersion": .string(String(revision))]
                        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
                        let object: JSONValue = [
                            "apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": metadata,
                        ]
                        let event: JSONValue = ["type": "BOOKMARK", "object": object]
                        buffer.writeBytes(event.serialized() + [0x0A])
                    case .error(let status):
                        let event: JSONValue = ["type": "ERROR", "object": KindStrategy.encodeTyped(status)]
                        buffer.writeBytes(event.serialized() + [0x0A])
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
            try await writer.finish(nil)
        }
    }

    /// A 200 stream carrying one ERROR event with a 410 Status, as kube-apiserver answers a watch
    /// from a compacted revision (kopf only understands this form).
    private func expiredStream(_ message: String) -> APIResponse {
        let status = APIError.expired(message).status
        let event: JSONValue = ["type": "ERROR", "object": KindStrategy.encodeTyped(status)]
        let line = event.serialized() + [0x0A]
        return .stream(contentType: "application/json") { writer in
            try await writer.write(ByteBuffer(bytes: line))
            try await writer.finish(nil)
        }
    }
}
