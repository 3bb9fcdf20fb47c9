import GRPCCore
import SkiffEtcdAPI
import SkiffStore

/// A Range answer on its way to the wire: the store's key-values as they are, encoded straight
/// into the transport's buffer by ``RangeResponseEncoder``. A range of 10,000 keys then costs one
/// copy of each key and value, instead of an `EtcdKeyValue` with two `Data` allocations per key
/// and SwiftProtobuf's generic walk over them.
struct EncodedRangeResponse: Sendable {
    var header: EtcdResponseHeader
    var kvs: [KeyValue]
    var keysOnly: Bool
    var more: Bool
    var count: Int64

    /// The same response as SwiftProtobuf's message (for transactions and tests).
    var message: EtcdRangeResponse {
        var response = EtcdRangeResponse()
        response.header = header
        response.kvs = kvs.map { EtcdKeyValue($0, keysOnly: keysOnly) }
        response.more = more
        response.count = count
        return response
    }
}

/// Encodes an ``EncodedRangeResponse`` as etcd's `RangeResponse` in protobuf's wire format
/// (proto3: fields at their default value are left out), byte for byte what SwiftProtobuf writes.
struct RangeResponseEncoder: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: EncodedRangeResponse) throws -> Bytes {
        let kvSizes = message.kvs.map { Self.keyValueSize($0, keysOnly: message.keysOnly) }
        let size = Self.size(of: message, kvSizes: kvSizes)
        var bytes = Bytes(repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { buffer in
            var writer = ProtobufWriter(buffer: buffer)
            Self.write(message, kvSizes: kvSizes, to: &writer)
            precondition(writer.offset == size, "RangeResponse encoded to \(writer.offset) bytes, sized \(size)")
        }
        return bytes
    }

    // Field tags: (field number << 3) | wire type (0 varint, 2 length-delimited).
    private static let headerTag: UInt64 = 1 << 3 | 2
    private static let kvsTag: UInt64 = 2 << 3 | 2
    private static let moreTag: UInt64 = 3 << 3 | 0

    /// The encoded size, given each key-value's (without its tag and length).
    static func size(of message: EncodedRangeResponse, kvSizes: [Int]) -> Int {
        let header = headerSize(message.header)
        var size = 1 + varintSize(UInt64(header)) + header
        for kvSize in kvSizes { size += 1 + varintSize(UInt64(kvSize)) + kvSize }
        if message.more { size += 2 }
        if message.count != 0 { size += 1 + varintSize(UInt64(bitPattern: message.count)) }
        return size
    }

    private static func write(_ message: EncodedRangeResponse, kvSizes: [Int], to writer: inout ProtobufWriter) {
        writer.varint(headerTag)
        writer.varint(UInt64(headerSize(message.header)))
        writer.field(1, message.header.clusterID)
        writer.field(2, message.header.memberID)
        writer.field(3, UInt64(bitPattern: message.header.revision))
        writer.field(4, message.header.raftTerm)
        for (kv, kvSize) in zip(message.kvs, kvSizes) {
            writer.varint(kvsTag)
            writer.varint(UInt64(kvSize))
            writer.field(1, kv.key)
            writer.field(2, UInt64(bitPattern: kv.createRevision.rawValue))
            writer.field(3, UInt64(bitPattern: kv.modRevision.rawValue))
            writer.field(4, UInt64(bitPattern: kv.version))
            if !message.keysOnly { writer.field(5, kv.value) }
            writer.field(6, UInt64(bitPattern: kv.lease.rawValue))
        }
        if message.more {
            writer.varint(moreTag)
            writer.varint(1)
        }
        writer.field(4, UInt64(bitPattern: message.count))
    }

    private static func headerSize(_ header: EtcdResponseHeader) -> Int {
        varintFieldSize(header.clusterID) + varintFieldSize(header.memberID)
            + varintFieldSize(UInt64(bitPattern: header.revision)) + varintFieldSize(header.raftTerm)
    }

    private static func keyValueSize(_ kv: KeyValue, keysOnly: Bool) -> Int {
        bytesFieldSize(kv.key.count) + varintFieldSize(UInt64(bitPattern: kv.createRevision.rawValue))
            + varintFieldSize(UInt64(bitPattern: kv.modRevision.rawValue))
            + varintFieldSize(UInt64(bitPattern: kv.version)) + (keysOnly ? 0 : bytesFieldSize(kv.value.count))
            + varintFieldSize(UInt64(bitPattern: kv.lease.rawValue))
    }

    /// A varint field's size with its one-byte tag; 0 for the default value, which is left out.
    private static func varintFieldSize(_ value: UInt64) -> Int { value == 0 ? 0 : 1 + varintSize(value) }

    /// A bytes field's size with its one-byte tag; 0 when empty.
    private static func bytesFieldSize(_ count: Int) -> Int { count == 0 ? 0 : 1 + varintSize(UInt64(count)) + count }

    static func varintSize(_ value: UInt64) -> Int {
        // 7 bits per byte; at least one byte.
        max(1, (64 - value.leadingZeroBitCount + 6) / 7)
    }
}

/// Writes protobuf's wire format into a buffer sized beforehand.
struct ProtobufWriter {
    let buffer: UnsafeMutableRawBufferPointer
    private(set) var offset = 0

    init(buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            buffer[offset] = UInt8(truncatingIfNeeded: value) | 0x80
            offset += 1
            value >>= 7
        }
        buffer[offset] = UInt8(value)
        offset += 1
    }

    /// A varint field (wire type 0), left out when 0.
    mutating func field(_ number: UInt64, _ value: UInt64) {
        guard value != 0 else { return }
        varint(number << 3)
        varint(value)
    }

    /// A bytes field (wire type 2), left out when empty.
    mutating func field(_ number: UInt64, _ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        varint(number << 3 | 2)
        varint(UInt64(bytes.count))
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + source.count]).copyMemory(from: source)
        }
        offset += bytes.count
    }
}
