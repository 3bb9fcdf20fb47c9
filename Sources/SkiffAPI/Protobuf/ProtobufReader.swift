/// The wire type in the low three bits of a protobuf field tag.
enum ProtobufWireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5

    /// A short name, for error messages.
    var name: String {
        switch self {
        case .varint: return "varint"
        case .fixed64: return "fixed64"
        case .lengthDelimited: return "length-delimited"
        case .startGroup: return "start-group"
        case .endGroup: return "end-group"
        case .fixed32: return "fixed32"
        }
    }
}

/// Reads protobuf wire-format values from a range of a byte buffer.
///
/// Nested messages are read by making a new reader over the range that ``readLengthDelimited()``
/// returns, so the buffer is never copied. Every read checks its bounds: input that ends early is
/// a `malformed` error, never a crash.
struct ProtobufReader {
    /// The whole buffer; only `position..<end` is read.
    let bytes: [UInt8]
    /// The next byte to read.
    private(set) var position: Int
    /// One past the last byte to read.
    let end: Int

    /// A reader over `range` of `bytes` (by default all of it).
    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let range = range ?? bytes.startIndex..<bytes.endIndex
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { position >= end }

    /// Reads a field tag: the field number and the wire type of the value that follows.
    mutating func readTag() throws(ProtobufDecodeError) -> (number: Int, wireType: ProtobufWireType) {
        let key = try readVarint()
        let number = key >> 3
        guard number > 0, number <= 536_870_911 else {
            throw .malformed("invalid field number \(number) at byte \(position)")
        }
        guard let wireType = ProtobufWireType(rawValue: UInt8(key & 7)) else {
            throw .malformed("invalid wire type \(key & 7) for field \(number)")
        }
        return (Int(number), wireType)
    }

    /// Reads a base-128 varint of at most ten bytes.
    mutating func readVarint() throws(ProtobufDecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw .malformed("truncated varint at byte \(position)") }
            let byte = bytes[position]
            position += 1
            if shift == 63, byte > 1 { throw .malformed("varint overflows 64 bits at byte \(position - 1)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Reads four little-endian bytes.
    mutating func readFixed32() throws(ProtobufDecodeError) -> UInt32 {
        guard end - position >= 4 else { throw .malformed("truncated fixed32 at byte \(position)") }
        var value: UInt32 = 0
        for offset in 0..<4 { value |= UInt32(bytes[position + offset]) << (8 * UInt32(offset)) }
        position += 4
        return value
    }

    /// Reads eight little-endian bytes.
    mutating func readFixed64() throws(ProtobufDecodeError) -> UInt64 {
        guard end - position >= 8 else { throw .malformed("truncated fixed64 at byte \(position)") }
        var value: UInt64 = 0
        for offset in 0..<8 { value |= UInt64(bytes[position + offset]) << (8 * UInt64(offset)) }
        position += 8
        return value
    }

    /// Reads a length prefix and skips that many bytes, returning their range in ``bytes``.
    mutating func readLengthDelimited() throws(ProtobufDecodeError) -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw .malformed("length \(length) at byte \(position) runs past the end of its message")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// Skips one value of `wireType` (a field this decoder does not know).
    mutating func skip(_ wireType: ProtobufWireType, field: Int) throws(ProtobufDecodeError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed32: _ = try readFixed32()
        case .startGroup, .endGroup: throw .malformed("unsupported group wire type in field \(field)")
        }
    }
}
