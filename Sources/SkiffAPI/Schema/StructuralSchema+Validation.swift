extension StructuralSchema {
    /// Validates a whole custom resource, as kube-apiserver does on create and update.
    ///
    /// Errors carry kube's field paths and messages: members are joined with dots and array
    /// elements indexed (`spec.items[2].name`, map entries `spec.labels.app`), and messages
    /// repeat the path the way kube-openapi words them:
    /// `spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10`.
    /// `apiVersion`, `kind` and `metadata` are left to the server, except that `metadata.name` and
    /// `metadata.generateName` are checked against the schema's constraints for them. Duplicates in
    /// `x-kubernetes-list-type` `set` and `map` lists are reported after the schema errors, with
    /// map entries as `spec.labels[key]` (kube's `field.Path` form for that pass).
    public func validate(_ object: JSONValue) -> [FieldError] {
        var validator = SchemaValueValidator(fieldPrefix: nil)
        validator.validate(object, self, name: "", isResourceRoot: true)
        return validator.errors + listTypeErrors(object)
    }

    /// Validates `value` against this schema alone, the way kube checks a `default` or a
    /// subresource: errors are placed under `path`, and messages name the value relative to this
    /// schema (`in body must be of type integer: "string"`, `a.b in body should ...`).
    public func validateValue(_ value: JSONValue, at path: FieldPath) -> [FieldError] {
        var validator = SchemaValueValidator(fieldPrefix: path.description)
        validator.validate(value, self, name: "", isResourceRoot: false)
        return validator.errors
    }
}

/// One validation run: the kube-openapi schema validator's checks, in its order (type,
/// `allOf`/`anyOf`/`oneOf`/`not`, string, format, number, array, `enum`, object).
struct SchemaValueValidator {
    /// Where errors go: `nil` for a whole resource (a root error is at `<nil>`, as kube prints a
    /// nil `field.Path`), else the path that error names are appended to.
    let fieldPrefix: String?
    var errors: [FieldError] = []

    init(fieldPrefix: String?) { self.fieldPrefix = fieldPrefix }

    // MARK: Names and fields

    /// The field path of an error about the value named `name`.
    func field(_ name: String) -> String {
        guard let fieldPrefix else { return name.isEmpty ? "<nil>" : name }
        if name.isEmpty { return fieldPrefix }
        return fieldPrefix.isEmpty ? name : fieldPrefix + "." + name
    }

    /// `spec.x in body`, or `in body` for the value validated itself.
    static func subject(_ name: String) -> String { name.isEmpty ? "in body" : name + " in body" }

    static func child(_ name: String, _ key: String) -> String { name.isEmpty ? key : name + "." + key }

    private mutating func invalid(_ name: String, _ value: String, _ detail: String) {
        errors.append(FieldError(.invalid, field: field(name), value: value, detail: detail))
    }

    private mutating func typeError(_ name: String, expected: String, actual: String) {
        let detail = "\(Self.subject(name)) must be of type \(expected): \(GoText.quote(actual))"
        invalid(name, GoText.quote(actual), detail)
    }

    /// An error kube-openapi reports without a field (`anyOf`, `oneOf`, `allOf`, `not`).
    private mutating func composite(_ detail: String) {
        errors.append(FieldError(.invalid, field: fieldPrefix ?? "<nil>", value: "\"\"", detail: detail))
    }

    // MARK: The checks

    /// Checks `value`, named `name`, against `schema` and everything below it.
    mutating func validate(_ value: JSONValue, _ schema: StructuralSchema, name: String, isResourceRoot: Bool) {
        if value.isNull {
            validateNull(schema, name: name)
            return
        }
        let actual = Self.typeName(value)
        if let expected = schema.type {
            guard Self.value(value, actual: actual, satisfies: expected) else {
                typeError(name, expected: expected, actual: actual)
                return
            }
        } else if schema.intOrString, schema.anyOf.isEmpty, schema.allOf.isEmpty {
            guard Self.value(value, actual: actual, satisfies: "integer") || actual == "string" else {
                typeError(name, expected: "integer,string", actual: actual)
                return
            }
        }
        validateCombinators(value, schema, name: name)
        switch value {
        case .string(let string): validateString(string, schema, name: name)
        case .int, .double: validateNumber(value, schema, name: name)
        case .array(let elements): validateArray(elements, schema, name: name)
        default: break
        }
        validateEnum(value, schema, name: name)
        if case .object(let members) = value {
            validateObject(members, schema, name: name, isResourceRoot: isResourceRoot)
        }
    }

    private mutating func validateNull(_ schema: StructuralSchema, name: String) {
        if schema.nullable { return }
        if let type = schema.type { typeError(name, expected: type, actual: "null") }
        validateEnum(.null, schema, name: name)
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// A JSON integer is a number; a double with no fractional part is an integer.
    static func value(_ value: JSONValue, actual: String, satisfies expected: String) -> Bool {
        if actual == expected { return true }
        if expected == "number", actual == "integer" { return true }
        if expected == "integer", case .double(let double) = value {
            return double.isFinite && double.rounded() == double
        }
        return false
    }

    private func subValidation(_ value: JSONValue, _ schema: StructuralSchema, name: String) -> [FieldError] {
        var validator = SchemaValueValidator(fieldPrefix: fieldPrefix)
        validator.validate(value, schema, name: name, isResourceRoot: false)
        return validator.errors
    }

    private mutating func validateCombinators(_ value: JSONValue, _ schema: StructuralSchema, name: String) {
        let quoted = GoText.quote(name)
        if !schema.anyOf.isEmpty {
            var best: [FieldError]?
            for alternative in schema.anyOf {
                let result = subValidation(value, alternative, name: name)
                if result.isEmpty {
                    best = nil
                    break
                }
                if best == nil || result.count < best!.count { best = result }
            }
            if let best {
                composite("\(quoted) must validate at least one schema (anyOf)")
                errors += best
            }
        }
        if !schema.oneOf.isEmpty {
            var best: [FieldError]?
            var valid = 0
            for alternative in schema.oneOf {
                let result = subValidation(value, alternative, name: name)
                if result.isEmpty {
                    valid += 1
                    best = nil
                } else if valid == 0, best == nil || result.count < best!.count {
                    best = result
                }
            }
            if valid != 1 {
                let found = valid == 0 ? "Found none valid" : "Found \(valid) valid alternatives"
                composite("\(quoted) must validate one and only one schema (oneOf). \(found)")
                errors += best ?? []
            }
        }
        if !schema.allOf.isEmpty {
            var valid = 0
            for part in schema.allOf {
                let result = subValidation(value, part, name: name)
                if result.isEmpty { valid += 1 }
                errors += result
            }
            if valid != schema.allOf.count {
                composite("\(quoted) must validate all the schemas (allOf)\(valid == 0 ? ". None validated" : "")")
            }
        }
        if let not = schema.not, subValidation(value, not, name: name).isEmpty {
            composite("\(quoted) must not validate the schema (not)")
        }
    }

    private mutating func validateString(_ string: String, _ schema: StructuralSchema, name: String) {
        let length = string.unicodeScalars.count
        if let maxLength = schema.maxLength, length > maxLength {
            let unit = maxLength == 1 ? "byte" : "bytes"
            errors.append(FieldError(.tooLong, field: field(name), detail: "may not be more than \(maxLength) \(unit)"))
        }
        if let minLength = schema.minLength, length < minLength {
            invalid(name, GoText.quote(string), "\(Self.subject(name)) should be at least \(minLength) chars long")
        }
        if let pattern = schema.compiledPattern, pattern.expression != nil, !pattern.matches(string) {
            invalid(name, GoText.quote(string), "\(Self.subject(name)) should match '\(pattern.source)'")
        }
        if let format = schema.format, !SchemaFormat.isValid(string, format: format) {
            let detail = "\(Self.subject(name)) must be of type \(format): \(GoText.quote(string))"
            invalid(name, GoText.quote(string), detail)
        }
    }

    private mutating func validateNumber(_ value: JSONValue, _ schema: StructuralSchema, name: String) {
        let number: Double
        switch value {
        case .int(let integer): number = Double(integer)
        case .double(let double): number = double
        default: return
        }
        let text = GoText.number(value)
        let subject = Self.subject(name)
        if let factor = schema.multipleOf, factor > 0, !Self.isMultiple(value, of: factor) {
            invalid(name, text, "\(subject) should be a multiple of \(GoText.float(factor))")
        }
        if let maximum = schema.maximum {
            if schema.exclusiveMaximum, number >= maximum {
                invalid(name, text, "\(subject) should be less than \(GoText.float(maximum))")
            } else if !schema.exclusiveMaximum, number > maximum {
                invalid(name, text, "\(subject) should be less than or equal to \(GoText.float(maximum))")
            }
        }
        if let minimum = schema.minimum {
            if schema.exclusiveMinimum, number <= minimum {
                invalid(name, text, "\(subject) should be greater than \(GoText.float(minimum))")
            } else if !schema.exclusiveMinimum, number < minimum {
                invalid(name, text, "\(subject) should be greater than or equal to \(GoText.float(minimum))")
            }
        }
    }

    /// Integers are checked exactly against an integral factor; otherwise the quotient must be
    /// integral within 1e-9 (go-openapi's `IsFloat64AJSONInteger`).
    static func isMultiple(_ value: JSONValue, of factor: Double) -> Bool {
        if case .int(let integer) = value, factor.rounded() == factor, abs(factor) < 9e18 {
            return integer % Int64(factor) == 0
        }
        let number: Double
        switch value {
        case .int(let integer): number = Double(integer)
        case .double(let double): number = double
        default: return true
        }
        let quotient = number / factor
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
    }

    private mutating func validateArray(_ elements: [JSONValue], _ schema: StructuralSchema, name: String) {
        let count = elements.count
        if let minItems = schema.minItems, count < minItems {
            invalid(name, String(count), "\(Self.subject(name)) should have at least \(minItems) items")
        }
        if let maxItems = schema.maxItems, count > maxItems {
            errors.append(Self.tooMany(field(name), actual: count, maximum: maxItems))
        }
        if schema.uniqueItems, Self.hasDuplicates(elements) {
            invalid(name, "\"\"", "\(Self.subject(name)) shouldn't contain duplicates")
        }
        if let items = schema.items {
            for (index, element) in elements.enumerated() {
                validate(element, items, name: "\(name)[\(index)]", isResourceRoot: false)
            }
        }
    }

    static func tooMany(_ field: String, actual: Int, maximum: Int) -> FieldError {
        FieldError(
            .tooMany, field: field, value: String(actual),
            detail: "must have at most \(maximum) \(maximum == 1 ? "item" : "items")")
    }

    private static func hasDuplicates(_ elements: [JSONValue]) -> Bool {
        for (index, element) in elements.enumerated() {
            for other in elements[(index + 1)...] where jsonEqual(element, other) { return true }
        }
        return false
    }

    /// Equality of decoded JSON where numbers compare by value (`1` equals `1.0`).
    static func jsonEqual(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { jsonEqual($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { jsonEqual(value, $0) } ?? false }
        default: return left == right
        }
    }

    private mutating func validateEnum(_ value: JSONValue, _ schema: StructuralSchema, name: String) {
        guard let allowed = schema.enumValues, !allowed.isEmpty else { return }
        if allowed.contains(where: { Self.jsonEqual($0, value) }) { return }
        let supported = allowed.map { candidate -> String in
            if case .string(let string) = candidate { return GoText.quote(string) }
            return GoText.quote(candidate.serializedString())
        }
        errors.append(
            FieldError(
                .notSupported, field: field(name), value: GoText.errorValue(value),
                detail: "supported values: " + supported.joined(separator: ", ")))
    }

    private mutating func validateObject(
        _ members: [String: JSONValue], _ schema: StructuralSchema, name: String, isResourceRoot: Bool
    ) {
        let count = members.count
        if let minProperties = schema.minProperties, count < minProperties {
            invalid(name, String(count), "\(Self.subject(name)) should have at least \(minProperties) properties")
            return
        }
        if let maxProperties = schema.maxProperties, count > maxProperties {
            errors.append(Self.tooMany(field(name), actual: count, maximum: maxProperties))
            return
        }
        let extraKeys = members.keys.filter { schema.properties[$0] == nil }.sorted()
        switch schema.additionalProperties {
        case .allowed(false):
            for key in extraKeys {
                invalid(name, GoText.quote(key), "\(name).\(key) in body is a forbidden property")
            }
        case .schema(let valueSchema):
            for key in extraKeys {
                validate(members[key]!, valueSchema, name: Self.child(name, key), isResourceRoot: false)
            }
        default: break
        }
        for key in schema.properties.keys.sorted() {
            guard let member = members[key], let property = schema.properties[key] else { continue }
            if isResourceRoot, key == "metadata" {
                validateMetadata(member, property)
            } else {
                validate(member, property, name: Self.child(name, key), isResourceRoot: false)
            }
        }
        for key in schema.required where members[key] == nil {
            errors.append(FieldError(.required, field: field(Self.child(name, key))))
        }
    }

    /// At the root, the schema may only constrain `metadata.name` and `metadata.generateName`.
    private mutating func validateMetadata(_ metadata: JSONValue, _ schema: StructuralSchema) {
        guard case .object(let members) = metadata else { return }
        for key in ["name", "generateName"] {
            if let value = members[key], let property = schema.properties[key] {
                validate(value, property, name: "metadata." + key, isResourceRoot: false)
            }
        }
    }
}
