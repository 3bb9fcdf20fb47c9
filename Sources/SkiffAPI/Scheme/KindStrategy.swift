import Foundation

/// How one kind's objects are decoded, defaulted and validated.
///
/// ``normalize`` turns a client's JSON into the stored form (typed decode, defaults, typed encode)
/// and reports the fields it did not know, which the API server refuses under
/// `fieldValidation=Strict` and warns about otherwise. ``validate`` returns every problem with its
/// field path. Both are pure; the API server does the I/O.
public struct KindStrategy: Sendable {
    /// Decodes and defaults an object; throws ``DecodeFailure`` when a field has the wrong type.
    public var normalize: @Sendable (JSONValue) throws(DecodeFailure) -> NormalizedObject
    /// Problems with `object`; `old` is the stored object on update.
    public var validate: @Sendable (_ object: JSONValue, _ old: JSONValue?) -> [FieldError]

    /// A strategy from two functions.
    public init(
        normalize: @escaping @Sendable (JSONValue) throws(DecodeFailure) -> NormalizedObject,
        validate: @escaping @Sendable (_ object: JSONValue, _ old: JSONValue?) -> [FieldError]
    ) {
        self.normalize = normalize
        self.validate = validate
    }

    /// The strategy of a typed kind: JSON is decoded into `T`, defaulted, encoded again; fields `T`
    /// does not model are reported as unknown and dropped, as kube-apiserver drops them.
    /// Validation comes from the type's ``Validating`` conformance when it has one.
    public static func typed<T: APIObject & Defaulting>(_ type: T.Type) -> KindStrategy {
        KindStrategy(
            normalize: { object throws(DecodeFailure) in
                var typed: T = try decodeTyped(object)
                typed.applyDefaults()
                let normalized = encodeTyped(typed)
                return NormalizedObject(
                    object: normalized, unknownFields: unknownFields(in: object, comparedTo: normalized))
            },
            validate: { object, old in
                guard let typed: T = try? decodeTyped(object), let validating = typed as? any Validating else {
                    return []
                }
                let oldTyped: T? = old.flatMap { try? decodeTyped($0) }
                return validate(validating, old: oldTyped)
            })
    }

    private static func validate<V: Validating>(_ object: V, old: Any?) -> [FieldError] {
        object.validate(old: old as? V)
    }

    /// Whether `type` validates itself (a test checks every built-in kind does).
    public static func isValidating(_ type: Any.Type) -> Bool { type is any Validating.Type }

    /// A strategy that keeps any JSON object as it is (no schema: nothing is unknown).
    public static let unstructured = KindStrategy(
        normalize: { object in NormalizedObject(object: object, unknownFields: []) },
        validate: { _, _ in [] })

    /// Decodes `T` from a JSON value, turning Swift's decoding errors into field-path messages.
    public static func decodeTyped<T: Decodable>(_ object: JSONValue) throws(DecodeFailure) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: object.serializedData())
        } catch let error as DecodingError {
            throw DecodeFailure(error)
        } catch {
            throw DecodeFailure(message: "\(error)")
        }
    }

    /// Encodes `value` as a JSON value with sorted keys.
    public static func encodeTyped<T: Encodable>(_ value: T) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding model types cannot fail: no floats out of range, no non-string keys.
        guard let data = try? encoder.encode(value), let parsed = try? JSONParser.parse(data) else {
            return .null
        }
        return parsed
    }

    /// The dotted paths of members in `input` that `known` does not have (null members count as
    /// absent). Array elements are compared by position: `spec.containers[0].foo`.
    public static func unknownFields(in input: JSONValue, comparedTo known: JSONValue) -> [String] {
        var found: [String] = []
        collectUnknown(input, known, path: "", into: &found)
        return found
    }

    private static func collectUnknown(_ input: JSONValue, _ known: JSONValue, path: String, into found: inout [String])
    {
        switch (input, known) {
        case (.object(let members), .object(let knownMembers)):
            for (key, value) in members where !value.isNull {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if let knownValue = knownMembers[key] {
                    collectUnknown(value, knownValue, path: child, into: &found)
                } else {
                    found.append(child)
                }
            }
        case (.array(let elements), .array(let knownElements)):
            for (index, element) in elements.enumerated() where index < knownElements.count {
                collectUnknown(element, knownElements[index], path: "\(path)[\(index)]", into: &found)
            }
        default:
            return
        }
    }
}

/// An object after ``KindStrategy/normalize``, with the fields that were dropped.
public struct NormalizedObject: Sendable {
    /// The stored form.
    public var object: JSONValue
    /// Dotted paths of fields the kind does not have.
    public var unknownFields: [String]

    /// A normalized object.
    public init(object: JSONValue, unknownFields: [String]) {
        self.object = object
        self.unknownFields = unknownFields
    }
}

/// A field of a request body had the wrong type (HTTP 400).
public struct DecodeFailure: Error, Sendable, CustomStringConvertible {
    /// `spec.replicas: expected integer, got string`-style text.
    public var message: String

    /// A failure with a message.
    public init(message: String) { self.message = message }

    /// A failure from Swift's decoding error, naming the field path.
    public init(_ error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "the object" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            message = "\(path(context.codingPath)): expected \(Self.describe(type)), \(Self.got(context))"
        case .valueNotFound(let type, let context):
            message = "\(path(context.codingPath)): expected \(Self.describe(type)), got null"
        case .keyNotFound(let key, let context):
            message = "\(path(context.codingPath + [key])): required field is missing"
        case .dataCorrupted(let context):
            message = "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            message = "\(error)"
        }
    }

    public var description: String { message }

    private static func got(_ context: DecodingError.Context) -> String {
        let text = context.debugDescription
        if let range = text.range(of: "but found ") {
            return "got " + text[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "integer"
        case is Double.Type: return "number"
        case is Bool.Type: return "boolean"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "array" }
            if name.hasPrefix("Dictionary") { return "object" }
            return "object"
        }
    }
}
