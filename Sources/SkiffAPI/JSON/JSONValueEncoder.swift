import Foundation

/// Encodes `Encodable` values straight into a ``JSONValue`` tree, with no JSON text in between.
///
/// The tree is what parsing the output of Foundation's `JSONEncoder` (default strategies) with
/// ``JSONParser`` gives: `nil` members of `encodeIfPresent` are left out, dictionaries with string
/// or integer keys become objects, integral floating-point numbers that Foundation writes without a
/// fraction become `.int`, `UInt64`s beyond `Int64.max` become `.double`, `Data` becomes base64 text.
/// Non-finite numbers throw `EncodingError.invalidValue`, as Foundation's do.
///
/// A ``JSONValue`` encodes as itself, without being taken apart.
public struct JSONValueEncoder: Sendable {
    /// The `userInfo` the encoded types see.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder with no `userInfo`.
    public init() {}

    /// Encodes `value` as a JSON value; throws `EncodingError.invalidValue` for a non-finite number
    /// or a value that encodes nothing.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = JSONValueEncoderNode(parent: nil, step: .root, userInfo: userInfo)
        if let encoded = try root.wrap(value, at: nil) { return encoded }
        throw EncodingError.invalidValue(
            value,
            EncodingError.Context(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
    }
}

/// The encoder of one value of the tree: also its single-value container, and the storage its keyed
/// or unkeyed container writes into, so a struct's members go straight into one dictionary.
final class JSONValueEncoderNode: Encoder, SingleValueEncodingContainer {
    /// What the value has become so far.
    enum Kind {
        case empty
        case single
        case object
        case array
    }

    let parent: JSONValueEncoderNode?
    let step: JSONCodingStep
    let userInfoStorage: [CodingUserInfoKey: any Sendable]

    private(set) var kind = Kind.empty
    var single = JSONValue.null
    var members: [String: JSONValue] = [:]
    var elements: [JSONValue] = []
    /// Nested containers and super encoders of an object, filled in by ``takeValue()``.
    var pendingMembers: [String: JSONValueEncoderNode] = [:]
    /// Nested containers and super encoders of an array, by position.
    var pendingElements: [(index: Int, node: JSONValueEncoderNode)] = []

    init(parent: JSONValueEncoderNode?, step: JSONCodingStep, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.parent = parent
        self.step = step
        self.userInfoStorage = userInfo
    }

    var userInfo: [CodingUserInfoKey: Any] { userInfoStorage }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: JSONValueEncoderNode? = self
        while let current = node {
            if let key = current.step.codingKey { keys.append(key) }
            node = current.parent
        }
        keys.reverse()
        return keys
    }

    /// An encoder one step below this one.
    func child(at step: JSONCodingStep) -> JSONValueEncoderNode {
        JSONValueEncoderNode(parent: self, step: step, userInfo: userInfoStorage)
    }

    /// The encoded value, `nil` if nothing was encoded.
    func takeValue() -> JSONValue? {
        switch kind {
        case .empty:
            return nil
        case .single:
            return single
        case .object:
            if pendingMembers.isEmpty { return .object(members) }
            var result = members
            for (key, node) in pendingMembers { result[key] = node.takeValue() ?? .emptyObject }
            return .object(result)
        case .array:
            if pendingElements.isEmpty { return .array(elements) }
            var result = elements
            for (index, node) in pendingElements { result[index] = node.takeValue() ?? .emptyObject }
            return .array(result)
        }
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if kind != .object {
            kind = .object
            members = [:]
        }
        return KeyedEncodingContainer(JSONValueKeyedEncodingContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if kind != .array {
            kind = .array
            elements = []
        }
        return JSONValueUnkeyedEncodingContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    private func set(_ value: JSONValue) {
        kind = .single
        single = value
    }

    func encodeNil() { set(.null) }
    func encode(_ value: Bool) { set(.bool(value)) }
    func encode(_ value: String) { set(.string(value)) }
    func encode(_ value: Double) throws { set(try wrap(value, at: nil)) }
    func encode(_ value: Float) throws { set(try wrap(value, at: nil)) }
    func encode(_ value: Int) { set(.int(Int64(value))) }
    func encode(_ value: Int8) { set(.int(Int64(value))) }
    func encode(_ value: Int16) { set(.int(Int64(value))) }
    func encode(_ value: Int32) { set(.int(Int64(value))) }
    func encode(_ value: Int64) { set(.int(value)) }
    func encode(_ value: UInt) { set(Self.wrap(value)) }
    func encode(_ value: UInt8) { set(.int(Int64(value))) }
    func encode(_ value: UInt16) { set(.int(Int64(value))) }
    func encode(_ value: UInt32) { set(.int(Int64(value))) }
    func encode(_ value: UInt64) { set(Self.wrap(value)) }

    func encode<T: Encodable>(_ value: T) throws {
        if let encoded = try wrap(value, at: nil) {
            set(encoded)
        } else {
            set(.emptyObject)
        }
    }

    // MARK: Wrapping

    /// This node's path followed by `step`.
    func path(_ step: JSONCodingStep?) -> [any CodingKey] {
        var keys = codingPath
        if let key = step?.codingKey { keys.append(key) }
        return keys
    }

    /// `value` as JSON, encoded at `step` below this node (at this node for `nil`); `nil` if it
    /// encoded nothing.
    func wrap<T: Encodable>(_ value: T, at step: JSONCodingStep?) throws -> JSONValue? {
        if T.self == JSONValue.self { return (value as! JSONValue) }
        if T.self == String.self { return .string(value as! String) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return Self.number(text: (value as! Decimal).description) }
        guard let step else {
            try value.encode(to: self)
            return takeValue()
        }
        let node = child(at: step)
        try value.encode(to: node)
        return node.takeValue()
    }

    /// `value` as Foundation writes it: integral values up to 2^53 (which Swift prints without an
    /// exponent) as integers.
    func wrap(_ value: Double, at step: JSONCodingStep?) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path(step), debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        if value.rounded(.towardZero) == value, value.magnitude <= 9_007_199_254_740_992 {
            return .int(Int64(value))
        }
        return .double(value)
    }

    /// `value` as Foundation writes it (its shortest description), read back as ``JSONParser`` does.
    func wrap(_ value: Float, at step: JSONCodingStep?) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path(step), debugDescription: "Unable to encode Float.\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return Self.number(text: text)
    }

    /// An unsigned integer: `.double` beyond `Int64.max`, as ``JSONParser`` reads such numbers.
    static func wrap<U: UnsignedInteger & FixedWidthInteger>(_ value: U) -> JSONValue {
        if let integer = Int64(exactly: value) { return .int(integer) }
        return .double(Double(value))
    }

    /// A number written as `text`, read as ``JSONParser`` reads it.
    static func number(text: String) -> JSONValue {
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let integer = Int64(text) {
            return .int(integer)
        }
        return .double(Double(text) ?? 0)
    }
}

/// Writes a struct's members into its node's dictionary.
struct JSONValueKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONValueEncoderNode

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: JSONValue, for key: Key) {
        let name = key.stringValue
        encoder.members[name] = value
        if !encoder.pendingMembers.isEmpty { encoder.pendingMembers[name] = nil }
    }

    /// Leaves `key` to `node`, whose value is filled in at the end.
    private func reserve(_ node: JSONValueEncoderNode, for name: String) {
        encoder.members[name] = .null
        encoder.pendingMembers[name] = node
    }

    mutating func encodeNil(forKey key: Key) { set(.null, for: key) }
    mutating func encode(_ value: Bool, forKey key: Key) { set(.bool(value), for: key) }
    mutating func encode(_ value: String, forKey key: Key) { set(.string(value), for: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try encoder.wrap(value, at: .key(key)), for: key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try encoder.wrap(value, at: .key(key)), for: key)
    }
    mutating func encode(_ value: Int, forKey key: Key) { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int8, forKey key: Key) { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int16, forKey key: Key) { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int32, forKey key: Key) { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: Int64, forKey key: Key) { set(.int(value), for: key) }
    mutating func encode(_ value: UInt, forKey key: Key) { set(JSONValueEncoderNode.wrap(value), for: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { set(.int(Int64(value)), for: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { set(JSONValueEncoderNode.wrap(value), for: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try encoder.wrap(value, at: .key(key)) ?? .emptyObject, for: key)
    }

    // Without the protocol's default, which goes through `Optional<T>` metadata on every call.

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) {
        if let value { encode(value, forKey: key) }
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let node = encoder.child(at: .key(key))
        reserve(node, for: key.stringValue)
        return node.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let node = encoder.child(at: .key(key))
        reserve(node, for: key.stringValue)
        return node.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let node = encoder.child(at: .key(JSONStringKey("super")))
        reserve(node, for: "super")
        return node
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let node = encoder.child(at: .key(key))
        reserve(node, for: key.stringValue)
        return node
    }
}

/// Appends an array's elements to its node's array.
struct JSONValueUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: JSONValueEncoderNode

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.elements.count }

    private func append(_ value: JSONValue) { encoder.elements.append(value) }

    /// Leaves the next position to `node`, whose value is filled in at the end.
    private func reserve(_ node: JSONValueEncoderNode) {
        encoder.pendingElements.append((count, node))
        append(.null)
    }

    mutating func encodeNil() { append(.null) }
    mutating func encode(_ value: Bool) { append(.bool(value)) }
    mutating func encode(_ value: String) { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try encoder.wrap(value, at: .index(count))) }
    mutating func encode(_ value: Float) throws { append(try encoder.wrap(value, at: .index(count))) }
    mutating func encode(_ value: Int) { append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) { append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) { append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) { append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) { append(.int(value)) }
    mutating func encode(_ value: UInt) { append(JSONValueEncoderNode.wrap(value)) }
    mutating func encode(_ value: UInt8) { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) { append(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) { append(JSONValueEncoderNode.wrap(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try encoder.wrap(value, at: .index(count)) ?? .emptyObject)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let node = encoder.child(at: .index(count))
        reserve(node)
        return node.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let node = encoder.child(at: .index(count))
        reserve(node)
        return node.unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let node = encoder.child(at: .index(count))
        reserve(node)
        return node
    }
}
