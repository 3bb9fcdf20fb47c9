import SkiffAPI
import Yams

/// Renders JSON values as YAML the way `kubectl get -o yaml` does: block style, keys sorted, two
/// spaces of indentation, sequences inside mappings not indented, and strings quoted wherever
/// they would otherwise read back as something else (`"true"`, `"5"`, `"null"`, `""`).
public enum YAMLRendering {
    /// The YAML document for `value`, ending with a newline.
    public static func render(_ value: JSONValue) -> String {
        let text = try? Yams.serialize(node: node(for: value), indent: 2, width: -1, allowUnicode: true)
        return text ?? value.prettyPrinted() + "\n"
    }

    /// `value` as a YAML node: mappings with sorted keys, plain scalars for numbers, booleans and
    /// `null`, strings plain unless they would resolve to another type (then double-quoted) and
    /// literal (`|`) when they span lines.
    public static func node(for value: JSONValue) -> Yams.Node {
        switch value {
        case .null:
            return .scalar(.init("null", Tag(.null), .plain))
        case .bool(let flag):
            return .scalar(.init(flag ? "true" : "false", Tag(.bool), .plain))
        case .int(let number):
            return .scalar(.init(String(number), Tag(.int), .plain))
        case .double:
            return .scalar(.init(value.serializedString(), Tag(.float), .plain))
        case .string(let string):
            return .scalar(.init(string, Tag(.str), style(for: string)))
        case .array(let elements):
            return .sequence(.init(elements.map(node(for:)), Tag(.seq), .block))
        case .object(let members):
            let pairs = members.keys.sorted().map { key in (node(for: .string(key)), node(for: members[key]!)) }
            return .mapping(.init(pairs, Tag(.map), .block))
        }
    }

    /// Whether a plain scalar `string` would be read as something other than a string.
    public static func needsQuotes(_ string: String) -> Bool {
        if string.isEmpty || yaml11Booleans.contains(string) { return true }
        return Resolver.default.resolveTag(of: Yams.Node(string)) != .str
    }

    private static func style(for string: String) -> Yams.Node.Scalar.Style {
        if needsQuotes(string) { return .doubleQuoted }
        if string.contains("\n") { return .literal }
        return .any
    }

    /// YAML 1.1 booleans the default resolver does not know but other readers do.
    private static let yaml11Booleans: Set<String> = ["y", "Y", "n", "N"]
}
