/// An error from parsing a label or field selector (``LabelQuery``, ``FieldQuery``): a small value
/// with a stable ``Code`` and a message for people. The API server answers a list or watch whose
/// selector does not parse with a 400 `BadRequest` carrying ``message``.
public struct SelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable value. A struct over a private enum, so new codes never break
    /// callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidSyntax, invalidKey, invalidValue, unsupportedOperator
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is not a selector: a stray token, a missing `)`, `a=b=c`, `a in ()`.
        public static let invalidSyntax = Code(.invalidSyntax)
        /// A label key (or field name) is not allowed: too long, bad characters, empty.
        public static let invalidKey = Code(.invalidKey)
        /// A value is not allowed: a bad label value, a bad escape in a field selector value, a
        /// non-integer for `>`/`<`.
        public static let invalidValue = Code(.invalidValue)
        /// An operator that does not exist (`matchExpressions` with `Matches`), or one used with the
        /// wrong number of values (`In` with none, `Exists` with some).
        public static let unsupportedOperator = Code(.unsupportedOperator)

        public var description: String { base.rawValue }
    }

    /// The stable code.
    public var code: Code
    /// A message for people, as the API server shows it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message alone (what a `BadRequest` status shows).
    public var description: String { message }
}
