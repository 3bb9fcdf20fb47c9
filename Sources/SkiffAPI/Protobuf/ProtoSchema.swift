/// How one protobuf value becomes JSON.
enum ProtoType: Sendable {
    /// `string`, as a JSON string.
    case string
    /// `bytes`, as base64 text (how Go's `encoding/json` writes `[]byte`).
    case bytes
    /// `bool`.
    case bool
    /// `int32`, a varint whose upper 32 bits are dropped (negatives are sign-extended to ten bytes).
    case int32
    /// `int64`.
    case int64
    /// `double` (fixed64), as a JSON number.
    case double
    /// A message: a JSON object of its fields.
    case message(ProtoMessage)
    /// A `map<K, V>`: repeated entries `{key = 1, value = 2}`, a JSON object.
    indirect case map(key: ProtoType, value: ProtoType)
    /// A repeated field (packed or not for scalars), a JSON array.
    indirect case repeated(ProtoType)
    /// `meta/v1.Time {seconds = 1, nanos = 2}`: RFC 3339 with whole seconds; the zero time is omitted.
    case time
    /// `meta/v1.MicroTime`: RFC 3339 with six fractional digits; the zero time is omitted.
    case microTime
    /// `resource.Quantity {string = 1}`: the quantity's text.
    case quantity
    /// `intstr.IntOrString {type = 1, intVal = 2, strVal = 3}`: a number or a string.
    case intOrString
    /// `runtime.RawExtension {raw = 1}` (also `FieldsV1`): its bytes are JSON text, embedded as-is.
    case raw
}

/// One field of a message: its JSON name, its type, and whether a present zero value is kept.
struct ProtoField: Sendable {
    /// The JSON member name; empty for an inline field.
    var name: String
    /// How the value is decoded.
    var type: ProtoType
    /// Whether a present zero value (`""`, `0`, `false`) is written: true for Go pointer fields
    /// (`*int32`, `*bool`, `*string`, ...) and a few non-`omitempty` scalars where zero is meaningful.
    /// Non-pointer scalars are always on the wire, so their zero values are dropped, as `omitempty` would.
    var optional: Bool
    /// Whether the message's fields are merged into the parent object (a Go struct embedded with
    /// `json:",inline"`, such as `Probe.ProbeHandler` or `Volume.VolumeSource`).
    var inline: Bool

    /// A field of any type.
    static func field(_ name: String, _ type: ProtoType, optional: Bool = false) -> ProtoField {
        ProtoField(name: name, type: type, optional: optional, inline: false)
    }

    /// A `string` field.
    static func string(_ name: String, optional: Bool = false) -> ProtoField {
        field(name, .string, optional: optional)
    }

    /// A `bytes` field.
    static func bytes(_ name: String, optional: Bool = false) -> ProtoField { field(name, .bytes, optional: optional) }

    /// A `bool` field.
    static func bool(_ name: String, optional: Bool = false) -> ProtoField { field(name, .bool, optional: optional) }

    /// An `int32` field.
    static func int32(_ name: String, optional: Bool = false) -> ProtoField { field(name, .int32, optional: optional) }

    /// An `int64` field.
    static func int64(_ name: String, optional: Bool = false) -> ProtoField { field(name, .int64, optional: optional) }

    /// A `meta/v1.Time` field.
    static func time(_ name: String) -> ProtoField { field(name, .time) }

    /// A `meta/v1.MicroTime` field.
    static func microTime(_ name: String) -> ProtoField { field(name, .microTime) }

    /// A `resource.Quantity` field.
    static func quantity(_ name: String) -> ProtoField { field(name, .quantity) }

    /// An `intstr.IntOrString` field.
    static func intOrString(_ name: String) -> ProtoField { field(name, .intOrString) }

    /// A nested message field (written as an object whenever present, even `{}`).
    static func message(_ name: String, _ message: ProtoMessage) -> ProtoField { field(name, .message(message)) }

    /// A Go struct embedded with `json:",inline"`: its fields go into the parent object.
    static func inline(_ message: ProtoMessage) -> ProtoField {
        ProtoField(name: "", type: .message(message), optional: false, inline: true)
    }

    /// A `repeated string` field.
    static func strings(_ name: String) -> ProtoField { field(name, .repeated(.string)) }

    /// A repeated message field.
    static func messages(_ name: String, _ message: ProtoMessage) -> ProtoField {
        field(name, .repeated(.message(message)))
    }

    /// A repeated scalar or other field.
    static func repeated(_ name: String, _ element: ProtoType) -> ProtoField { field(name, .repeated(element)) }

    /// A `map<string, V>` field.
    static func map(_ name: String, _ value: ProtoType) -> ProtoField { field(name, .map(key: .string, value: value)) }
}

/// A protobuf message's schema: its fields by field number.
struct ProtoMessage: Sendable {
    /// The message's name in its `generated.proto`, for error messages.
    var name: String
    /// The fields this decoder knows; others are skipped.
    var fields: [Int: ProtoField]

    /// A message named `name` with `fields`.
    init(_ name: String, _ fields: [Int: ProtoField]) {
        self.name = name
        self.fields = fields
    }
}
