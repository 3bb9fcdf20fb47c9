import Foundation

/// How one kind's objects are decoded, defaulted and validated.
///
/// ``prepare`` turns a client's JSON into the stored form (typed decode, defaults, typed encode),
/// reports the fields it did not know (which the API server refuses under
/// `fieldValidation=Strict` and warns about otherwise), and validates the typed value, all from
/// one decode. It is pure; the API server does the I/O.
public struct KindStrategy: Sendable {
    /// Decodes, defaults and validates an object (in the hub version); `old` is the stored object on
    /// update; `version` is the version the client wrote in (a custom resource's schema is chosen by
    /// it). Throws ``DecodeFailure`` when a field has the wrong type.
    public var prepare:
        @Sendable (_ object: JSONValue, _ old: JSONValue?, _ version: String) throws(DecodeFailure) -> PreparedObject

    /// A strategy from its function.
    public init(
        prepare:
            @escaping @Sendable (_ object: JSONValue, _ old: JSONValue?, _ version: String) throws(DecodeFailure)
            -> PreparedObject
    ) {
        self.prepare = prepare
    }

    /// The strategy of a typed kind: JSON is decoded into `T`, defaulted, validated and encoded
    /// again; fields `T` does not model are reported as unknown and dropped, as kube-apiserver drops
    /// them. Validation comes from the type's ``Validating`` conformance when it has one.
    public static func typed<T: APIObject & Defaulting>(_ type: T.Type) -> KindStrategy {
        KindStrategy { object, old, _ throws(DecodeFailure) in
            var typed: T = try decodeTyped(object)
            typed.applyDefaults()
            let normalized = encodeTyped(typed)
            var errors: [FieldError] = []
            if let validating = typed as? any Validating {
                let oldTyped: T? = old.flatMap { try? decodeTyped($0) }
                errors = validate(validating, old: oldTyped)
            }
            return PreparedObject(
                object: normalized, unknownFields: unknownFields(in: object, comparedTo: normalized), errors: errors)
        }
    }

    private static func validate<V: Validating>(_ object: V, old: Any?) -> [FieldError] {
        object.validate(old: old as? V)
    }

    /// Whether `type` validates itself (a test checks every built-in kind does).
    public static func isValidating(_ type: Any.Type) -> Bool { type is any Validating.Type }

    /// A strategy that keeps any JSON object as it is (no schema: nothing is unknown).
    public static let unstructured = KindStrategy { object, _, _ in
        PreparedObject(object: object, unknownFields: [], errors: [])
    }

    /// Decodes `T` from a JSON value, turning Swift's decoding errors into field-path messages.
    public static func decodeTyped<T: Decodable>(_ object: JSONValue) throws(DecodeFailure) -> T {
        do {
            return try JSONValueDecoder().decode(T.self, from: object)
        } catch let error as DecodingError {
            throw DecodeFailure(error)
        } catch {
            throw DecodeFailure(message: "\(error)")
        }
    }

    /// Encodes `value` as a JSON value (what Foundation's `JSONEncoder` writes, parsed again).
    public static func encodeTyped<T: Encodable>(_ value: T) -> JSONValue {
        // Encoding model types cannot fail: no non-finite numbers, no values that encode nothing.
        (try? JSONValueEncoder().encode(value)) ?? .null
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

/// An object after ``KindStrategy/prepare``: the stored form, the fields that were dropped, and
/// what validation found.
public struct PreparedObject: Sendable {
    /// The stored form.
    public var object: JSONValue
    /// Dotted paths of fields the kind does not have.
    public var unknownFields: [String]
    /// Validation problems with their field paths (empty when valid).
    public var errors: [FieldError]

    /// A prepared object.
    public init(object: JSONValue, unknownFields: [String], errors: [FieldError]) {
        self.object = object
        self.unknownFields = unknownFields
        self.errors = errors
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

    /// `got string` from `... but found a string instead.`; JSON's names for what was found.
    private static func got(_ context: DecodingError.Context) -> String {
        let text = context.debugDescription
        guard let range = text.range(of: "but found ") else { return text }
        var found = text[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        if found.hasSuffix(" instead") { found.removeLast(" instead".count) }
        for article in ["a ", "an "] where found.hasPrefix(article) { found.removeFirst(article.count) }
        switch found {
        case "dictionary": return "got object"
        case "bool": return "got boolean"
        default: return "got " + found
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is any BinaryInteger.Type: return "integer"
        case is any BinaryFloatingPoint.Type: return "number"
        case is Bool.Type: return "boolean"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "array" }
            if name.hasPrefix("Dictionary") { return "object" }
            return "object"
        }
    }
}
