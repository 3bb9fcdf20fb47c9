/// An error from parsing what a user typed for the history commands: an object reference, a time,
/// an output format. A small value with a stable ``Code`` and a message for people.
///
/// ```swift
/// catch let error as HistoryError where error.code == .unknownResource { print(error.suggestions) }
/// ```
public struct HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable value. A struct over a private enum, so new codes never break
    /// callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownResource, missingNamespace, invalidReference, invalidTime, unknownOutputFormat
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The resource of a reference (`pdos/default/web-1`) is not one the scheme knows;
        /// ``HistoryError/suggestions`` lists the closest known names.
        public static let unknownResource = Code(.unknownResource)
        /// A namespaced resource was named with an empty namespace (`pods//web-1`).
        public static let missingNamespace = Code(.missingNamespace)
        /// A reference has the wrong shape: empty, empty segments, too many segments, or a
        /// namespace for a cluster-scoped resource.
        public static let invalidReference = Code(.invalidReference)
        /// A `--at`/`--since` value is neither a duration nor an RFC 3339 time.
        public static let invalidTime = Code(.invalidTime)
        /// An `-o` value is not `table`, `json` or `yaml`.
        public static let unknownOutputFormat = Code(.unknownOutputFormat)

        public var description: String { base.rawValue }
    }

    /// The stable code.
    public var code: Code
    /// A message for people, naming what was typed.
    public var message: String
    /// For ``Code/unknownResource``: the closest known resource names, best first (may be empty).
    public var suggestions: [String]

    /// An error.
    public init(_ code: Code, _ message: String, suggestions: [String] = []) {
        self.code = code
        self.message = message
        self.suggestions = suggestions
    }

    public var description: String { message }
}
