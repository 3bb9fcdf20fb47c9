import Foundation
import SkiffAPI
import SkiffClient
import SkiffPluginABI

#if canImport(Glibc)
    import Glibc
#endif

/// The C functions of the host table. Each finds its ``PluginContext`` from the `context`
/// argument and returns bytes in buffers the host allocates with `malloc` (freed by `free_buffer`).
enum HostTable {
    static func make(context: UnsafeMutableRawPointer) -> skiff_host {
        var table = skiff_host()
        table.struct_size = UInt32(MemoryLayout<skiff_host>.size)
        table.abi_major = PluginABI.major
        table.abi_minor = PluginABI.minor
        table.context = context
        table.log = { context, level, message, length in
            guard let context, let message else { return }
            let text = String(decoding: UnsafeRawBufferPointer(start: message, count: length), as: UTF8.self)
            HostTable.context(context).log(level: level, message: text)
        }
        table.now_ns = { _ in
            var spec = timespec()
            clock_gettime(CLOCK_REALTIME, &spec)
            return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
        }
        table.free_buffer = { _, data in free(data) }
        table.resource = { context, group, version, resource in
            guard let context, let version, let resource else { return -1 }
            return HostTable.context(context).resourceHandle(
                group: group.map { String(cString: $0) } ?? "", version: String(cString: version),
                resource: String(cString: resource))
        }
        table.cache_get = { context, handle, namespace, name, out in
            guard let context, let name else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            return HostTable.answer(
                HostTable.context(context).cacheGet(handle, namespace: string(namespace), name: String(cString: name)),
                out)
        }
        table.cache_list = { context, handle, namespace, selector, out in
            guard let context else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            return HostTable.answer(
                HostTable.context(context).cacheList(
                    handle, namespace: string(namespace), labelSelector: string(selector)), out)
        }
        table.cache_list_by_index = { context, handle, index, value, out in
            guard let context, let index else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            return HostTable.answer(
                HostTable.context(context).cacheListByIndex(
                    handle, index: String(cString: index), value: string(value)),
                out)
        }
        table.get = { context, handle, namespace, name, out in
            guard let context, let namePointer = name else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            let (namespace, name) = (string(namespace), String(cString: namePointer))
            return HostTable.answer(
                HostTable.context(context).call(handle) { client, resource async throws(ClientError) in
                    try await client.getBytes(resource, namespace: namespace, name: name)
                }, out)
        }
        table.create = { context, handle, namespace, object, out in
            guard let context else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            let (namespace, body) = (string(namespace), bytes(object))
            return HostTable.answer(
                HostTable.context(context).call(handle) { client, resource async throws(ClientError) in
                    try await client.createBytes(resource, namespace: namespace, body: body)
                }, out)
        }
        table.update = { context, handle, namespace, name, object, flags, out in
            guard let context, let namePointer = name else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            let (namespace, name, body) = (string(namespace), String(cString: namePointer), bytes(object))
            let subresource =
                flags & PluginABI.writeStatus != 0 ? "status" : flags & PluginABI.writeFinalize != 0 ? "finalize" : nil
            return HostTable.answer(
                HostTable.context(context).call(handle) { client, resource async throws(ClientError) in
                    try await client.updateBytes(
                        resource, namespace: namespace, name: name, body: body, subresource: subresource)
                }, out)
        }
        table.patch = { context, handle, namespace, name, type, patch, flags, out in
            guard let context, let namePointer = name else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            let patchType: PatchType
            switch Int(type) {
            case Int(SKIFF_PATCH_JSON): patchType = .json
            case Int(SKIFF_PATCH_MERGE): patchType = .merge
            case Int(SKIFF_PATCH_STRATEGIC): patchType = .strategic
            default: return skiff_status(SKIFF_ERR_UNSUPPORTED)
            }
            let (namespace, name, body) = (string(namespace), String(cString: namePointer), bytes(patch))
            let subresource = flags & PluginABI.writeStatus != 0 ? "status" : nil
            return HostTable.answer(
                HostTable.context(context).call(handle) { client, resource async throws(ClientError) in
                    try await client.patchBytes(
                        resource, namespace: namespace, name: name, type: patchType, body: body,
                        subresource: subresource)
                }, out)
        }
        table.delete_ = { context, handle, namespace, name, options, out in
            guard let context, let namePointer = name else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            let (namespace, name, body) = (string(namespace), String(cString: namePointer), bytes(options))
            return HostTable.answer(
                HostTable.context(context).call(handle) { client, resource async throws(ClientError) in
                    try await client.deleteBytes(resource, namespace: namespace, name: name, options: body)
                }, out)
        }
        table.enqueue = { context, key, length, delay in
            guard let context, let key else { return }
            let text = String(decoding: UnsafeRawBufferPointer(start: key, count: length), as: UTF8.self)
            HostTable.context(context).enqueue(text, delayNanoseconds: delay)
        }
        table.emit_event = { context, object, type, reason, message in
            guard let context else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            return HostTable.context(context).emitEvent(
                object: bytes(object), type: string(type).isEmpty ? "Normal" : string(type), reason: string(reason),
                message: string(message)
            ).0
        }
        table.list = { context, handle, namespace, selector, out in
            guard let context else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            let namespace = string(namespace)
            var options = ListOptions()
            let selector = string(selector)
            if !selector.isEmpty { options.labelSelector = selector }
            return HostTable.answer(
                HostTable.context(context).call(handle) { [options] client, resource async throws(ClientError) in
                    let list = try await client.listAll(
                        resource, namespace: namespace.isEmpty ? nil : namespace, options: options)
                    return JSONValue.array(list.items).serialized()
                }, out)
        }
        table.bind_pod = { context, namespace, name, uid, node, out in
            guard let context, let name, let node else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            return HostTable.answer(
                HostTable.context(context).bindPod(
                    namespace: string(namespace), name: String(cString: name), uid: string(uid),
                    node: String(cString: node)), out)
        }
        table.container_event = { context, record in
            guard let context else { return }
            HostTable.context(context).containerEvent(bytes(record))
        }
        table.served_resources = { context, out in
            guard let context else { return skiff_status(SKIFF_ERR_BAD_REQUEST) }
            return HostTable.answer(HostTable.context(context).servedResources(), out)
        }
        return table
    }

    static func context(_ pointer: UnsafeMutableRawPointer) -> PluginContext {
        Unmanaged<PluginContext>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Copies the answer into `out` (when given) and returns the status.
    static func answer(_ result: (skiff_status, [UInt8]), _ out: UnsafeMutablePointer<skiff_buffer>?) -> skiff_status {
        if let out { out.pointee = buffer(result.1) }
        return result.0
    }

    /// A malloc'ed copy (`data` NULL when empty).
    static func buffer(_ bytes: [UInt8]) -> skiff_buffer {
        guard !bytes.isEmpty, let memory = malloc(bytes.count) else { return skiff_buffer(data: nil, len: 0) }
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return skiff_buffer(data: memory.assumingMemoryBound(to: CChar.self), len: bytes.count)
    }
}

/// A C string argument; "" for NULL.
private func string(_ pointer: UnsafePointer<CChar>?) -> String {
    pointer.map { String(cString: $0) } ?? ""
}

/// Borrowed bytes, copied.
private func bytes(_ value: skiff_bytes) -> [UInt8] {
    guard let data = value.data, value.len > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: data, count: value.len))
}
