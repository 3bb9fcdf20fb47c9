/// Why a `application/vnd.kubernetes.protobuf` body could not be turned into JSON.
public struct ProtobufDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem, so the API server can pick a status code.
    public enum Code: String, Sendable, Equatable {
        /// The body does not start with the `k8s\0` magic bytes.
        case notProtobuf
        /// The envelope or the object is not valid protobuf (truncated, wrong wire types, bad JSON in a
        /// raw extension, an unsupported content encoding).
        case malformed
        /// The envelope names an `apiVersion`/`kind` this decoder has no schema for.
        case unknownKind
    }

    /// The class of problem.
    public var code: Code
    /// What is wrong, for people.
    public var message: String

    /// An error of `code` saying `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A `malformed` error.
    static func malformed(_ message: String) -> ProtobufDecodeError { ProtobufDecodeError(.malformed, message) }

    /// The message, prefixed by what kind of body it is about.
    public var description: String { "invalid protobuf body: \(message)" }
}

/// Kubernetes' protobuf encoding of API objects (`application/vnd.kubernetes.protobuf`), decoded into the
/// JSON the same object would have as `application/json`.
///
/// kubectl's typed commands (`kubectl create namespace|configmap|secret|deployment|service|serviceaccount`)
/// send their bodies this way and do not retry with JSON on a 415, so the API server turns such bodies
/// into JSON and handles them as if they had been JSON all along.
///
/// The body is the four magic bytes `k8s\0` followed by a `runtime.Unknown` envelope:
/// `typeMeta {apiVersion = 1, kind = 2}`, `raw = 2` (the object's own protobuf encoding),
/// `contentEncoding = 3`, `contentType = 4`. The object is decoded with a schema table per kind (the field
/// numbers of `k8s.io/api` and `k8s.io/apimachinery`'s `generated.proto`), and the result follows
/// Go's JSON encoding of the same struct: empty strings, lists and maps and zero non-pointer scalars are
/// left out, nested structs are written even when empty (`"spec": {}`), zero times are left out.
public enum KubernetesProtobuf {
    /// The media type of protobuf bodies.
    public static let mediaType = "application/vnd.kubernetes.protobuf"

    /// The four bytes every protobuf body starts with: `k8s` and a NUL.
    public static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// Whether a `Content-Type` header value names the protobuf media type (parameters and case ignored).
    public static func isProtobuf(contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return type.trimmingSpaces().lowercased() == mediaType
    }

    /// Whether ``decode(_:)`` has a schema for objects of `kind` in `apiVersion`.
    public static func supports(apiVersion: String, kind: String) -> Bool {
        ProtoSchemas.message(apiVersion: apiVersion, kind: kind) != nil
    }

    /// Decodes a protobuf body into the object as JSON, with `apiVersion` and `kind` from the envelope.
    public static func decode(_ body: [UInt8]) throws(ProtobufDecodeError) -> JSONValue {
        guard body.count >= magic.count, Array(body.prefix(magic.count)) == magic else {
            throw ProtobufDecodeError(.notProtobuf, "the body does not start with the protobuf magic bytes k8s\\0")
        }
        var reader = ProtobufReader(body, range: magic.count..<body.count)
        var apiVersion = ""
        var kind = ""
        var raw: Range<Int>?
        var contentEncoding = ""
        while !reader.isAtEnd {
            let (number, wireType) = try reader.readTag()
            switch (number, wireType) {
            case (1, .lengthDelimited):
                var typeMeta = ProtobufReader(body, range: try reader.readLengthDelimited())
                while !typeMeta.isAtEnd {
                    let (inner, innerType) = try typeMeta.readTag()
                    switch (inner, innerType) {
                    case (1, .lengthDelimited): apiVersion = body.protoString(in: try typeMeta.readLengthDelimited())
                    case (2, .lengthDelimited): kind = body.protoString(in: try typeMeta.readLengthDelimited())
                    default: try typeMeta.skip(innerType, field: inner)
                    }
                }
            case (2, .lengthDelimited): raw = try reader.readLengthDelimited()
            case (3, .lengthDelimited): contentEncoding = body.protoString(in: try reader.readLengthDelimited())
            case (4, .lengthDelimited): _ = try reader.readLengthDelimited()  // contentType: the object is protobuf
            case (1...4, _): throw .malformed("envelope field \(number) has wire type \(wireType.name)")
            default: try reader.skip(wireType, field: number)
            }
        }
        guard !kind.isEmpty, !apiVersion.isEmpty else {
            throw .malformed("the envelope has no apiVersion and kind")
        }
        guard contentEncoding.isEmpty else {
            throw .malformed("unsupported content encoding \"\(contentEncoding)\"")
        }
        guard let schema = ProtoSchemas.message(apiVersion: apiVersion, kind: kind) else {
            throw ProtobufDecodeError(.unknownKind, "no protobuf schema for \(kind) in \(apiVersion)")
        }
        var object = try ProtoDecoder.decodeMessage(schema, body, range: raw ?? body.endIndex..<body.endIndex)
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        return .object(object)
    }
}

extension [UInt8] {
    /// The UTF-8 text in `range` (invalid sequences become U+FFFD).
    func protoString(in range: Range<Int>) -> String { String(decoding: self[range], as: UTF8.self) }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
