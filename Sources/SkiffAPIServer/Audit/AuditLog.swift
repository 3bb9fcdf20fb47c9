import Foundation
import SkiffAPI
import SkiffHistory
import Synchronization

/// The audit log: one JSON line (``AuditRecord``) per write through the API, and per request of an
/// authenticated user refused with 403, from HTTP clients and in-process ones with an identity
/// alike (a 401 has no user to record). Lines
/// are appended with one `write(2)` each (no fsync: the store is the durable record; the log
/// says who). At `maxBytes` the file is renamed to `PATH.1`, replacing the previous one.
public final class AuditLog: Sendable {
    /// The log file.
    public let path: String
    private let maxBytes: Int
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        var size: Int
    }

    /// Opens (or creates, owner-readable only) the log at `path`.
    public init(path: String, maxBytes: Int = 100 << 20) throws {
        self.path = path
        self.maxBytes = maxBytes
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        var info = stat()
        let size = fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
        state = Mutex(State(descriptor: descriptor, size: size))
    }

    deinit {
        state.withLock { _ = close($0.descriptor) }
    }

    /// Records `record`.
    public func append(_ record: AuditRecord) {
        var line = record.json.serialized()
        line.append(UInt8(ascii: "\n"))
        state.withLock { state in
            if state.size + line.count > maxBytes, state.size > 0 { rotate(&state) }
            let written = line.withUnsafeBytes { write(state.descriptor, $0.baseAddress, $0.count) }
            if written > 0 { state.size += written }
        }
    }

    private func rotate(_ state: inout State) {
        guard rename(path, path + ".1") == 0 else { return }
        let fresh = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fresh >= 0 else { return }
        _ = close(state.descriptor)
        state = State(descriptor: fresh, size: 0)
    }

    /// Records what `user` asked and got, when it is a write or a refusal; `response` is the
    /// answer (its `metadata.resourceVersion` is the revision written).
    func note(
        _ user: UserInfo, attributes: AuthorizationAttributes, key: String, code: Int, response: [UInt8]?
    ) {
        let refused = code == 401 || code == 403
        guard refused || (attributes.isResourceRequest && AuthorizationAttributes.writeVerbs.contains(attributes.verb))
        else { return }
        var name = attributes.name
        var revision: Int64?
        var objectKey = key
        if (200..<300).contains(code), let response, let body = try? JSONParser.parse(response) {
            if let version = body["metadata"]?["resourceVersion"]?.stringValue { revision = Int64(version) }
            if name.isEmpty, attributes.verb == "create", let created = body["metadata"]?["name"]?.stringValue {
                name = created
                objectKey += created
            }
        }
        append(
            AuditRecord(
                time: Date(), user: user.name, groups: user.groups, verb: attributes.verb,
                apiGroup: attributes.apiGroup, resource: attributes.resource, subresource: attributes.subresource,
                namespace: attributes.namespace, name: name, key: objectKey, code: code, revision: revision))
    }
}
