import Foundation

// The value rules kinds share (`k8s.io/apimachinery/pkg/util/validation`, `validation.IsValidPortNum`, ...)
// and the helpers the kinds' `validate(old:)` use, with Kubernetes' messages.

extension NameValidation {
    /// The longest port name (an IANA service name).
    public static let portNameMaxLength = 15

    /// Whether `port` is a port number, 1 to 65535 (`IsValidPortNum`).
    public static func isValidPortNumber(_ port: Int) -> [String] {
        (1...65535).contains(port) ? [] : [inclusiveRangeMessage(1, 65535)]
    }

    /// Whether `name` is a port name (`IsValidPortName`, an IANA_SVC_NAME): at most 15 lowercase
    /// alphanumerics and single hyphens inside, with at least one letter (`http`, `metrics-1`).
    public static func isValidPortName(_ name: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(name.utf8)
        if bytes.count > portNameMaxLength { problems.append("must be no more than 15 characters") }
        let isLower = { (byte: UInt8) in byte >= 0x61 && byte <= 0x7A }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        if bytes.isEmpty || !bytes.allSatisfy({ isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }) {
            problems.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !bytes.contains(where: isLower) { problems.append("must contain at least one letter (a-z)") }
        if name.contains("--") { problems.append("must not contain consecutive hyphens") }
        if bytes.first == UInt8(ascii: "-") || bytes.last == UInt8(ascii: "-") {
            problems.append("must not begin or end with a hyphen")
        }
        return problems
    }

    /// Whether `key` can be a ConfigMap or Secret key (`IsConfigMapKey`): at most 253 of
    /// `[-._a-zA-Z0-9]`, not `.`, `..` or starting with `..`.
    public static func isConfigMapKey(_ key: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(key.utf8)
        if bytes.count > dns1123SubdomainMaxLength { problems.append("must be no more than 253 characters") }
        let allowed = { (byte: UInt8) -> Bool in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        }
        if bytes.isEmpty || !bytes.allSatisfy(allowed) {
            problems.append(
                "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
                    + "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
        }
        if key == "." {
            problems.append("must not be '.'")
        } else if key == ".." {
            problems.append("must not be '..'")
        } else if key.hasPrefix("..") {
            problems.append("must not start with '..'")
        }
        return problems
    }

    /// Whether `name` is an environment variable name (`IsRelaxedEnvVarName`): printable ASCII
    /// other than `=`.
    public static func isEnvVarName(_ name: String) -> [String] {
        if name.isEmpty { return ["environment variable name must be non-empty"] }
        let printable = name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "=") }
        return printable
            ? [] : ["a valid environment variable name must consist only of printable ASCII characters other than '='"]
    }

    /// Whether `text` is a percentage, digits and `%` (`IsValidPercent`).
    public static func isValidPercent(_ text: String) -> [String] {
        let digits = text.utf8.dropLast()
        if text.hasSuffix("%"), !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return [] }
        return [
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex "
                + "used for validation is '[0-9]+%')"
        ]
    }

    /// Whether `text` is an IPv4 or IPv6 address (`IsValidIP`).
    public static func isValidIP(_ text: String) -> [String] {
        IPAddress.parse(text) == nil ? ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"] : []
    }

    /// Whether `text` is a CIDR, an address and a prefix length (`IsValidCIDR`).
    public static func isValidCIDR(_ text: String) -> [String] {
        IPAddress.parseCIDR(text) == nil ? ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"] : []
    }

    /// `must be between 1 and 65535, inclusive` (`InclusiveRangeError`).
    static func inclusiveRangeMessage(_ low: Int, _ high: Int) -> String {
        "must be between \(low) and \(high), inclusive"
    }
}

/// The family of a parsed address.
enum IPAddress {
    case v4
    case v6

    /// The family of `text`, `nil` if it is not an address. IPv4 is four decimal octets without
    /// leading zeros; IPv6 is RFC 4291 text (`::` once, an IPv4 tail allowed), no zone.
    static func parse(_ text: String) -> IPAddress? {
        if isIPv4(Substring(text)) { return .v4 }
        if isIPv6(Substring(text)) { return .v6 }
        return nil
    }

    /// The family of a CIDR `address/prefix`, `nil` if it is not one.
    static func parseCIDR(_ text: String) -> IPAddress? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let family = parse(String(parts[0])), !parts[1].isEmpty, parts[1].count <= 3,
            parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let prefix = Int(parts[1])
        else { return nil }
        return prefix <= (family == .v4 ? 32 : 128) ? family : nil
    }

    private static func isIPv4(_ text: Substring) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        return octets.allSatisfy { octet in
            guard !octet.isEmpty, octet.count <= 3, octet.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(octet), value <= 255
            else { return false }
            return octet.count == 1 || octet.first != "0"
        }
    }

    private static func isIPv6(_ text: Substring) -> Bool {
        guard text.contains(":") else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: String) -> [Substring]? {
            part.isEmpty ? [] : part.split(separator: ":", omittingEmptySubsequences: false)
        }
        guard let head = groups(halves[0]), let tail = halves.count == 2 ? groups(halves[1]) : [] else { return false }
        var all = head + tail
        var count = 0
        if let last = all.last, last.contains("."), halves.count == 1 || !tail.isEmpty {
            guard isIPv4(last) else { return false }
            all.removeLast()
            count += 2
        }
        let hex = { (byte: UInt8) in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
        }
        for group in all {
            guard (1...4).contains(group.utf8.count), group.utf8.allSatisfy(hex) else { return false }
            count += 1
        }
        return halves.count == 2 ? count <= 7 : count == 8
    }
}

/// Shared checks of the kinds' validation.
enum FieldRules {
    static let negativeMessage = "must be greater than or equal to 0"
    static let immutableMessage = "field is immutable"

    /// `path: Invalid value: -1: must be greater than or equal to 0` for a negative value.
    static func nonNegative(_ value: (some BinaryInteger & CustomStringConvertible)?, _ path: String) -> [FieldError] {
        guard let value, value < 0 else { return [] }
        return [.invalid(path, value, negativeMessage)]
    }

    /// A value outside `supported` (none when `value` is nil or empty: a default applies).
    static func oneOf(_ value: String?, _ supported: [String], _ path: String) -> [FieldError] {
        guard let value, !value.isEmpty, !supported.contains(value) else { return [] }
        return [.notSupported(path, value, supported: supported)]
    }

    /// `Invalid value` errors for each problem a name rule reports.
    static func name(_ value: String, _ path: String, _ rule: (String) -> [String]) -> [FieldError] {
        rule(value).map { .invalid(path, value, $0) }
    }

    /// An invalid value shown as it is, not quoted (maps, lists, structures).
    static func invalidRaw(_ path: String, _ text: String, _ detail: String) -> FieldError {
        FieldError(.invalid, field: path, value: text, detail: detail)
    }

    /// A string map as Go prints it in field errors: `map[string]string{"app":"web", "tier":"db"}`.
    static func goMap(_ map: [String: String]?) -> String {
        let entries = (map ?? [:]).sorted { $0.key < $1.key }.map { "\(goQuote($0.key)):\(goQuote($0.value))" }
        return "map[string]string{" + entries.joined(separator: ", ") + "}"
    }

    /// A string list as Go prints it: `[]string{"10.0.0.1", "fd00::1"}`.
    static func goList(_ list: [String]) -> String {
        "[]string{" + list.map(goQuote).joined(separator: ", ") + "}"
    }

    /// A string quoted as Go's `%q` does (``GoText/quote(_:)``).
    static func goQuote(_ text: String) -> String { GoText.quote(text) }

    /// An object as compact JSON with sorted keys, for values that are structures.
    static func json(_ value: some Encodable) -> String {
        KindStrategy.encodeTyped(value).serializedString()
    }

    /// `ValidateLabelSelector`: expression operators, keys and values, and the match labels.
    static func labelSelector(_ selector: LabelSelector, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, expression) in (selector.matchExpressions ?? []).enumerated() {
            let expressionPath = path.child("matchExpressions").index(index)
            let values = expression.values ?? []
            switch expression.operator ?? "" {
            case "In", "NotIn":
                if values.isEmpty {
                    errors.append(
                        .required(expressionPath("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
                }
            case "Exists", "DoesNotExist":
                if !values.isEmpty {
                    errors.append(
                        .forbidden(
                            expressionPath("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
                }
            default:
                errors.append(
                    .invalid(expressionPath("operator"), expression.operator ?? "", "not a valid selector operator"))
            }
            errors += name(expression.key ?? "", expressionPath("key"), NameValidation.isQualifiedName)
            for (valueIndex, value) in values.enumerated() {
                errors += name(
                    value, expressionPath.child("values").index(valueIndex).description,
                    NameValidation.isValidLabelValue)
            }
        }
        errors += NameValidation.validateLabels(selector.matchLabels ?? [:], path: path.child("matchLabels"))
        return errors
    }

    /// The selector a ``LabelSelector`` means, `nil` when it cannot be built.
    static func query(_ selector: LabelSelector) -> LabelQuery? { selector.labelQuery }

    /// Whether a selector has no requirements.
    static func isEmpty(_ selector: LabelSelector) -> Bool {
        (selector.matchLabels ?? [:]).isEmpty && (selector.matchExpressions ?? []).isEmpty
    }

    /// A port number or name (`ValidatePortNumOrName`).
    static func portNumberOrName(_ port: IntOrString?, _ path: String) -> [FieldError] {
        switch port {
        case nil:
            return [.required(path)]
        case .int(let number):
            return NameValidation.isValidPortNumber(number).map { .invalid(path, number, $0) }
        case .string(let name):
            return NameValidation.isValidPortName(name).map { .invalid(path, name, $0) }
        }
    }
}
