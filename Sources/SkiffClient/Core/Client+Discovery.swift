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
}
