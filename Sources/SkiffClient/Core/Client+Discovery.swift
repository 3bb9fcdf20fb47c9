import SkiffAPI

extension Client {
    /// Finds a resource by group, version and plural through discovery
    /// (`/api/v1`, `/apis/GROUP/VERSION`): how custom resources are resolved. Nil when the
    /// server does not serve it.
    public func discover(group: String, version: String, resource: String) async throws(ClientError) -> APIResource? {
        let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        let body: [UInt8]
        do {
            body = try await perform(ClientRequest(method: "GET", path: path))
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
        guard let list = try? JSONParser.parse(body), let resources = list["resources"]?.arrayValue else { return nil }
        for entry in resources where entry["name"]?.stringValue == resource {
            return APIResource(
                group: group, version: version, resource: resource, kind: entry["kind"]?.stringValue ?? "",
                namespaced: entry["namespaced"]?.boolValue ?? true)
        }
        return nil
    }

    /// Every resource the server serves (custom resources included), each in its group's preferred
    /// version, from `/api/v1`, `/apis` and each group's preferred `/apis/GROUP/VERSION`;
    /// subresources are left out. What kube's namespace controller enumerates.
    public func servedResources() async throws(ClientError) -> [ServedResource] {
        var found: [ServedResource] = []
        var sources: [(group: String, version: String)] = [("", "v1")]
        let groups = try parse(try await perform(ClientRequest(method: "GET", path: "/apis")))
        for group in groups["groups"]?.arrayValue ?? [] {
            guard let name = group["name"]?.stringValue,
                let version = group[path: ["preferredVersion", "version"]]?.stringValue
            else { continue }
            sources.append((name, version))
        }
        for (group, version) in sources {
            let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            let list: JSONValue
            do {
                list = try parse(try await perform(ClientRequest(method: "GET", path: path)))
            } catch {
                // A group that went away between the two reads (a custom resource definition deleted).
                if error.isNotFound { continue }
                throw error
            }
            for entry in list["resources"]?.arrayValue ?? [] {
                guard let name = entry["name"]?.stringValue, !name.contains("/") else { continue }
                found.append(
                    ServedResource(
                        resource: APIResource(
                            group: group, version: version, resource: name, kind: entry["kind"]?.stringValue ?? "",
                            namespaced: entry["namespaced"]?.boolValue ?? false),
                        verbs: (entry["verbs"]?.arrayValue ?? []).compactMap(\.stringValue)))
            }
        }
        return found
    }
}
