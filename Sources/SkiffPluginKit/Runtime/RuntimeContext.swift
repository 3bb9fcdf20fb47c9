import Foundation
import SkiffAPI
import SkiffPluginABI

/// A runtime's view of its host: container events, logs and the clock.
public final class RuntimeContext: Sendable {
    private let host: HostPointer

    init(host: UnsafePointer<skiff_host>) {
        self.host = HostPointer(pointer: host)
    }

    /// Tells the agent a container changed state (started, exited, found gone). Never blocks.
    public func report(_ record: ContainerRecord) {
        let table = host.pointer
        guard hostHasContainerEvent(table) else { return }
        let bytes = RuntimeWire.encode(record)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                table.pointee.container_event(
                    table.pointee.context, skiff_bytes(data: chars.baseAddress, len: chars.count))
            }
        }
    }

    /// Writes a log line under the plugin's name.
    public func log(_ level: ControllerContext.LogLevel, _ message: String) {
        ControllerContext.log(host.pointer, level, message)
    }

    /// The host's wall clock in nanoseconds since the Unix epoch.
    public var nowNanoseconds: Int64 {
        host.pointer.pointee.now_ns(host.pointer.pointee.context)
    }
}

/// Whether the host table has `container_event` (ABI 1.4).
func hostHasContainerEvent(_ table: UnsafePointer<skiff_host>) -> Bool {
    Int(table.pointee.struct_size)
        >= MemoryLayout<skiff_host>.offset(of: \skiff_host.container_event)! + MemoryLayout<UnsafeRawPointer>.size
}

/// JSON for what crosses the runtime table: sorted keys, so the bytes are stable. The host encodes
/// its requests with it too.
public enum RuntimeWire {
    /// The value's JSON bytes.
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(value))) ?? Array("null".utf8)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: skiff_bytes) throws -> T {
        let data = bytes.data.map { Data(bytes: $0, count: bytes.len) } ?? Data()
        return try JSONDecoder().decode(type, from: data)
    }
}
