/// One problem with one field of an object, as validation reports it (`field.Error`).
///
/// The API server turns a list of these into a 422 `Invalid` ``Status`` whose causes carry the
/// field paths, and whose message reads as kube-apiserver's does:
/// `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
public struct FieldError: Hashable, Sendable, Error, CustomStringConvertible {
    /// The kind of problem, as a stable value.
    public struct Kind: Hashable, Sendable {
        /// The `StatusCause.reason`: `FieldValueRequired`, ...
        public let reason: String
        /// The phrase in messages: `Required value`, ...
        public let phrase: String

        /// A required field is missing or empty.
        public static let required = Kind(reason: "FieldValueRequired", phrase: "Required value")
        /// A field has a value that is not allowed.
        public static let invalid = Kind(reason: "FieldValueInvalid", phrase: "Invalid value")
        /// A field has a value outside a fixed set.
        public static let notSupported = Kind(reason: "FieldValueNotSupported", phrase: "Unsupported value")
        /// A value occurs twice where it must be unique.
        public static let duplicate = Kind(reason: "FieldValueDuplicate", phrase: "Duplicate value")
        /// A field may not be set or changed.
        public static let forbidden = Kind(reason: "FieldValueForbidden", phrase: "Forbidden")
        /// A value is longer than allowed.
        public static let tooLong = Kind(reason: "FieldValueTooLong", phrase: "Too long")
        /// A list has more elements than allowed.
        public static let tooMany = Kind(reason: "FieldValueTooMany", phrase: "Too many")
        /// A value refers to something that does not exist (a volume mount naming no volume).
        public static let notFound = Kind(reason: "FieldValueNotFound", phrase: "Not found")
    }

    /// The kind of problem.
    public var kind: Kind
    /// The field path, `spec.template.spec.containers[0].image`.
    public var field: String
    /// The offending value as text, for `invalid`, `notSupported`, `duplicate` (empty otherwise).
    public var value: String?
    /// What would be right, for people.
    public var detail: String

    /// A field error.
    public init(_ kind: Kind, field: String, value: String? = nil, detail: String = "") {
        self.kind = kind
        self.field = field
        self.value = value
        self.detail = detail
    }

    /// A missing required field.
    public static func required(_ field: String, _ detail: String = "") -> FieldError {
        FieldError(.required, field: field, detail: detail)
    }

    /// A value that is not allowed; strings are quoted in the message as Kubernetes does.
    public static func invalid(_ field: String, _ value: some CustomStringConvertible, _ detail: String) -> FieldError {
        let text = value is String ? "\"\(value)\"" : value.description
        return FieldError(.invalid, field: field, value: text, detail: detail)
    }

    /// A value outside `supported`.
    public static func notSupported(_ field: String, _ value: String, supported: [String]) -> FieldError {
        FieldError(
            .notSupported, field: field, value: "\"\(value)\"",
            detail: "supported values: " + supported.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    /// A duplicated value.
    public static func duplicate(_ field: String, _ value: some CustomStringConvertible) -> FieldError {
        FieldError(.duplicate, field: field, value: value is String ? "\"\(value)\"" : value.description)
    }

    /// A value that refers to something missing: `spec.containers[0].volumeMounts[0].name: Not found: "data"`.
    public static func notFound(_ field: String, _ value: String) -> FieldError {
        FieldError(.notFound, field: field, value: "\"\(value)\"")
    }

    /// A field that may not be set or changed.
    public static func forbidden(_ field: String, _ detail: String) -> FieldError {
        FieldError(.forbidden, field: field, detail: detail)
    }

    /// `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
    public var description: String {
        var text = "\(field): \(kind.phrase)"
        if let value { text += ": \(value)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    /// The cause in a ``Status``.
    public var statusCause: StatusCause {
        StatusCause(reason: kind.reason, message: description, field: field)
    }
}

/// A field path under construction: `FieldPath("spec").child("containers").index(0)`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// The dotted path.
    public let description: String

    /// A root path.
    public init(_ root: String) { description = root }

    /// `path.name`.
    public func child(_ name: String) -> FieldPath {
        FieldPath(description.isEmpty ? name : description + "." + name)
    }

    /// `path[index]`.
    public func index(_ index: Int) -> FieldPath { FieldPath(description + "[\(index)]") }

    /// `path[key]`, for map entries.
    public func key(_ key: String) -> FieldPath { FieldPath(description + "[\(key)]") }

    /// `path.name` as text.
    public func callAsFunction(_ name: String) -> String { child(name).description }
}

/// A kind that fills in the defaults Kubernetes gives omitted fields (`restartPolicy: Always`,
/// `replicas: 1`, ...). Called on every create and update before validation.
public protocol Defaulting {
    /// Fills in defaults; never overwrites a value that is set.
    mutating func applyDefaults()
}

/// A kind that checks itself, returning every problem with its field path (an empty list is valid).
public protocol Validating {
    /// Problems with this object; `old` is the stored object on update (for immutable fields), `nil`
    /// on create. Metadata rules common to every kind are checked by the Scheme, not here.
    func validate(old: Self?) -> [FieldError]
}
