import Foundation
import SkiffAPI

/// `meta.k8s.io/v1 Table` responses: what `kubectl get` prints.
enum TableBuilder {
    /// A Table of `objects`, with `listMeta` for lists (nil for a single object or a watch event).
    static func table(
        _ resource: ResourceType, objects: [CachedObject], request: APIRequest, listMeta: JSONValue?
    ) -> JSONValue {
        let columns = [nameColumn] + (resource.columns.isEmpty ? [TableColumns.age] : resource.columns)
        let include = request.query["includeObject"] ?? "Metadata"
        var rows: [JSONValue] = []
        rows.reserveCapacity(objects.count)
        for cached in objects {
            guard let object = try? cached.parsed() else { continue }
            var row: JSONValue = ["cells": .array(columns.map { $0.cell(object) })]
            switch include {
            case "None": break
            case "Object": row["object"] = object
            default:
                row["object"] = [
                    "apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata",
                    "metadata": object["metadata"] ?? .emptyObject,
                ]
            }
            rows.append(row)
        }
        let definitions: [JSONValue] = columns.map { column in
            [
                "name": .string(column.name), "type": .string(column.type), "format": .string(column.format),
                "description": .string(column.description), "priority": .int(Int64(column.priority)),
            ]
        }
        return [
            "apiVersion": "meta.k8s.io/v1", "kind": "Table", "metadata": listMeta ?? .emptyObject,
            "columnDefinitions": .array(definitions), "rows": .array(rows),
        ]
    }

    private static let nameColumn = TableColumn(
        "Name", format: "name", description: "Name must be unique within a namespace."
    ) { object in
        object[path: ["metadata", "name"]] ?? ""
    }
}
