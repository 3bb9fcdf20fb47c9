/// A parsed label selector, as a list or watch takes it in `?labelSelector=` and as a
/// ``LabelSelector`` (`matchLabels` + `matchExpressions`) means it (`labels.Selector`).
///
/// The syntax is Kubernetes': comma-separated requirements that must all hold, whitespace around
/// tokens ignored:
///
/// | Requirement       | Holds when                                       |
/// |-------------------|--------------------------------------------------|
/// | `a=b`, `a==b`     | label `a` exists and is `b`                      |
/// | `a!=b`            | label `a` does not exist or is not `b`           |
/// | `a in (x,y)`      | label `a` exists and is `x` or `y`               |
/// | `a notin (x,y)`   | label `a` does not exist or is neither `x` nor `y` |
/// | `a`               | label `a` exists                                 |
/// | `!a`              | label `a` does not exist                         |
/// | `a>1`, `a<1`      | label `a` exists and is an integer above/below 1 |
///
/// Keys must be qualified names (`example.com/name`), values label values (63 characters at most,
/// may be empty). The empty selector matches everything.
public struct LabelQuery: Sendable, Hashable, CustomStringConvertible {
    /// How a ``Requirement`` compares a label (`selection.Operator`).
    public enum Operator: String, Sendable, Hashable, CaseIterable {
        /// `a=b` (also written `a==b`): exists and equals.
        case equals = "="
        /// `a!=b`: missing or different.
        case notEquals = "!="
        /// `a in (x,y)`: exists and is one of the values.
        case `in` = "in"
        /// `a notin (x,y)`: missing or none of the values.
        case notIn = "notin"
        /// `a`: exists.
        case exists = "exists"
        /// `!a`: does not exist.
        case doesNotExist = "!"
        /// `a>1`: exists and is an integer greater than the value.
        case greaterThan = ">"
        /// `a<1`: exists and is an integer less than the value.
        case lessThan = "<"
    }

    /// One requirement on one label key.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        /// The label key.
        public let key: String
        /// How the label is compared.
        public let `operator`: Operator
        /// The values, sorted and without duplicates: one for `=`, `!=`, `>`, `<`; at least one for
        /// `in`, `notin`; none for `exists`, `!`.
        public let values: [String]

        /// A requirement, checked as `labels.NewRequirement` checks it: the key a qualified name,
        /// the values label values (integers for `>`, `<`), and as many as the operator takes.
        public init(key: String, operator: Operator, values: [String]) throws(SelectorError) {
            let problems = NameValidation.isQualifiedName(key)
            if !problems.isEmpty {
                throw SelectorError(.invalidKey, "invalid label key \"\(key)\": " + problems.joined(separator: "; "))
            }
            switch `operator` {
            case .in, .notIn:
                if values.isEmpty {
                    throw SelectorError(
                        .unsupportedOperator, "for 'in', 'notin' operators, values set can't be empty (key \"\(key)\")")
                }
            case .equals, .notEquals:
                if values.count != 1 {
                    throw SelectorError(
                        .unsupportedOperator, "exact-match compatibility requires one single value (key \"\(key)\")")
                }
            case .exists, .doesNotExist:
                if !values.isEmpty {
                    throw SelectorError(
                        .unsupportedOperator,
                        "values set must be empty for exists and does not exist (key \"\(key)\")")
                }
            case .greaterThan, .lessThan:
                if values.count != 1 {
                    throw SelectorError(
                        .unsupportedOperator,
                        "for 'Gt', 'Lt' operators, exactly one value is required (key \"\(key)\")")
                }
                if Int64(values[0]) == nil {
                    throw SelectorError(
                        .invalidValue,
                        "for 'Gt', 'Lt' operators, the value must be an integer "
                            + "(key \"\(key)\", value \"\(values[0])\")")
                }
            }
            for value in values {
                let problems = NameValidation.isValidLabelValue(value)
                if !problems.isEmpty {
                    throw SelectorError(
                        .invalidValue,
                        "invalid label value \"\(value)\" for key \"\(key)\": " + problems.joined(separator: "; "))
                }
            }
            self.key = key
            self.operator = `operator`
            self.values = Array(Set(values)).sorted()
        }

        /// Whether `labels` satisfy the requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            let label = labels[key]
            switch self.operator {
            case .equals, .in:
                guard let label else { return false }
                return values.contains(label)
            case .notEquals, .notIn:
                guard let label else { return true }
                return !values.contains(label)
            case .exists:
                return label != nil
            case .doesNotExist:
                return label == nil
            case .greaterThan, .lessThan:
                guard let label, let actual = Int64(label), let bound = Int64(values[0]) else { return false }
                return self.operator == .greaterThan ? actual > bound : actual < bound
            }
        }

        /// `key=value`, `key in (a,b)`, `!key`, ...
        public var description: String {
            switch self.operator {
            case .exists: return key
            case .doesNotExist: return "!" + key
            case .in: return key + " in (" + values.joined(separator: ",") + ")"
            case .notIn: return key + " notin (" + values.joined(separator: ",") + ")"
            case .equals, .notEquals, .greaterThan, .lessThan: return key + self.operator.rawValue + values[0]
            }
        }
    }

    /// The requirements, sorted by key (stably: requirements on one key keep their order).
    public let requirements: [Requirement]

    /// The selector that matches every object.
    public static let everything = LabelQuery(requirements: [])

    /// A selector of `requirements`, all of which must hold.
    public init(requirements: [Requirement]) {
        self.requirements = requirements.enumerated()
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map(\.element)
    }

    /// Parses the text of a `labelSelector` parameter; the empty string (or only whitespace) is
    /// ``everything``.
    public init(parsing text: String) throws(SelectorError) {
        var parser = LabelSelectorParser(text)
        self.init(requirements: try parser.parse())
    }

    /// The selector a ``LabelSelector`` means (`metav1.LabelSelectorAsSelector`), from its parts:
    /// each `matchLabels` entry is `key=value`; `matchExpressions` operators are `In`, `NotIn`
    /// (at least one value), `Exists`, `DoesNotExist` (no values). Both empty is ``everything``.
    public init(
        matchLabels: [String: String]?, matchExpressions: [(key: String, operator: String, values: [String])]
    ) throws(SelectorError) {
        var requirements: [Requirement] = []
        for (key, value) in (matchLabels ?? [:]).sorted(by: { $0.key < $1.key }) {
            requirements.append(try Requirement(key: key, operator: .equals, values: [value]))
        }
        for expression in matchExpressions {
            let op: Operator
            switch expression.operator {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default:
                throw SelectorError(
                    .unsupportedOperator, "\"\(expression.operator)\" is not a valid label selector operator")
            }
            requirements.append(try Requirement(key: expression.key, operator: op, values: expression.values))
        }
        self.init(requirements: requirements)
    }

    /// Whether the selector matches everything (has no requirements).
    public var isEverything: Bool { requirements.isEmpty }

    /// Whether `labels` satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// The canonical text: requirements sorted by key, joined by `,`; `in`/`notin` values sorted;
    /// `==` written `=`. Parses back to an equal selector. Empty for ``everything``.
    public var description: String { requirements.map(\.description).joined(separator: ",") }

    /// The selector as `Scale.status.selector` and `kubectl` show it: `app=web,tier in (a,b)`
    /// (the same as ``description``).
    public var selectorString: String { description }

    /// The value a selector requires `key` to have exactly (`=` or a one-value `in`), if any: lets a
    /// server narrow a list by an indexed label before matching.
    public func exactValue(for key: String) -> String? {
        for requirement in requirements where requirement.key == key {
            if requirement.operator == .equals || (requirement.operator == .in && requirement.values.count == 1) {
                return requirement.values[0]
            }
        }
        return nil
    }
}

/// The lexer and recursive-descent parser of `labels.Parse`.
private struct LabelSelectorParser {
    private enum Token: Equatable {
        case identifier(String)
        case symbol(String)
        case end

        var text: String {
            switch self {
            case .identifier(let text), .symbol(let text): return text
            case .end: return "end of string"
            }
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    private var lookahead: Token = .end

    init(_ text: String) {
        bytes = Array(text.utf8)
        lookahead = scan()
    }

    mutating func parse() throws(SelectorError) -> [LabelQuery.Requirement] {
        var requirements: [LabelQuery.Requirement] = []
        if lookahead == .end { return [] }
        while true {
            guard isRequirementStart(lookahead) else {
                throw syntax("found '\(lookahead.text)', expected: !, identifier, or 'end of string'")
            }
            requirements.append(try parseRequirement())
            let token = next()
            switch token {
            case .end:
                return requirements
            case .symbol(","):
                guard isRequirementStart(lookahead) else {
                    throw syntax("found '\(lookahead.text)', expected: identifier after ','")
                }
            default:
                throw syntax("found '\(token.text)', expected: ',' or 'end of string'")
            }
        }
    }

    private func isRequirementStart(_ token: Token) -> Bool {
        if case .identifier = token { return true }
        return token == .symbol("!")
    }

    private mutating func parseRequirement() throws(SelectorError) -> LabelQuery.Requirement {
        if lookahead == .symbol("!") {
            _ = next()
            let key = try parseKey()
            return try LabelQuery.Requirement(key: key, operator: .doesNotExist, values: [])
        }
        let key = try parseKey()
        if lookahead == .end || lookahead == .symbol(",") {
            return try LabelQuery.Requirement(key: key, operator: .exists, values: [])
        }
        let token = next()
        let op: LabelQuery.Operator
        switch token {
        case .symbol("="), .symbol("=="): op = .equals
        case .symbol("!="): op = .notEquals
        case .symbol(">"): op = .greaterThan
        case .symbol("<"): op = .lessThan
        case .identifier("in"): op = .in
        case .identifier("notin"): op = .notIn
        default: throw syntax("found '\(token.text)', expected: in, notin, =, ==, !=, gt, lt")
        }
        let values: [String]
        if op == .in || op == .notIn {
            values = try parseValueList()
        } else if lookahead == .end || lookahead == .symbol(",") {
            values = [""]
        } else {
            let valueToken = next()
            guard case .identifier(let value) = valueToken else {
                throw syntax("found '\(valueToken.text)', expected: identifier")
            }
            values = [value]
        }
        return try LabelQuery.Requirement(key: key, operator: op, values: values)
    }

    private mutating func parseKey() throws(SelectorError) -> String {
        let token = next()
        guard case .identifier(let key) = token, key != "in", key != "notin" else {
            throw syntax("found '\(token.text)', expected: identifier")
        }
        return key
    }

    /// `(a,b)`; an element may be empty (`(a,)` holds `a` and `""`), the list may not (`()`).
    private mutating func parseValueList() throws(SelectorError) -> [String] {
        let open = next()
        guard open == .symbol("(") else { throw syntax("found '\(open.text)', expected: '('") }
        if lookahead == .symbol(")") { throw syntax("found ')', expected: at least one value in '()'") }
        var values: [String] = []
        while true {
            if case .identifier(let value) = lookahead {
                _ = next()
                values.append(value)
            } else {
                values.append("")
            }
            let token = next()
            switch token {
            case .symbol(","): continue
            case .symbol(")"): return values
            default: throw syntax("found '\(token.text)', expected: ',', ')' or identifier")
            }
        }
    }

    private func syntax(_ message: String) -> SelectorError { SelectorError(.invalidSyntax, message) }

    private mutating func next() -> Token {
        let token = lookahead
        lookahead = scan()
        return token
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isSymbol(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
            UInt8(ascii: ">"), UInt8(ascii: "<"):
            return true
        default:
            return false
        }
    }

    private mutating func scan() -> Token {
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
        guard position < bytes.count else { return .end }
        let start = position
        if Self.isSymbol(bytes[position]) {
            // The longest symbol: `!=` and `==` before `!` and `=`.
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "="),
                bytes[position] == UInt8(ascii: "!") || bytes[position] == UInt8(ascii: "=")
            {
                position += 2
            } else {
                position += 1
            }
        } else {
            while position < bytes.count, !Self.isWhitespace(bytes[position]), !Self.isSymbol(bytes[position]) {
                position += 1
            }
            return .identifier(String(decoding: bytes[start..<position], as: UTF8.self))
        }
        return .symbol(String(decoding: bytes[start..<position], as: UTF8.self))
    }
}
