import SkiffAPI
import SkiffClient

/// Rewrites every object of a resource through the API (read, then write back unchanged with its
/// resourceVersion), so the server stores each in its current storage version; retries an object
/// whose write lost a race on its fresh state.
struct StorageMigrator: Sendable {
    /// What a migration did.
    struct Report: Sendable {
        /// `deployments.apps`.
        var resource: String
        /// The served version objects were read and written in (the group's preferred one).
        var version: String
        /// Objects listed.
        var objects = 0
        /// Objects the server wrote (their resourceVersion changed).
        var rewritten = 0
        /// Objects deleted meanwhile.
        var gone = 0
        /// Writes retried after a conflict.
        var retries = 0
        /// A custom resource definition's `status.storedVersions` afterwards.
        var storedVersions: [String]?

        /// The report as JSON (for `-o json|yaml`).
        var json: JSONValue {
            var value: JSONValue = [
                "resource": .string(resource), "version": .string(version), "objects": .int(Int64(objects)),
                "rewritten": .int(Int64(rewritten)), "gone": .int(Int64(gone)), "retries": .int(Int64(retries)),
            ]
            if let storedVersions { value["storedVersions"] = .array(storedVersions.map(JSONValue.string)) }
            return value
        }
    }

    let client: Client
    let chunkSize: Int
    /// Called after each object with (done, listed so far).
    let progress: @Sendable (_ done: Int, _ total: Int) -> Void

    /// Migrates `name` (`PLURAL.GROUP`, or `PLURAL` for the core group).
    func migrate(_ name: String) async throws(ClientError) -> Report {
        let (plural, group) = Self.split(name)
        var found: APIResource?
        for version in try await versions(group: group, resource: name) {
            found = try await client.discover(group: group, version: version, resource: plural)
            if found != nil { break }
        }
        guard let resource = found else {
            throw ClientError(code: 404, reason: "NotFound", message: "the server does not serve \(name)")
        }
        let definitionName = "\(plural).\(group)"
        let storageBefore = group.isEmpty ? nil : try await storageVersion(definitionName)
        var report = Report(
            resource: name, version: ResourceType.apiVersion(group: group, version: resource.version))
        var options = ListOptions()
        options.limit = chunkSize
        var done = 0
        while true {
            let page = try await client.list(resource, namespace: nil, options: options)
            report.objects += page.items.count
            for item in page.items {
                try await rewrite(item, resource, &report)
                done += 1
                progress(done, report.objects)
            }
            guard let token = page.continueToken else { break }
            options.continueToken = token
        }
        if let storageBefore {
            report.storedVersions = try await trimStoredVersions(definitionName, expected: storageBefore)
        }
        return report
    }

    private func rewrite(_ item: JSONValue, _ resource: APIResource, _ report: inout Report) async throws(ClientError) {
        var object = item
        for _ in 0..<8 {
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            let namespace = object[path: ["metadata", "namespace"]]?.stringValue
            let before = object[path: ["metadata", "resourceVersion"]]?.stringValue
            do {
                let written = try await client.update(resource, namespace: namespace, name: name, object)
                if written[path: ["metadata", "resourceVersion"]]?.stringValue != before { report.rewritten += 1 }
                return
            } catch {
                if error.isNotFound {
                    report.gone += 1
                    return
                }
                guard error.code == 409 else { throw error }
                report.retries += 1
                do {
                    object = try await client.get(resource, namespace: namespace, name: name)
                } catch {
                    guard error.isNotFound else { throw error }
                    report.gone += 1
                    return
                }
            }
        }
        throw ClientError(
            code: 409, reason: "Conflict",
            message: "\(object[path: ["metadata", "name"]]?.stringValue ?? "") kept changing; run the migration again")
    }

    /// The group's versions, preferred first (`v1` for the core group).
    private func versions(group: String, resource: String) async throws(ClientError) -> [String] {
        guard !group.isEmpty else { return ["v1"] }
        let body: [UInt8]
        do {
            body = try await client.perform(ClientRequest(method: "GET", path: "/apis/\(group)"))
        } catch {
            if error.isNotFound {
                throw ClientError(code: 404, reason: "NotFound", message: "the server does not serve \(resource)")
            }
            throw error
        }
        guard let document = try? JSONParser.parse(body),
            let preferred = document[path: ["preferredVersion", "version"]]?.stringValue
        else {
            throw ClientError(
                code: 0, reason: "BadResponse", message: "the discovery document of \(group) has no preferred version")
        }
        let all = (document["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue }
        return [preferred] + all.filter { $0 != preferred }
    }

    private static let definitions = APIResource(
        group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
        kind: "CustomResourceDefinition", namespaced: false)

    /// The storage version of a custom resource's definition; nil when it is not a custom resource.
    private func storageVersion(_ definitionName: String) async throws(ClientError) -> String? {
        let definition: JSONValue
        do {
            definition = try await client.get(Self.definitions, namespace: nil, name: definitionName)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
        let versions = definition[path: ["spec", "versions"]]?.arrayValue ?? []
        return versions.first(where: { $0["storage"]?.boolValue == true })?["name"]?.stringValue
    }

    /// After a custom resource's objects are all in its storage version, its definition's
    /// `status.storedVersions` lists only that version (nil when it is not a custom resource).
    /// When the storage version changed during the migration, nothing is trimmed (objects may be
    /// in either): run the migration again.
    private func trimStoredVersions(_ definitionName: String, expected: String) async throws(ClientError) -> [String]? {
        let definitions = Self.definitions
        for _ in 0..<8 {
            var definition: JSONValue
            do {
                definition = try await client.get(definitions, namespace: nil, name: definitionName)
            } catch {
                if error.isNotFound { return nil }
                throw error
            }
            let versions = definition[path: ["spec", "versions"]]?.arrayValue ?? []
            guard let storage = versions.first(where: { $0["storage"]?.boolValue == true })?["name"]?.stringValue
            else { return nil }
            guard storage == expected else {
                throw ClientError(
                    code: 409, reason: "Conflict",
                    message: "the storage version of \(definitionName) changed from \(expected) to \(storage) "
                        + "during the migration; run it again")
            }
            if definition[path: ["status", "storedVersions"]] == [.string(storage)] { return [storage] }
            definition[path: ["status", "storedVersions"]] = [.string(storage)]
            do {
                let written = try await client.update(
                    definitions, namespace: nil, name: definitionName, definition, subresource: "status")
                return (written[path: ["status", "storedVersions"]]?.arrayValue ?? []).compactMap(\.stringValue)
            } catch {
                guard error.code == 409 else { throw error }
            }
        }
        throw ClientError(code: 409, reason: "Conflict", message: "\(definitionName) kept changing; run again")
    }

    /// `deployments.apps` → (`deployments`, `apps`); `pods` → (`pods`, core).
    static func split(_ name: String) -> (plural: String, group: String) {
        guard let dot = name.firstIndex(of: ".") else { return (name, "") }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }
}
