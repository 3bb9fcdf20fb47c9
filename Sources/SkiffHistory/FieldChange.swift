import Foundation
import SkiffAPI

/// One field that differs between two revisions of an object: its dotted path, whether it was
/// added, removed or changed, and the values on each side.
public struct FieldChange: Hashable, Sendable, CustomStringConvertible {
    /// How the field differs.
    public enum Kind: String, Hashable, Sendable {
        /// Absent before, present after.
        case added
        /// Present before, absent after.
        case removed
        /// Present on both sides with different values (or different types).
        case changed
    }

    /// The dotted path, with array indices and bracketed keys where a key is not a plain name:
    /// `spec.template.spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`;
    /// empty for the whole value.
    public var path: String
    /// How the field differs.
    public var kind: Kind
    /// The value before; `nil` when added.
    public var old: JSONValue?
    /// The value after; `nil` when removed.
    public var new: JSONValue?

    /// A change.
    public init(path: String, kind: Kind, old: JSONValue?, new: JSONValue?) {
        self.path = path
        self.kind = kind
        self.old = old
        self.new = new
    }

    /// The path for people: `value` for the whole value.
    public var displayPath: String { path.isEmpty ? "value" : path }

    /// The change in a few words, for summaries: `spec.replicas: 3 → 5`,
    /// `metadata.labels.app: added`, `metadata.labels.tier: removed`; `created` and `deleted`
    /// for the whole value.
    public var compactDescription: String {
        switch kind {
        case .added: return path.isEmpty ? "created" : "\(path): added"
        case .removed: return path.isEmpty ? "deleted" : "\(path): removed"
        case .changed: return "\(displayPath): \(Self.render(old)) → \(Self.render(new))"
        }
    }

    /// The change as one line with its values: `~ spec.replicas: 3 → 5`,
    /// `+ metadata.labels.app: web`, `- metadata.labels.tier: db`.
    public var description: String {
        switch kind {
        case .added: return "+ \(displayPath): \(Self.render(new))"
        case .removed: return "- \(displayPath): \(Self.render(old))"
        case .changed: return "~ \(displayPath): \(Self.render(old)) → \(Self.render(new))"
        }
    }

    /// A short rendering of a value: strings unquoted (`""` when empty; line breaks and tabs as
    /// `\n`, `\r`, `\t`), numbers, booleans and `null` as JSON, objects as `{…}` (`{}` when
    /// empty), arrays as `[3 items]` (`[]` when empty); cut to `limit` characters with `…`. `nil`
    /// renders as `(absent)`.
    public static func render(_ value: JSONValue?, limit: Int = 40) -> String {
        guard let value else { return "(absent)" }
        let text: String
        switch value {
        case .string(let string):
            if string.isEmpty { return "\"\"" }
            text = string.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
                .replacingOccurrences(of: "\t", with: "\\t")
        case .object(let members):
            text = members.isEmpty ? "{}" : "{…}"
        case .array(let elements):
            text = elements.isEmpty ? "[]" : (elements.count == 1 ? "[1 item]" : "[\(elements.count) items]")
        case .null, .bool, .int, .double:
            text = value.serializedString()
        }
        return text.truncated(to: limit)
    }
}
