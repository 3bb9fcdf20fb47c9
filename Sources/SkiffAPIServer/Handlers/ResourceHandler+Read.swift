import Foundation
import SkiffAPI
import SkiffStore

/// GET of one object and LIST, from the watch cache (the store for exact older revisions and
/// continued pages).
extension ResourceHandler {
    func get(
        _ resource: ResourceType, namespace: String?, name: String, _ request: APIRequest
    ) async throws(APIError) -> APIResponse {
        try await waitForRead(try resourceVersion(request))
        let (found, _) = try cache(resource).get(resource.key(namespace: namespace, name: name))
        guard let object = found else { throw APIError.notFound(resource, name: name) }
        if request.wantsTable {
            return .object(TableBuilder.table(resource, objects: [object], request: request, listMeta: nil))
        }
        return .json(code: 200, body: present(resource, object, request), headers: [])
    }

    func list(_ resource: ResourceType, namespace: String?, _ request: APIRequest) async throws(APIError) -> APIResponse
    {
        let filter = try filter(resource, namespace: namespace, request: request)
        let limit = Int(max(0, try request.integer("limit") ?? 0))
        let requested = try resourceVersion(request)
        let match = request.query["resourceVersionMatch"] ?? ""
        guard ["", "NotOlderThan", "Exact"].contains(match) else {
            throw APIError.badRequest("resourceVersionMatch must be NotOlderThan or Exact, not \"\(match)\"")
        }
        if !match.isEmpty, requested == nil {
            throw APIError.badRequest("resourceVersionMatch is forbidden unless resourceVersion is provided")
        }
        if match == "Exact", requested == 0 {
            throw APIError.badRequest("resourceVersionMatch \"Exact\" is forbidden for resourceVersion \"0\"")
        }
        var page: ListPage
        if let token = request.query["continue"], !token.isEmpty {
            if requested != nil {
                throw APIError.badRequest("specifying resource version is not allowed when using continue")
            }
            let position = try ContinueToken.decode(token, keyPrefix: resource.keyPrefix(namespace: namespace))
            page = try await listFromStore(
                resource, filter: filter, revision: position.revision, start: position.key, limit: limit)
        } else if let requested, requested > 0, match == "Exact" || (match.isEmpty && limit > 0) {
            page = try await listFromStore(
                resource, filter: filter, revision: requested, start: resource.keyPrefix(namespace: namespace),
                limit: limit)
        } else {
            try await waitForRead(requested)
            let (objects, revision) = try cache(resource).list(filter)
            page = ListPage(objects: objects, revision: revision)
            if limit > 0, objects.count > limit {
                page.objects = Array(objects[..<limit])
                page.continueToken = ContinueToken.encode(revision: revision, key: objects[limit].key)
                page.remaining = Int64(objects.count - limit)
            }
        }
        if request.wantsTable {
            return .object(
                TableBuilder.table(resource, objects: page.objects, request: request, listMeta: page.listMeta))
        }
        let version = servedVersion(resource, request)
        let apiVersion = ResourceType.apiVersion(group: resource.group, version: version)
        if page.objects.contains(where: { $0.apiVersion != apiVersion }) {
            page.objects = page.objects.map { object in
                var converted = object
                converted.wire = present(resource, object, request)
                converted.apiVersion = apiVersion
                return converted
            }
        }
        return .json(code: 200, body: page.listBody(resource, version: version), headers: [])
    }

    /// Reads a page at an exact revision from the store, filtering as it goes.
    private func listFromStore(
        _ resource: ResourceType, filter: WatchFilter, revision: Int64, start: String, limit: Int
    ) async throws(APIError) -> ListPage {
        let compacted = store.compactRevision.rawValue
        if revision <= compacted, revision > 0 {
            throw APIError.expired(
                "The provided continue parameter or resourceVersion is too old to display a consistent list result. "
                    + "You can start a new list without the continue parameter. (requested \(revision), compacted \(compacted))"
            )
        }
        if revision > store.currentRevision.rawValue {
            // Another server sharing the datastore may have handed out a newer revision.
            let latest: Revision
            do {
                latest = try await store.latestRevision()
            } catch {
                throw APIError.from(error)
            }
            if revision > latest.rawValue { throw APIError.tooLargeResourceVersion(revision, current: latest.rawValue) }
        }
        let prefix = resource.keyPrefix(namespace: filter.namespace)
        var cursor = Array(start.utf8)
        let end = KeyRange.prefixEnd(Array(prefix.utf8))
        var page = ListPage(objects: [], revision: revision)
        while true {
            let batch = limit > 0 ? max(limit - page.objects.count + 1, 100) : 1_000
            let response: RangeResponse
            do {
                response = try await store.range(
                    RangeRequest(KeyRange(start: cursor, end: end), revision: Revision(revision), limit: batch))
            } catch {
                throw APIError.from(error)
            }
            for kv in response.kvs {
                let key = String(decoding: kv.key, as: UTF8.self)
                guard
                    let object = try? CachedObject(
                        key: key, value: kv.value, revision: kv.modRevision.rawValue, resource: resource),
                    filter.matches(object)
                else { continue }
                if limit > 0, page.objects.count == limit {
                    page.continueToken = ContinueToken.encode(revision: revision, key: key)
                    return page
                }
                page.objects.append(object)
            }
            guard response.more, let last = response.kvs.last else { return page }
            cursor = last.key + [0]
        }
    }
}

/// One page of a list.
struct ListPage: Sendable {
    var objects: [CachedObject]
    var revision: Int64
    var continueToken: String?
    var remaining: Int64?

    var listMeta: JSONValue {
        var meta: JSONValue = ["resourceVersion": .string(String(revision))]
        if let continueToken { meta["continue"] = .string(continueToken) }
        if let remaining { meta["remainingItemCount"] = .int(remaining) }
        return meta
    }

    /// `{"apiVersion":..,"items":[..],"kind":"PodList","metadata":{..}}`, items spliced in as bytes.
    func listBody(_ resource: ResourceType, version: String? = nil) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(objects.reduce(128) { $0 + $1.wire.count + 1 })
        body.append(contentsOf: "{\"apiVersion\":".utf8)
        JSONValue.string(ResourceType.apiVersion(group: resource.group, version: version ?? resource.storageVersion))
            .write(into: &body)
        body.append(contentsOf: ",\"items\":[".utf8)
        for (index, object) in objects.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: object.wire)
        }
        body.append(contentsOf: "],\"kind\":".utf8)
        JSONValue.string(resource.listKind).write(into: &body)
        body.append(contentsOf: ",\"metadata\":".utf8)
        listMeta.write(into: &body)
        body.append(UInt8(ascii: "}"))
        return body
    }
}

/// The `continue` token: the list's revision and the key to start at, base64 JSON as
/// kube-apiserver makes it.
enum ContinueToken {
    static func encode(revision: Int64, key: String) -> String {
        let value: JSONValue = ["v": "meta.k8s.io/v1", "rv": .int(revision), "start": .string(key)]
        return Data(value.serialized()).base64EncodedString()
    }

    static func decode(_ token: String, keyPrefix: String) throws(APIError) -> (revision: Int64, key: String) {
        guard let data = Data(base64Encoded: token), let value = try? JSONParser.parse(Array(data)),
            value["v"]?.stringValue == "meta.k8s.io/v1", let revision = value["rv"]?.intValue,
            let key = value["start"]?.stringValue, key.hasPrefix(keyPrefix)
        else {
            throw APIError.badRequest("continue key is not valid: the token is malformed or for another list")
        }
        return (revision, key)
    }
}
