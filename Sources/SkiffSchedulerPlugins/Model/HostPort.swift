import SkiffAPI
import SkiffPluginKit

/// A host port a container binds, sanitized as `HostPortInfo` does (IP `0.0.0.0`, protocol `TCP` by default).
struct HostPort: Sendable, Hashable {
    let ip: String
    let proto: String
    let port: Int

    static let bindAll = "0.0.0.0"

    init(ip: String, proto: String, port: Int) {
        self.ip = ip.isEmpty ? HostPort.bindAll : ip
        self.proto = proto.isEmpty ? "TCP" : proto
        self.port = port
    }

    /// Whether binding `wanted` conflicts with ports in `used` (`HostPortInfo.CheckConflict`).
    static func conflicts(_ wanted: HostPort, with used: [HostPort]) -> Bool {
        guard wanted.port > 0 else { return false }
        for existing in used where existing.port == wanted.port && existing.proto == wanted.proto {
            if wanted.ip == bindAll || existing.ip == bindAll || existing.ip == wanted.ip { return true }
        }
        return false
    }
}
