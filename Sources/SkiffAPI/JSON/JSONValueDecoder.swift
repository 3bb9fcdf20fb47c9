import Foundation

/// Decodes `Decodable` values straight from a ``JSONValue`` tree, with no JSON text in between.
///
/// It gives what Foundation's `JSONDecoder` with its default strategies gives for the same JSON:
/// integers only from numbers that fit exactly (`3.0` and `1e2` count), floating-point numbers
/// from any number, `Bool` only from `true`/`false`, `String` only from strings, `Data` from base64,
/// `decodeIfPresent` returning `nil` for a missing or `null` member. Errors are `DecodingError`s
/// with the coding path of the value that failed (array positions as keys with an `intValue`).
/// Unlike Foundation, a number that does not fit its type is reported at its own path.
///
/// A ``JSONValue`` decodes as itself, without being taken apart.
public struct JSONValueDecoder: Sendable {
    /// The `userInfo` the decoded types see.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// A decoder with no `userInfo`.
    public init() {}

    /// Decodes a `T` from `value`; throws a `DecodingError` where the JSON does not fit `T`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        let root = JSONValueDecoderNode(value: value, parent: nil, step: .root, userInfo: userInfo)
        return try root.unwrap(value, as: T.self, at: nil)
    }
}

/// One step of a coding path. Paths are kept as a chain of nodes and turned into `[CodingKey]` only
/// when something asks for them (an error, or a type reading `codingPath`).
enum JSONCodingStep {
    case root
    case key(any CodingKey)
    case index(Int)

    /// The step as a coding key; `nil` for the root.
    var codingKey: (any CodingKey)? {
        switch self {
        case .root: return nil
        case .key(let key): return key
        case .index(let index): return JSONIndexKey(index)
        }
    }
}

/// An array position as a coding key, named as Foundation names it (`Index 3`).
struct JSONIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String

    init(_ index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }

    init?(intValue: Int) { self.init(intValue) }

    init?(stringValue: String) { nil }
}

/// A member name as a coding key (`super`, for ``JSONValueDecoderNode`` super decoders).
struct JSONStringKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { stringValue = string }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) { nil }
}

extension JSONValue {
    /// What a decoding error says was found: `a string`, `a number`, `an array`, ...
    var foundDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "a dictionary"
        }
    }
}

/// The decoder of one value of the tree: also its single-value container.
final class JSONValueDecoderNode: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let parent: JSONValueDecoderNode?
    let step: JSONCodingStep
    let userInfoStorage: [CodingUserInfoKey: any Sendable]

    init(
        value: JSONValue, parent: JSONValueDecoderNode?, step: JSONCodingStep,
        userInfo: [CodingUserInfoKey: any Sendable]
    ) {
        self.value = value
        self.parent = parent
        self.step = step
        self.userInfoStorage = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] { userInfoStorage }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: JSONValueDecoderNode? = self
        while let current = node {
            if let key = current.step.codingKey { keys.append(key) }
            node = current.parent
        }
        keys.reverse()
        return keys
    }

    /// This node's path followed by `step`.
    func path(_ step: JSONCodingStep?) -> [any CodingKey] {
        var keys = codingPath
        if let key = step?.codingKey { keys.append(key) }
        return keys
    }

    /// A decoder for `value` one step below this one.
    func child(_ value: JSONValue, at step: JSONCodingStep) -> JSONValueDecoderNode {
        JSONValueDecoderNode(value: value, parent: self, step: step, userInfo: userInfoStorage)
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let members):
            return KeyedDecodingContainer(JSONValueKeyedDecodingContainer<Key>(decoder: self, members: members))
        case .null:
            throw DecodingError.valueNotFound(
                [String: Any].self,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw mismatch([String: Any].self, value, at: nil)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let elements):
            return JSONValueUnkeyedDecodingContainer(decoder: self, elements: elements)
        case .null:
            throw DecodingError.valueNotFound(
                [Any].self,
                DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw mismatch([Any].self, value, at: nil)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try unwrapBool(value, at: nil) }
    func decode(_ type: String.Type) throws -> String { try unwrapString(value, at: nil) }
    func decode(_ type: Double.Type) throws -> Double { try unwrapDouble(value, at: nil) }
    func decode(_ type: Float.Type) throws -> Float { try unwrapFloat(value, at: nil) }
    func decode(_ type: Int.Type) throws -> Int { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: Int8.Type) throws -> Int8 { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: Int16.Type) throws -> Int16 { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: Int32.Type) throws -> Int32 { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: Int64.Type) throws -> Int64 { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: UInt.Type) throws -> UInt { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unwrapInteger(value, as: type, at: nil) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unwrapInteger(value, as: type, at: nil) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unwrap(value, as: type, at: nil) }

    // MARK: Unwrapping

    /// Decodes `value`, found at `step` below this node (at this node for `nil`), as a `T`.
    func unwrap<T: Decodable>(_ value: JSONValue, as type: T.Type, at step: JSONCodingStep?) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        if T.self == String.self { return try unwrapString(value, at: step) as! T }
        if T.self == Data.self { return try unwrapData(value, at: step) as! T }
        if T.self == URL.self { return try unwrapURL(value, at: step) as! T }
        if T.self == Decimal.self { return try unwrapDecimal(value, at: step) as! T }
        guard let step else { return try T(from: self) }
        return try T(from: child(value, at: step))
    }

    func unwrapBool(_ value: JSONValue, at step: JSONCodingStep?) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, value, at: step) }
        return bool
    }

    func unwrapString(_ value: JSONValue, at step: JSONCodingStep?) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, at: step) }
        return string
    }

    func unwrapDouble(_ value: JSONValue, at step: JSONCodingStep?) throws -> Double {
        switch value {
        case .int(let integer): return Double(integer)
        case .double(let double): return double
        default: throw mismatch(Double.self, value, at: step)
        }
    }

    func unwrapFloat(_ value: JSONValue, at step: JSONCodingStep?) throws -> Float {
        let double: Double
        switch value {
        case .int(let integer): double = Double(integer)
        case .double(let number): double = number
        default: throw mismatch(Float.self, value, at: step)
        }
        let float = Float(double)
        guard float.isFinite else { throw doesNotFit(Float.self, value, at: step) }
        return float
    }

    func unwrapInteger<I: FixedWidthInteger>(_ value: JSONValue, as type: I.Type, at step: JSONCodingStep?) throws -> I
    {
        switch value {
        case .int(let integer):
            if let result = I(exactly: integer) { return result }
        case .double(let double):
            if let result = I(exactly: double) { return result }
        default:
            throw mismatch(I.self, value, at: step)
        }
        throw doesNotFit(I.self, value, at: step)
    }

    private func unwrapData(_ value: JSONValue, at step: JSONCodingStep?) throws -> Data {
        let string = try unwrapString(value, at: step)
        guard let data = Data(base64Encoded: string) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path(step), debugDescription: "Encountered Data is not valid Base64.")
            )
        }
        return data
    }

    private func unwrapURL(_ value: JSONValue, at step: JSONCodingStep?) throws -> URL {
        let string = try unwrapString(value, at: step)
        guard let url = URL(string: string) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path(step), debugDescription: "Invalid URL string."))
        }
        return url
    }

    private func unwrapDecimal(_ value: JSONValue, at step: JSONCodingStep?) throws -> Decimal {
        switch value {
        case .int(let integer): return Decimal(integer)
        case .double(let double): return Decimal(string: "\(double)") ?? Decimal(double)
        default: throw mismatch(Decimal.self, value, at: step)
        }
    }

    /// `typeMismatch`, or `valueNotFound` for `null`, as Foundation words them.
    func mismatch(_ type: Any.Type, _ value: JSONValue, at step: JSONCodingStep?) -> DecodingError {
        if value.isNull {
            return DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: path(step),
                    debugDescription: "Cannot get value of type \(type) -- found null value instead"
                ))
        }
        return DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: path(step),
                debugDescription: "Expected to decode \(type) but found \(value.foundDescription) instead."))
    }

    private func doesNotFit(_ type: Any.Type, _ value: JSONValue, at step: JSONCodingStep?) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: path(step), debugDescription: "Parsed JSON number <\(value)> does not fit in \(type)."))
    }
}

/// The members of a JSON object, read by key.
struct JSONValueKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONValueDecoderNode
    let members: [String: JSONValue]

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    /// The member, `nil` when missing or `null`.
    private func presentMember(_ key: Key) -> JSONValue? {
        guard let value = members[key.stringValue], !value.isNull else { return nil }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decoder.unwrapBool(member(key), at: .key(key))
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decoder.unwrapString(member(key), at: .key(key))
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decoder.unwrapDouble(member(key), at: .key(key))
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decoder.unwrapFloat(member(key), at: .key(key))
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try decoder.unwrapInteger(member(key), as: type, at: .key(key))
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.unwrap(member(key), as: type, at: .key(key))
    }

    // One dictionary lookup instead of the protocol's contains + decodeNil + decode.

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapBool(value, at: .key(key))
    }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapString(value, at: .key(key))
    }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapDouble(value, at: .key(key))
    }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapFloat(value, at: .key(key))
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrapInteger(value, as: type, at: .key(key))
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = presentMember(key) else { return nil }
        return try decoder.unwrap(value, as: type, at: .key(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(member(key), at: .key(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(member(key), at: .key(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.child(members["super"] ?? .null, at: .key(JSONStringKey("super")))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(members[key.stringValue] ?? .null, at: .key(key))
    }
}

/// The elements of a JSON array, read in order.
struct JSONValueUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: JSONValueDecoderNode
    let elements: [JSONValue]
    private(set) var currentIndex = 0

    init(decoder: JSONValueDecoderNode, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element, or `valueNotFound` past the end.
    private func next(_ type: Any.Type) throws -> JSONValue {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: decoder.path(.index(currentIndex)), debugDescription: "Unkeyed container is at end."))
        }
        return elements[currentIndex]
    }

    /// Decodes the next element with `unwrap` and moves past it when that succeeds.
    private mutating func decodeNext<T>(
        _ type: T.Type, _ unwrap: (JSONValue, JSONCodingStep) throws -> T
    ) throws -> T {
        let result = try unwrap(next(type), .index(currentIndex))
        currentIndex += 1
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard try next(Any?.self).isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeNext(type, decoder.unwrapBool) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeNext(type, decoder.unwrapString) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeNext(type, decoder.unwrapDouble) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeNext(type, decoder.unwrapFloat) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = self.decoder
        return try decodeNext(type) { value, step in try decoder.unwrap(value, as: type, at: step) }
    }

    private mutating func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        let decoder = self.decoder
        return try decodeNext(type) { value, step in try decoder.unwrapInteger(value, as: type, at: step) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let decoder = self.decoder
        return try decodeNext(KeyedDecodingContainer<NestedKey>.self) { value, step in
            try decoder.child(value, at: step).container(keyedBy: type)
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let decoder = self.decoder
        return try decodeNext((any UnkeyedDecodingContainer).self) { value, step in
            try decoder.child(value, at: step).unkeyedContainer()
        }
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = self.decoder
        return try decodeNext((any Decoder).self) { value, step in decoder.child(value, at: step) }
    }
}
