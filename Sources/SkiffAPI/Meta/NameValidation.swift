/// The name and metadata rules of `k8s.io/apimachinery/pkg/util/validation` and
/// `apimachinery/pkg/api/validation`, with Kubernetes' own messages (clients and tests match on them).
///
/// Each `is...` function returns the problems with a value, empty when it is valid.
public enum NameValidation {
    /// The longest DNS-1123 subdomain (most object names).
    public static let dns1123SubdomainMaxLength = 253
    /// The longest DNS-1123 or DNS-1035 label (namespaces, Services).
    public static let dns1123LabelMaxLength = 63
    /// The longest name part of a qualified name (label and annotation keys).
    public static let qualifiedNameMaxLength = 63
    /// The longest label value.
    public static let labelValueMaxLength = 63
    /// The most bytes all annotation keys and values of one object may take together (256 KiB).
    public static let totalAnnotationSizeLimit = 256 * 1024

    private static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    private static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    private static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"
    private static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    private static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
        + "character"

    /// Whether `value` is a lowercase RFC 1123 subdomain of at most 253 characters (`example.com`): the
    /// rule for most object names.
    public static func isDNS1123Subdomain(_ value: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(value.utf8)
        if bytes.count > dns1123SubdomainMaxLength { problems.append(maxLengthMessage(dns1123SubdomainMaxLength)) }
        if !matchesSubdomain(bytes[...]) {
            problems.append(
                regexMessage(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                        + "and must start and end with an alphanumeric character",
                    format: dns1123SubdomainFormat, examples: ["example.com"]))
        }
        return problems
    }

    /// Whether `value` is a lowercase RFC 1123 label of at most 63 characters (`my-name`): the rule for
    /// namespace names.
    public static func isDNS1123Label(_ value: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(value.utf8)
        if bytes.count > dns1123LabelMaxLength { problems.append(maxLengthMessage(dns1123LabelMaxLength)) }
        if !matchesLabel(bytes[...], letterFirst: false) {
            problems.append(
                regexMessage(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
                        + "start and end with an alphanumeric character",
                    format: dns1123LabelFormat, examples: ["my-name", "123-abc"]))
        }
        return problems
    }

    /// Whether `value` is an RFC 1035 label of at most 63 characters that starts with a letter
    /// (`my-name`): the rule for Service names.
    public static func isDNS1035Label(_ value: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(value.utf8)
        if bytes.count > dns1123LabelMaxLength { problems.append(maxLengthMessage(dns1123LabelMaxLength)) }
        if !matchesLabel(bytes[...], letterFirst: true) {
            problems.append(
                regexMessage(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                        + "alphabetic character, and end with an alphanumeric character",
                    format: dns1035LabelFormat, examples: ["my-name", "abc-123"]))
        }
        return problems
    }

    /// Whether `value` is a qualified name, an optional DNS subdomain prefix and `/` before a name of
    /// at most 63 characters (`example.com/MyName`): the rule for label and annotation keys and
    /// finalizers.
    public static func isQualifiedName(_ value: String) -> [String] {
        var problems: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            name = parts[1]
            if prefix.isEmpty {
                problems.append("prefix part " + emptyMessage)
            } else {
                problems += isDNS1123Subdomain(String(prefix)).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name "
                    + regexMessage(
                        qualifiedNameMessage, format: qualifiedNameFormat, examples: ["MyName", "my.name", "123-abc"])
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        let bytes = Array(name.utf8)
        if bytes.isEmpty {
            problems.append("name part " + emptyMessage)
        } else if bytes.count > qualifiedNameMaxLength {
            problems.append("name part " + maxLengthMessage(qualifiedNameMaxLength))
        }
        if !matchesQualifiedName(bytes[...]) {
            problems.append(
                "name part "
                    + regexMessage(
                        qualifiedNameMessage, format: qualifiedNameFormat, examples: ["MyName", "my.name", "123-abc"]))
        }
        return problems
    }

    /// Whether `value` is a label value: empty, or at most 63 alphanumerics with `-`, `_`, `.` inside.
    public static func isValidLabelValue(_ value: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(value.utf8)
        if bytes.count > labelValueMaxLength { problems.append(maxLengthMessage(labelValueMaxLength)) }
        if !bytes.isEmpty, !matchesQualifiedName(bytes[...]) {
            problems.append(
                regexMessage(
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                        + "and must start and end with an alphanumeric character",
                    format: "(" + qualifiedNameFormat + ")?", examples: ["MyValue", "my_value", "12345"]))
        }
        return problems
    }

    /// Whether `value` can be one segment of a URL path: not `.` or `..`, no `/` or `%`. The rule for
    /// names of kinds that allow any characters otherwise (RBAC roles and bindings).
    public static func isValidPathSegmentName(_ value: String) -> [String] {
        for illegal in [".", ".."] where value == illegal { return ["may not be '\(illegal)'"] }
        return ["/", "%"].filter { value.contains($0) }.map { "may not contain '\($0)'" }
    }

    /// The checks every object's metadata gets on create and update (`ValidateObjectMeta`):
    ///
    /// - `name` or `generateName` is required; the name (and the generate-name prefix, a trailing `-`
    ///   allowed) must pass `nameRule`, for example ``isDNS1123Subdomain(_:)``;
    /// - `namespace` is required and a DNS-1123 label for namespaced kinds, forbidden for cluster-scoped ones;
    /// - `generation` is not negative;
    /// - label keys are qualified names and values label values; annotation keys are qualified names
    ///   (case does not matter) and all annotations together take at most 256 KiB;
    /// - owner references have an API version, kind, name and uid, are not Events, and at most one
    ///   is the controller;
    /// - finalizers are qualified names, and not both `orphan` and `foregroundDeletion`.
    ///
    /// Unlike kube-apiserver, which fills in a generated name before validating, an empty `name` with
    /// a `generateName` is accepted here.
    public static func validateObjectMeta(
        _ meta: ObjectMeta, namespaced: Bool, nameRule: (String) -> [String], path: FieldPath = FieldPath("metadata")
    ) -> [FieldError] {
        var errors: [FieldError] = []
        let name = meta.name ?? ""
        let generateName = meta.generateName ?? ""
        if !generateName.isEmpty {
            for message in nameRule(maskTrailingDash(generateName)) {
                errors.append(.invalid(path("generateName"), generateName, message))
            }
        }
        if name.isEmpty {
            if generateName.isEmpty { errors.append(.required(path("name"), "name or generateName is required")) }
        } else {
            for message in nameRule(name) { errors.append(.invalid(path("name"), name, message)) }
        }
        let namespace = meta.namespace ?? ""
        if namespaced {
            if namespace.isEmpty {
                errors.append(.required(path("namespace")))
            } else {
                for message in isDNS1123Label(namespace) {
                    errors.append(.invalid(path("namespace"), namespace, message))
                }
            }
        } else if !namespace.isEmpty {
            errors.append(.forbidden(path("namespace"), "not allowed on this type"))
        }
        if let generation = meta.generation, generation < 0 {
            errors.append(.invalid(path("generation"), generation, "must be greater than or equal to 0"))
        }
        errors += validateLabels(meta.labels ?? [:], path: path.child("labels"))
        errors += validateAnnotations(meta.annotations ?? [:], path: path.child("annotations"))
        errors += validateOwnerReferences(meta.ownerReferences ?? [], path: path.child("ownerReferences"))
        errors += validateFinalizers(meta.finalizers ?? [], path: path.child("finalizers"))
        return errors
    }

    /// Label keys must be qualified names and values label values (`ValidateLabels`); keys in order.
    public static func validateLabels(_ labels: [String: String], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for key in labels.keys.sorted() {
            for message in isQualifiedName(key) { errors.append(.invalid(path.description, key, message)) }
            let value = labels[key]!
            for message in isValidLabelValue(value) { errors.append(.invalid(path.description, value, message)) }
        }
        return errors
    }

    /// Annotation keys must be qualified names, case aside, and all annotations together at most
    /// 256 KiB (`ValidateAnnotations`).
    public static func validateAnnotations(_ annotations: [String: String], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var totalSize = 0
        for key in annotations.keys.sorted() {
            for message in isQualifiedName(key.lowercased()) {
                errors.append(.invalid(path.description, key, message))
            }
            totalSize += key.utf8.count + annotations[key]!.utf8.count
        }
        if totalSize > totalAnnotationSizeLimit {
            errors.append(
                FieldError(
                    .tooLong, field: path.description,
                    detail: "may not be more than \(totalAnnotationSizeLimit) bytes"))
        }
        return errors
    }

    /// Owner references must name their owner fully, not be Events, and at most one may be the
    /// controller (`ValidateOwnerReferences`).
    public static func validateOwnerReferences(_ references: [OwnerReference], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var firstController: String?
        for reference in references {
            let slashes = reference.apiVersion.filter { $0 == "/" }.count
            let version: Substring =
                switch slashes {
                case 0: reference.apiVersion[...]
                case 1: reference.apiVersion.split(separator: "/", omittingEmptySubsequences: false)[1]
                default: ""
                }
            if version.isEmpty {
                errors.append(.invalid(path("apiVersion"), reference.apiVersion, "version must not be empty"))
            }
            if reference.kind.isEmpty {
                errors.append(.invalid(path("kind"), reference.kind, "kind must not be empty"))
            }
            if reference.name.isEmpty {
                errors.append(.invalid(path("name"), reference.name, "name must not be empty"))
            }
            if reference.uid.isEmpty {
                errors.append(.invalid(path("uid"), reference.uid, "uid must not be empty"))
            }
            if reference.apiVersion == "v1", reference.kind == "Event" {
                errors.append(
                    FieldError(
                        .invalid, field: path.description, detail: "/v1, Kind=Event is disallowed from being an owner"))
            }
            if reference.controller == true {
                let current = reference.kind + "/" + reference.name
                if let firstController {
                    errors.append(
                        FieldError(
                            .invalid, field: path.description,
                            detail:
                                "Only one reference can have Controller set to true. Found \"true\" in references for "
                                + "\(firstController) and \(current)"))
                } else {
                    firstController = current
                }
            }
        }
        return errors
    }

    /// Finalizers must be qualified names, and `orphan` and `foregroundDeletion` exclude each other
    /// (`ValidateFinalizers`).
    public static func validateFinalizers(_ finalizers: [String], path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for finalizer in finalizers {
            for message in isQualifiedName(finalizer) { errors.append(.invalid(path.description, finalizer, message)) }
        }
        if finalizers.contains("orphan"), finalizers.contains("foregroundDeletion") {
            errors.append(
                FieldError(
                    .invalid, field: path.description,
                    value: "[" + finalizers.map { "\"\($0)\"" }.joined(separator: ", ") + "]",
                    detail: "finalizer orphan and foregroundDeletion cannot be both set"))
        }
        return errors
    }

    // MARK: - Matching

    private static let emptyMessage = "must be non-empty"

    private static func maxLengthMessage(_ length: Int) -> String { "must be no more than \(length) characters" }

    /// `validation.RegexError`, double space before `or` included.
    private static func regexMessage(_ message: String, format: String, examples: [String]) -> String {
        guard !examples.isEmpty else { return message + " (regex used for validation is '" + format + "')" }
        let list = examples.map { "'" + $0 + "', " }.joined(separator: " or ")
        return message + " (e.g. " + list + "regex used for validation is '" + format + "')"
    }

    /// A generate-name prefix may end in `-`; check it as if it ended in a letter.
    private static func maskTrailingDash(_ name: String) -> String {
        guard name.utf8.count > 1, name.hasSuffix("-") else { return name }
        return String(name.dropLast()) + "a"
    }

    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLower(byte) || isDigit(byte) || (byte >= 0x41 && byte <= 0x5A)
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, or `[a-z]...` with `letterFirst`.
    private static func matchesLabel(_ bytes: ArraySlice<UInt8>, letterFirst: Bool) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard letterFirst ? isLower(first) : (isLower(first) || isDigit(first)) else { return false }
        guard isLower(last) || isDigit(last) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// Dot-separated DNS-1123 labels.
    private static func matchesSubdomain(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy {
            matchesLabel($0, letterFirst: false)
        }
    }

    /// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
    private static func matchesQualifiedName(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// Whether `value` is a valid label key (for selectors).
    static func isValidLabelKey(_ value: String) -> Bool { isQualifiedName(value).isEmpty }
}
