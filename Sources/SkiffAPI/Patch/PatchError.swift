/// An error from applying a patch (``JSONPatch``, ``MergePatch``, ``StrategicMergePatch``): a small
/// value with a stable ``Code`` and a message for people.
///
/// How Kubernetes answers: a patch document that does not parse as its content type is a 400
/// `BadRequest` (``Code/malformedPatch``); a JSON patch that parses but cannot be applied, a failed
/// `test` above all, is a 422 (`kopf` and other clients rely on that for ``Code/testFailed``).
public struct PatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable value. A struct over a private enum, so new codes never break
    /// callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformedPatch, testFailed, pathNotFound, invalidTarget, unsupportedDirective
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The patch document itself is wrong: not an array of operations (JSON patch) or not an
        /// object (merge patches), an operation without `op`/`path`/`value`/`from`, an unknown `op`,
        /// a JSON pointer that does not start with `/`, a list element without its merge key, a
        /// `$retainKeys` or `$setElementOrder` list that contradicts the patch. Kubernetes: 400.
        public static let malformedPatch = Code(.malformedPatch)
        /// A JSON patch `test` operation found a different value. Kubernetes: 422.
        public static let testFailed = Code(.testFailed)
        /// A location the patch needs does not exist: a missing member, an array index past the
        /// end, a missing parent for `add`. Kubernetes: 422.
        public static let pathNotFound = Code(.pathNotFound)
        /// The document does not have the shape the patch needs: a pointer runs through a string or
        /// number, an array step is not an index, a list cannot be merged (objects in a list without
        /// a merge key, objects mixed with other values). Kubernetes: 422.
        public static let invalidTarget = Code(.invalidTarget)
        /// A strategic merge patch uses a directive that does not exist (`$patch: frobnicate`).
        /// Kubernetes: 400.
        public static let unsupportedDirective = Code(.unsupportedDirective)

        /// The code's name, `testFailed`.
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

    /// The message alone (what a failure status shows).
    public var description: String { message }
}

/// Helpers the three patch engines share.
enum PatchSupport {
    /// Whether two values are equal as JSON: numbers compare by value (`1` equals `1.0`), objects
    /// ignore member order, arrays compare element by element.
    static func jsonEqual(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.int(let a), .int(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { jsonEqual($0, $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], jsonEqual(value, other) else { return false }
            }
            return true
        default: return left == right
        }
    }

    /// `value` with every number that is a whole `Double` within 64 bits turned into `.int`, so
    /// values equal as JSON hash alike (used for merge-key and set-member identity).
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number):
            if number.rounded() == number, abs(number) < 9.0e18 { return .int(Int64(number)) }
            return value
        case .array(let elements): return .array(elements.map(normalized))
        case .object(let members): return .object(members.mapValues(normalized))
        default: return value
        }
    }

    /// A short rendering of a value for error messages, cut to `limit` characters.
    static func brief(_ value: JSONValue, limit: Int = 80) -> String {
        let text = value.serializedString()
        return text.count <= limit ? text : String(text.prefix(limit)) + "..."
    }
}
