import SkiffAPI
import Yams

/// Turns request bodies (JSON or YAML) into JSON values with clear 400s for what is malformed.
enum BodyDecoder {
    /// Decodes a body; `duplicates` lists member paths that appeared twice (JSON only).
    static func decode(_ request: APIRequest) throws(APIError) -> (value: JSONValue, duplicates: [String]) {
        if request.body.isEmpty { throw APIError.badRequest("the request body is empty") }
        if request.contentType.contains("yaml") {
            return (try decodeYAML(request.body), [])
        }
        if KubernetesProtobuf.isProtobuf(contentType: request.contentType) {
            // kubectl's typed commands (create namespace, create deployment, ...) send protobuf.
            do {
                return (try KubernetesProtobuf.decode(request.body), [])
            } catch  where error.code == .unknownKind {
                throw APIError.unsupportedMediaType("\(error.message); send this kind as application/json")
            } catch {
                throw APIError.badRequest("the request body is not valid Kubernetes protobuf: \(error.message)")
            }
        }
        do {
            return try JSONParser.parseReportingDuplicates(request.body)
        } catch {
            throw APIError.badRequest("the request body is not valid JSON: \(error)")
        }
    }

    /// Decodes YAML into JSON values (strings, numbers, booleans, null, maps with string keys).
    static func decodeYAML(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        let text = String(decoding: bytes, as: UTF8.self)
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw APIError.badRequest("the request body is not valid YAML: \(error)")
        }
        guard let node else { throw APIError.badRequest("the request body is an empty YAML document") }
        return try convert(node, path: "")
    }

    private static func convert(_ node: Yams.Node, path: String) throws(APIError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .doubleQuoted || scalar.style == .singleQuoted || scalar.style == .literal
                || scalar.style == .folded
            {
                return .string(scalar.string)
            }
            if let value = Bool.construct(from: scalar) { return .bool(value) }
            if NSNullLike.isNull(scalar) { return .null }
            if let value = Int64(scalar.string) { return .int(value) }
            if let value = Double.construct(from: scalar), scalar.string.contains(where: { ".eE".contains($0) }) {
                return .double(value)
            }
            return .string(scalar.string)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try convert(element, path: "\(path)[\(index)]"))
            }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw APIError.badRequest(
                        "the request body has a non-string key at \(path.isEmpty ? "the top" : path)")
                }
                let name = keyScalar.string
                members[name] = try convert(value, path: path.isEmpty ? name : "\(path).\(name)")
            }
            return .object(members)
        case .alias:
            throw APIError.badRequest("YAML aliases are not supported in request bodies")
        }
    }

    private enum NSNullLike {
        static func isNull(_ scalar: Yams.Node.Scalar) -> Bool {
            scalar.string == "null" || scalar.string == "~" || scalar.string == "Null" || scalar.string == "NULL"
                || scalar.string.isEmpty
        }
    }
}
