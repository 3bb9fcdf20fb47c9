import Foundation
import SkiffAPI

/// How a history command prints its result, chosen with `-o`.
public enum OutputFormat: String, CaseIterable, Hashable, Sendable {
    /// Aligned columns for people (the default).
    case table
    /// Indented JSON with sorted keys.
    case json
    /// YAML with sorted keys.
    case yaml

    /// The format named by an `-o` value, in any case.
    public static func parse(_ text: String) throws(HistoryError) -> OutputFormat {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let format = OutputFormat(rawValue: name) { return format }
        let known = allCases.map(\.rawValue)
        throw HistoryError(
            .unknownOutputFormat,
            "unknown output format \"\(text)\"; use \(known.dropLast().joined(separator: ", ")) or \(known.last!)")
    }

    /// A document in this format, ending with a newline: ``SkiffAPI/JSONValue/prettyPrinted()``
    /// for JSON, ``YAMLRendering/render(_:)`` for YAML; `nil` for ``table``, which needs columns.
    public func render(_ value: JSONValue) -> String? {
        switch self {
        case .table: return nil
        case .json: return value.prettyPrinted() + "\n"
        case .yaml: return YAMLRendering.render(value)
        }
    }
}
