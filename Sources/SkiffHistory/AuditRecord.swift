import Foundation
import SkiffAPI

/// One line of the API server's audit log (`DATA-DIR/audit.log`, JSON lines): who made which
/// write, or was refused one, on which object, with what answer and at which store revision.
/// The history commands join these with an object's timeline by revision (`skiff history --who`).
public struct AuditRecord: Sendable, Equatable {
    /// When the answer was sent.
    public var time: Date
    /// The requester's name.
    public var user: String
    /// The requester's groups.
    public var groups: [String]
    /// The Kubernetes verb: create, update, patch, delete, deletecollection.
    public var verb: String
    /// The API group ("" for core).
    public var apiGroup: String
    /// The resource (plural).
    public var resource: String
    /// The subresource, if any.
    public var subresource: String
    /// The namespace ("" for cluster-scoped objects).
    public var namespace: String
    /// The object's name ("" for collections).
    public var name: String
    /// The object's store key, when one object was named.
    public var key: String
    /// The HTTP status of the answer.
    public var code: Int
    /// The revision the write made (the answer's resourceVersion); nil when it wrote nothing.
    public var revision: Int64?

    /// A record.
    public init(
        time: Date, user: String, groups: [String], verb: String, apiGroup: String, resource: String,
        subresource: String, namespace: String, name: String, key: String, code: Int, revision: Int64?
    ) {
        self.time = time
        self.user = user
        self.groups = groups
        self.verb = verb
        self.apiGroup = apiGroup
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
        self.key = key
        self.code = code
        self.revision = revision
    }

    /// The record as one JSON object (keys sorted, so lines compare byte for byte).
    public var json: JSONValue {
        var object: JSONValue = [
            "time": .string(RFC3339.format(time, fractionDigits: 6)), "user": .string(user),
            "groups": .array(groups.map { .string($0) }), "verb": .string(verb), "group": .string(apiGroup),
            "resource": .string(resource), "namespace": .string(namespace), "name": .string(name), "key": .string(key),
            "code": .int(Int64(code)),
        ]
        if !subresource.isEmpty { object["subresource"] = .string(subresource) }
        if let revision { object["revision"] = .int(revision) }
        return object
    }

    /// A record from its JSON form; nil for anything else.
    public init?(json: JSONValue) {
        guard let timeText = json["time"]?.stringValue, let time = RFC3339.parse(timeText),
            let user = json["user"]?.stringValue, let verb = json["verb"]?.stringValue,
            let code = json["code"]?.intValue
        else { return nil }
        self.init(
            time: time, user: user, groups: json["groups"]?.arrayValue?.compactMap(\.stringValue) ?? [], verb: verb,
            apiGroup: json["group"]?.stringValue ?? "", resource: json["resource"]?.stringValue ?? "",
            subresource: json["subresource"]?.stringValue ?? "", namespace: json["namespace"]?.stringValue ?? "",
            name: json["name"]?.stringValue ?? "", key: json["key"]?.stringValue ?? "", code: Int(code),
            revision: json["revision"]?.intValue)
    }

    /// The records of the audit log at `path` (its rotated predecessor `PATH.1` first), oldest
    /// first; with `key`, only that object's. Lines that are not records (a torn last line) are
    /// skipped.
    public static func read(path: String, key: String? = nil) -> [AuditRecord] {
        var records: [AuditRecord] = []
        for file in [path + ".1", path] {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                if let key {
                    // Cheap filter before parsing: the key appears verbatim in its lines.
                    guard line.firstRange(of: Array(key.utf8)) != nil else { continue }
                }
                guard let value = try? JSONParser.parse(Array(line)), let record = AuditRecord(json: value) else {
                    continue
                }
                if let key, record.key != key { continue }
                records.append(record)
            }
        }
        return records
    }

    /// The writers of an object's revisions: for each revision a successful write made, who made it.
    public static func writers(_ records: [AuditRecord]) -> [Int64: AuditRecord] {
        var byRevision: [Int64: AuditRecord] = [:]
        for record in records where (200..<300).contains(record.code) {
            if let revision = record.revision { byRevision[revision] = record }
        }
        return byRevision
    }
}
