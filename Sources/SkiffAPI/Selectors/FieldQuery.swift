/// A parsed field selector, as a list or watch takes it in `?fieldSelector=` (`fields.Selector`):
/// comma-separated `field=value`, `field==value` or `field!=value` terms that must all hold, such as
/// `metadata.name=web,status.phase!=Running`.
///
/// A value may hold `,`, `=` and `\` escaped as `\,`, `\=` and `\\`; any other escape, or an
/// unescaped `=` or `,` in a value, is an error. Field names are not escaped: a term splits at its
/// first operator. Whitespace is kept (as Kubernetes keeps it). Which field names a kind supports
/// is the server's business: check ``fieldNames``.
public struct FieldQuery: Sendable, Hashable, CustomStringConvertible {
    /// How a ``Requirement`` compares a field.
    public enum Operator: String, Sendable, Hashable {
        /// `field=value` (also written `field==value`).
        case equals = "="
        /// `field!=value`.
        case notEquals = "!="
    }

    /// One term: a field compared with a value.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// The field name, `metadata.name`.
        public var field: String
        /// The comparison.
        public var `operator`: Operator
        /// The value, unescaped.
        public var value: String

        /// A term.
        public init(field: String, operator: Operator, value: String) {
            self.field = field
            self.operator = `operator`
            self.value = value
        }

        /// Whether `fields` satisfy the term; a missing field counts as `""`.
        public func matches(_ fields: [String: String]) -> Bool {
            let actual = fields[field] ?? ""
            return self.operator == .equals ? actual == value : actual != value
        }

        /// `field=value` with the value escaped.
        public var description: String { field + self.operator.rawValue + FieldQuery.escape(value) }
    }

    /// The terms, in the order of their canonical text.
    public let requirements: [Requirement]

    /// The selector that matches every object.
    public static let everything = FieldQuery(requirements: [])

    /// A selector of `requirements`, all of which must hold.
    public init(requirements: [Requirement]) {
        self.requirements = requirements.sorted { $0.description < $1.description }
    }

    /// Parses the text of a `fieldSelector` parameter; the empty string is ``everything`` and empty
    /// terms (`a=b,,c=d`) are skipped.
    public init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) where !term.isEmpty {
            guard let (field, op, rawValue) = Self.splitTerm(term) else {
                throw SelectorError(
                    .invalidSyntax, "invalid selector: '\(text)'; can't understand '\(Self.string(term))'")
            }
            if field.isEmpty {
                throw SelectorError(
                    .invalidKey, "invalid selector: '\(text)'; no field name in '\(Self.string(term))'")
            }
            requirements.append(Requirement(field: field, operator: op, value: try Self.unescape(rawValue)))
        }
        self.init(requirements: requirements)
    }

    /// Whether the selector matches everything (has no terms).
    public var isEverything: Bool { requirements.isEmpty }

    /// The field names the terms use, for a server to check against those a kind supports
    /// (`field label not supported: ...`).
    public var fieldNames: Set<String> { Set(requirements.map(\.field)) }

    /// Whether `fields` satisfy every term; a missing field counts as `""`.
    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(fields) }
    }

    /// The value a selector requires `field` to have exactly (`field=value`), if any
    /// (`RequiresExactMatch`): lets a server narrow a list, `metadata.name=web`, before matching.
    public func exactValue(for field: String) -> String? {
        requirements.first { $0.field == field && $0.operator == .equals }?.value
    }

    /// The canonical text: terms sorted, joined by `,`, values escaped, `==` written `=`. Parses back
    /// to an equal selector. Empty for ``everything``.
    public var description: String { requirements.map(\.description).joined(separator: ",") }

    /// Escapes `\`, `,` and `=` in a value (`fields.EscapeValue`).
    public static func escape(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            if character == "\\" || character == "," || character == "=" { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(character)
        }
        return result
    }

    /// Splits at commas that are not escaped; escapes stay in the terms.
    private static func splitTerms(_ text: String) -> [ArraySlice<Unicode.Scalar>] {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return [] }
        var terms: [ArraySlice<Unicode.Scalar>] = []
        var start = 0
        var escaped = false
        for (index, scalar) in scalars.enumerated() {
            if escaped {
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "," {
                terms.append(scalars[start..<index])
                start = index + 1
            }
        }
        terms.append(scalars[start...])
        return terms
    }

    /// Splits a term at its first `!=`, `==` or `=`.
    private static func splitTerm(
        _ term: ArraySlice<Unicode.Scalar>
    ) -> (String, Operator, ArraySlice<Unicode.Scalar>)? {
        for index in term.indices {
            let next: Unicode.Scalar? = index + 1 < term.endIndex ? term[index + 1] : nil
            let split: (Operator, Int)? =
                switch (term[index], next) {
                case ("!", "="): (.notEquals, 2)
                case ("=", "="): (.equals, 2)
                case ("=", _): (.equals, 1)
                default: nil
                }
            if let (op, length) = split { return (string(term[..<index]), op, term[(index + length)...]) }
        }
        return nil
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// Removes the escapes of a value (`fields.UnescapeValue`).
    private static func unescape(_ value: ArraySlice<Unicode.Scalar>) throws(SelectorError) -> String {
        var result = ""
        var escaped = false
        for scalar in value {
            if escaped {
                guard scalar == "\\" || scalar == "," || scalar == "=" else {
                    throw SelectorError(.invalidValue, "invalid field selector: invalid escape sequence: \\\(scalar)")
                }
                result.unicodeScalars.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "," || scalar == "=" {
                throw SelectorError(.invalidValue, "invalid field selector: unescaped character in value: \(scalar)")
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        if escaped { throw SelectorError(.invalidValue, "invalid field selector: invalid escape sequence: \\") }
        return String(result)
    }
}
