@testable import SkiffAPI

/// What `kubectl explain` (k8s.io/kubectl/pkg/explain/v2, plaintext template) does with a document: finds
/// a resource's kind through its paths' operations, the component with that kind, and walks field paths
/// through `properties`, `$ref`, `allOf`, `items` and `additionalProperties`.
struct ExplainModel {
    let document: JSONValue

    var schemas: [String: JSONValue] { document[path: ["components", "schemas"]]?.objectValue ?? [:] }

    /// The `x-kubernetes-group-version-kind` of the first operation of the resource's list or object path.
    func groupVersionKind(group: String, version: String, plural: String) -> JSONValue? {
        let prefix = group.isEmpty ? "/api" : "/apis/\(group)"
        let candidates = [
            "\(prefix)/\(version)/\(plural)", "\(prefix)/\(version)/\(plural)/{name}",
            "\(prefix)/\(version)/namespaces/{namespace}/\(plural)",
            "\(prefix)/\(version)/namespaces/{namespace}/\(plural)/{name}",
        ]
        for path in candidates {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let gvk = document[path: ["paths", path, method, "x-kubernetes-group-version-kind"]] {
                    return gvk
                }
            }
        }
        return nil
    }

    /// The component whose `x-kubernetes-group-version-kind` contains `gvk` (the first by name).
    func kindSchema(_ gvk: JSONValue) -> JSONValue? {
        for name in schemas.keys.sorted() {
            if let list = schemas[name]?["x-kubernetes-group-version-kind"]?.arrayValue, list.contains(gvk) {
                return schemas[name]
            }
        }
        return nil
    }

    /// The component a `$ref` names, nil for anything else.
    func resolve(_ reference: JSONValue?) -> JSONValue? {
        guard let text = reference?.stringValue, text.hasPrefix(OpenAPINames.schemaPrefix) else { return nil }
        return schemas[String(text.dropFirst(OpenAPINames.schemaPrefix.count))]
    }

    /// The schema of the field at `path` below `schema`, as the template's `output` walks it.
    func field(_ path: [String], in schema: JSONValue) -> JSONValue? {
        guard let first = path.first else { return schema }
        let resolved = resolve(schema["$ref"]) ?? schema
        if let property = resolved[path: ["properties", first]] {
            return field(Array(path.dropFirst()), in: property)
        }
        if let items = resolved["items"] { return field(path, in: items) }
        if let additional = resolved["additionalProperties"], additional.objectValue != nil {
            return field(path, in: additional)
        }
        for alternative in resolved["allOf"]?.arrayValue ?? [] {
            if let found = field(path, in: alternative) { return found }
        }
        return nil
    }

    /// The type `kubectl explain` prints for a field: `string`, `[]Container`, `map[string]Quantity`, ...
    func typeGuess(_ schema: JSONValue) -> String {
        if let items = schema["items"] { return "[]" + typeGuess(items) }
        if let additional = schema["additionalProperties"], additional.objectValue != nil {
            return "map[string]" + typeGuess(additional)
        }
        if let allOf = schema["allOf"]?.arrayValue, schema["properties"] == nil, allOf.count == 1 {
            return typeGuess(allOf[0])
        }
        if let reference = schema["$ref"]?.stringValue {
            let target = resolve(schema["$ref"])
            let type = target?["type"]?.stringValue
            if type == nil || type == "object" { return reference.split(separator: ".").last.map(String.init) ?? "" }
            return type ?? "Object"
        }
        let type = schema["type"]?.stringValue
        return type == nil || type == "object" ? "Object" : type!
    }

    /// The dotted paths of every field below `schema`, as `kubectl explain --recursive` lists them (a
    /// component already on the way is not entered again).
    func recursiveFields(_ schema: JSONValue, prefix: String = "", seen: Set<String> = []) -> [String] {
        var seen = seen
        if let reference = schema["$ref"]?.stringValue {
            if seen.contains(reference) { return [] }
            seen.insert(reference)
        }
        let resolved = resolve(schema["$ref"]) ?? schema
        var fields: [String] = []
        for (name, property) in (resolved["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            fields.append(path)
            fields += recursiveFields(property, prefix: path, seen: seen)
        }
        for alternative in resolved["allOf"]?.arrayValue ?? [] {
            fields += recursiveFields(alternative, prefix: prefix, seen: seen)
        }
        if let items = resolved["items"] { fields += recursiveFields(items, prefix: prefix, seen: seen) }
        if let additional = resolved["additionalProperties"], additional.objectValue != nil {
            fields += recursiveFields(additional, prefix: prefix, seen: seen)
        }
        return fields
    }

    /// Every `$ref` anywhere in the document.
    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            var found: [String] = []
            for (key, member) in members {
                if key == "$ref", let text = member.stringValue {
                    found.append(text)
                } else {
                    found += references(in: member)
                }
            }
            return found
        case .array(let elements): return elements.flatMap(references(in:))
        default: return []
        }
    }
}
