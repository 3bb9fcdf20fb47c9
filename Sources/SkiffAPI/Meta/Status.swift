/// The API's error and result object (`metav1.Status`), what every failed request returns.
public struct Status: Hashable, Sendable, Codable, Error {
    /// Always `Status`.
    public var kind: String? = "Status"
    /// Always `v1`.
    public var apiVersion: String? = "v1"
    /// Always empty.
    public var metadata: ListMeta? = ListMeta()
    /// `Success` or `Failure`.
    public var status: String?
    /// For people.
    public var message: String?
    /// A machine-readable reason: `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, ...
    public var reason: String?
    /// What the error is about, and its causes.
    public var details: StatusDetails?
    /// The HTTP status code.
    public var code: Int?

    /// A failure with a code, a reason and a message.
    public init(code: Int, reason: String, message: String, details: StatusDetails? = nil) {
        self.status = "Failure"
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    /// A success (`DELETE` of an object that is gone at once).
    public static func success(details: StatusDetails? = nil) -> Status {
        var status = Status(code: 200, reason: "", message: "", details: details)
        status.status = "Success"
        status.reason = nil
        status.message = nil
        return status
    }
}

/// What a ``Status`` is about (`metav1.StatusDetails`).
public struct StatusDetails: Hashable, Sendable, Codable {
    /// The object's name.
    public var name: String?
    /// The object's API group.
    public var group: String?
    /// The object's kind (the resource, in Kubernetes' own messages).
    public var kind: String?
    /// The object's uid.
    public var uid: String?
    /// The individual problems, each with a field path.
    public var causes: [StatusCause]?
    /// Seconds a client should wait before retrying.
    public var retryAfterSeconds: Int?

    /// Details naming an object.
    public init(
        name: String? = nil, group: String? = nil, kind: String? = nil, causes: [StatusCause]? = nil,
        retryAfterSeconds: Int? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// One problem with a request (`metav1.StatusCause`).
public struct StatusCause: Hashable, Sendable, Codable {
    /// `FieldValueRequired`, `FieldValueInvalid`, `FieldValueNotSupported`, `FieldValueDuplicate`, ...
    public var reason: String?
    /// For people.
    public var message: String?
    /// The field path, `spec.replicas`.
    public var field: String?

    /// A cause.
    public init(reason: String?, message: String?, field: String?) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
