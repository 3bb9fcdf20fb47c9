/// A JSONPath expression could not be parsed: what was wrong, as a stable code, and where.
public struct JSONPathError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public enum Code: String, Hashable, Sendable {
        /// The expression is empty.
        case empty
        /// The expression ends inside a step (`.a[`, `.a.`).
        case unexpectedEnd
        /// A character that cannot start or continue a step.
        case unexpectedCharacter
        /// A quoted name without its closing quote.
        case unterminatedString
        /// An index or slice that is not an integer.
        case invalidIndex
        /// A filter that is not `?(@... op value)`.
        case invalidFilter
        /// A `{` without `}` (or the reverse).
        case unbalancedBraces
    }

    /// The kind of problem.
    public var code: Code
    /// The character offset in the expression where it was found.
    public var offset: Int
    /// What was wrong, for people.
    public var message: String

    /// An error.
    public init(_ code: Code, offset: Int, message: String) {
        self.code = code
        self.offset = offset
        self.message = message
    }

    /// `invalid JSONPath at 4: unexpected end of expression`.
    public var description: String { "invalid JSONPath at \(offset): \(message)" }
}
