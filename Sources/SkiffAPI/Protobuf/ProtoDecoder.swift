import Foundation

/// Decodes protobuf messages into JSON objects by their ``ProtoMessage`` schema.
enum ProtoDecoder {
    /// Decodes the message in `range` of `bytes` into a JSON object.
    static func decodeMessage(
        _ message: ProtoMessage, _ bytes: [UInt8], range: Range<Int>
    ) throws(ProtobufDecodeError) -> [String: JSONValue] {
        var builder = ObjectBuilder()
        try decodeFields(message, bytes, range: range, into: &builder)
        return builder.build()
    }

    /// The members of an object being decoded; repeated fields and maps are gathered apart so that
    /// appending stays cheap, and merged in at the end.
    private struct ObjectBuilder {
        var members: [String: JSONValue] = [:]
        var lists: [String: [JSONValue]] = [:]
        var maps: [String: [String: JSONValue]] = [:]

        func build() -> [String: JSONValue] {
            var object = members
            for (name, list) in lists where !list.isEmpty { object[name] = .array(list) }
            for (name, map) in maps where !map.isEmpty { object[name] = .object(map) }
            return object
        }
    }

    /// Decodes the fields in `range` into `builder` (which inline fields share with their parent).
    private static func decodeFields(
        _ message: ProtoMessage, _ bytes: [UInt8], range: Range<Int>, into builder: inout ObjectBuilder
    ) throws(ProtobufDecodeError) {
        var reader = ProtobufReader(bytes, range: range)
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            guard let field = message.fields[number] else {
                try reader.skip(wireType, field: number)
                continue
            }
            let place = Place(message: message, number: number, field: field)
            switch field.type {
            case .repeated(let element):
                try readElements(element, wireType, &reader, at: place, into: &builder.lists[field.name, default: []])
            case .map(let keyType, let valueType):
                let entry = try place.expect(.lengthDelimited, wireType, &reader)
                let (key, value) = try decodeEntry(keyType, valueType, bytes, range: entry, at: place)
                builder.maps[field.name, default: [:]][key] = value
            case .message(let nested) where field.inline:
                let range = try place.expect(.lengthDelimited, wireType, &reader)
                try decodeFields(nested, bytes, range: range, into: &builder)
            default:
                let value = try readValue(field.type, wireType, &reader, at: place)
                builder.members[field.name] = field.optional ? value.keptValue : value.nonZeroValue
            }
        }
    }

    /// Where a value is, for error messages, and the wire-type check every read starts with.
    private struct Place {
        var message: ProtoMessage
        var number: Int
        var field: ProtoField

        var description: String { "field \(number) (\(field.name.isEmpty ? "inline" : field.name)) of \(message.name)" }

        func mismatch(_ wireType: ProtobufWireType) -> ProtobufDecodeError {
            .malformed("\(description) has unexpected wire type \(wireType.name)")
        }

        /// Reads a length-delimited value's range, after checking the wire type is `expected`.
        func expect(
            _ expected: ProtobufWireType, _ wireType: ProtobufWireType, _ reader: inout ProtobufReader
        ) throws(ProtobufDecodeError) -> Range<Int> {
            guard wireType == expected else { throw mismatch(wireType) }
            return try reader.readLengthDelimited()
        }
    }

    /// A decoded value and whether it is its type's zero value (which non-pointer fields drop).
    private struct Decoded {
        var value: JSONValue?
        var isZero: Bool

        /// The value, whether zero or not (pointer fields, list elements, map values).
        var keptValue: JSONValue? { value }
        /// The value, or nil for a zero value.
        var nonZeroValue: JSONValue? { isZero ? nil : value }
    }

    /// Reads one value of a non-repeated, non-map type.
    private static func readValue(
        _ type: ProtoType, _ wireType: ProtobufWireType, _ reader: inout ProtobufReader, at place: Place
    ) throws(ProtobufDecodeError) -> Decoded {
        let bytes = reader.bytes
        switch type {
        case .bool, .int32, .int64:
            guard wireType == .varint else { throw place.mismatch(wireType) }
            return scalar(type, try reader.readVarint())
        case .double:
            guard wireType == .fixed64 else { throw place.mismatch(wireType) }
            let value = Double(bitPattern: try reader.readFixed64())
            return Decoded(value: .double(value), isZero: value == 0)
        case .string:
            let text = bytes.protoString(in: try place.expect(.lengthDelimited, wireType, &reader))
            return Decoded(value: .string(text), isZero: text.isEmpty)
        case .bytes:
            let range = try place.expect(.lengthDelimited, wireType, &reader)
            return Decoded(value: .string(Data(bytes[range]).base64EncodedString()), isZero: range.isEmpty)
        case .message(let nested):
            let range = try place.expect(.lengthDelimited, wireType, &reader)
            return Decoded(value: .object(try decodeMessage(nested, bytes, range: range)), isZero: false)
        case .time, .microTime:
            let range = try place.expect(.lengthDelimited, wireType, &reader)
            let (seconds, nanos) = try decodeTimestamp(bytes, range: range, at: place)
            guard seconds != 0 || nanos != 0 else { return Decoded(value: nil, isZero: true) }
            return Decoded(value: .string(formatTime(seconds, nanos, micro: type.isMicroTime)), isZero: false)
        case .quantity:
            let range = try place.expect(.lengthDelimited, wireType, &reader)
            let text = try decodeQuantity(bytes, range: range, at: place)
            return Decoded(value: .string(text), isZero: text.isEmpty)
        case .intOrString:
            let range = try place.expect(.lengthDelimited, wireType, &reader)
            return Decoded(value: try decodeIntOrString(bytes, range: range, at: place), isZero: false)
        case .raw:
            let range = try place.expect(.lengthDelimited, wireType, &reader)
            let json = try decodeRaw(bytes, range: range, at: place)
            return Decoded(value: json, isZero: json == nil)
        case .map, .repeated:
            throw .malformed("\(place.description): nested repeated or map types are not supported")
        }
    }

    /// A varint as a value of `type` (`bool`, `int32` or `int64`).
    private static func scalar(_ type: ProtoType, _ raw: UInt64) -> Decoded {
        switch type {
        case .bool: return Decoded(value: .bool(raw != 0), isZero: raw == 0)
        case .int32:
            let value = Int64(Int32(truncatingIfNeeded: raw))
            return Decoded(value: .int(value), isZero: value == 0)
        default:
            let value = Int64(bitPattern: raw)
            return Decoded(value: .int(value), isZero: value == 0)
        }
    }

    /// Reads the elements of a repeated field: one element, or for varint scalars a packed run.
    private static func readElements(
        _ element: ProtoType, _ wireType: ProtobufWireType, _ reader: inout ProtobufReader, at place: Place,
        into list: inout [JSONValue]
    ) throws(ProtobufDecodeError) {
        switch element {
        case .bool, .int32, .int64, .double:
            guard wireType == .lengthDelimited else {
                if let value = try readValue(element, wireType, &reader, at: place).keptValue { list.append(value) }
                return
            }
            var packed = ProtobufReader(reader.bytes, range: try reader.readLengthDelimited())
            while !packed.isAtEnd {
                if case .double = element {
                    list.append(.double(Double(bitPattern: try packed.readFixed64())))
                } else if let value = scalar(element, try packed.readVarint()).keptValue {
                    list.append(value)
                }
            }
        default:
            list.append(try readValue(element, wireType, &reader, at: place).keptValue ?? .null)
        }
    }

    /// Decodes a map entry `{key = 1, value = 2}`; a missing key or value is its type's zero value.
    private static func decodeEntry(
        _ keyType: ProtoType, _ valueType: ProtoType, _ bytes: [UInt8], range: Range<Int>, at place: Place
    ) throws(ProtobufDecodeError) -> (String, JSONValue) {
        var reader = ProtobufReader(bytes, range: range)
        var key: JSONValue?
        var value: JSONValue?
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            switch number {
            case 1: key = try readValue(keyType, wireType, &reader, at: place).keptValue
            case 2: value = try readValue(valueType, wireType, &reader, at: place).keptValue ?? .null
            default: try reader.skip(wireType, field: number)
            }
        }
        let keyText: String
        switch key {
        case .string(let text): keyText = text
        case .int(let number): keyText = String(number)
        case .bool(let flag): keyText = String(flag)
        default: keyText = ""
        }
        return (keyText, value ?? zeroValue(valueType))
    }

    /// The JSON of a type's zero value, for map entries written without a value.
    private static func zeroValue(_ type: ProtoType) -> JSONValue {
        switch type {
        case .string, .bytes: return .string("")
        case .bool: return .bool(false)
        case .int32, .int64: return .int(0)
        case .double: return .double(0)
        case .quantity: return .string("0")
        case .intOrString: return .int(0)
        case .message: return .emptyObject
        case .map: return .emptyObject
        case .repeated: return .array([])
        case .time, .microTime, .raw: return .null
        }
    }

    /// Decodes `Timestamp {seconds = 1, nanos = 2}`.
    private static func decodeTimestamp(
        _ bytes: [UInt8], range: Range<Int>, at place: Place
    ) throws(ProtobufDecodeError) -> (Int64, Int32) {
        var reader = ProtobufReader(bytes, range: range)
        var seconds: Int64 = 0
        var nanos: Int32 = 0
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            switch (number, wireType) {
            case (1, .varint): seconds = Int64(bitPattern: try reader.readVarint())
            case (2, .varint): nanos = Int32(truncatingIfNeeded: try reader.readVarint())
            case (1, _), (2, _): throw place.mismatch(wireType)
            default: try reader.skip(wireType, field: number)
            }
        }
        return (seconds, nanos)
    }

    /// Formats a timestamp in UTC: whole seconds for `Time` (its nanos are dropped, as the Go type does),
    /// six fractional digits for `MicroTime`.
    private static func formatTime(_ seconds: Int64, _ nanos: Int32, micro: Bool) -> String {
        let whole = RFC3339.format(Date(timeIntervalSince1970: Double(seconds)), fractionDigits: 0)
        guard micro else { return whole }
        let micros = String(max(0, min(999_999, Int(nanos) / 1000)))
        return whole.dropLast() + "." + String(repeating: "0", count: 6 - micros.count) + micros + "Z"
    }

    /// Decodes `Quantity {string = 1}` into its text.
    private static func decodeQuantity(
        _ bytes: [UInt8], range: Range<Int>, at place: Place
    ) throws(ProtobufDecodeError) -> String {
        var reader = ProtobufReader(bytes, range: range)
        var text = ""
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            if number == 1 {
                text = bytes.protoString(in: try place.expect(.lengthDelimited, wireType, &reader))
            } else {
                try reader.skip(wireType, field: number)
            }
        }
        return text
    }

    /// Decodes `IntOrString {type = 1, intVal = 2, strVal = 3}`: type 1 is a string, anything else a number.
    private static func decodeIntOrString(
        _ bytes: [UInt8], range: Range<Int>, at place: Place
    ) throws(ProtobufDecodeError) -> JSONValue {
        var reader = ProtobufReader(bytes, range: range)
        var kind: Int64 = 0
        var number: Int32 = 0
        var text = ""
        while !reader.isAtEnd {
            let (field, wireType) = try reader.readTag()
            switch (field, wireType) {
            case (1, .varint): kind = Int64(bitPattern: try reader.readVarint())
            case (2, .varint): number = Int32(truncatingIfNeeded: try reader.readVarint())
            case (3, .lengthDelimited): text = bytes.protoString(in: try reader.readLengthDelimited())
            case (1...3, _): throw place.mismatch(wireType)
            default: try reader.skip(wireType, field: field)
            }
        }
        return kind == 1 ? .string(text) : .int(Int64(number))
    }

    /// Decodes `RawExtension {raw = 1}` (or `FieldsV1 {Raw = 1}`): its bytes parsed as JSON, nil when empty.
    private static func decodeRaw(
        _ bytes: [UInt8], range: Range<Int>, at place: Place
    ) throws(ProtobufDecodeError) -> JSONValue? {
        var reader = ProtobufReader(bytes, range: range)
        var raw: Range<Int>?
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            if number == 1 {
                raw = try place.expect(.lengthDelimited, wireType, &reader)
            } else {
                try reader.skip(wireType, field: number)
            }
        }
        guard let raw, !raw.isEmpty else { return nil }
        do {
            return try JSONParser.parse(bytes[raw])
        } catch {
            throw .malformed("\(place.description) is not JSON: \(error.message)")
        }
    }
}

extension ProtoType {
    /// Whether this is `.microTime`.
    fileprivate var isMicroTime: Bool {
        if case .microTime = self { return true }
        return false
    }
}
