/// A kubectl-style JSONPath, as in a CRD's `additionalPrinterColumns[].jsonPath`:
/// `.spec.replicas`, `.metadata.labels['app.kubernetes.io/name']`, `.spec.containers[0].image`,
/// `.items[-1]`, `.spec.ports[*].port`, `.status.conditions[?(@.type=="Ready")].status`,
/// `..name` (recursive), `[1:3]` (slices). Braces (`{.spec}`) and a leading `$` are accepted.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path.
    indirect enum Step: Hashable, Sendable {
        /// `.name` or `['name']`.
        case member(String)
        /// `.*` or `[*]`: every element or member value.
        case wildcard
        /// `[2]`, `[-1]` (from the end).
        case index(Int)
        /// `[start:end]`, either bound optional, negative from the end.
        case slice(Int?, Int?)
        /// `[?(...)]`: the elements for which the filter holds.
        case filter(Filter)
        /// `..name` / `..*`: the step applied to the value and everything below it.
        case recursive(Step)
    }

    /// `?(@.a.b)` or `?(@.a.b op operand)`.
    struct Filter: Hashable, Sendable {
        var left: Operand
        var comparison: Comparison?
        var right: Operand?
    }

    /// A side of a filter comparison: a path from the element (`@...`) or a literal.
    enum Operand: Hashable, Sendable {
        case path([Step])
        case literal(JSONValue)
    }

    /// `==`, `!=`, `<`, `<=`, `>`, `>=`.
    enum Comparison: String, Hashable, Sendable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    /// The expression as written.
    public let description: String
    let steps: [Step]

    /// Parses an expression; throws on a malformed one (an unknown field is not an error: it
    /// just finds nothing).
    public init(parsing expression: String) throws(JSONPathError) {
        var parser = JSONPathParser(expression)
        steps = try parser.parseExpression()
        description = expression
    }

    /// The values the path finds in `object`, in document order (object members by sorted key);
    /// empty when nothing matches.
    public func evaluate(_ object: JSONValue) -> [JSONValue] {
        Self.evaluate(steps, on: [object])
    }

    static func evaluate(_ steps: [Step], on values: [JSONValue]) -> [JSONValue] {
        var current = values
        for step in steps {
            current = current.flatMap { apply(step, to: $0) }
            if current.isEmpty { break }
        }
        return current
    }

    private static func apply(_ step: Step, to value: JSONValue) -> [JSONValue] {
        switch step {
        case .member(let name):
            return value[name].map { [$0] } ?? []
        case .wildcard:
            switch value {
            case .array(let elements): return elements
            case .object(let members): return members.keys.sorted().map { members[$0]! }
            default: return []
            }
        case .index(let index):
            guard case .array(let elements) = value else { return [] }
            let position = index < 0 ? elements.count + index : index
            return elements.indices.contains(position) ? [elements[position]] : []
        case .slice(let start, let end):
            guard case .array(let elements) = value else { return [] }
            func clamp(_ bound: Int?, _ fallback: Int) -> Int {
                guard let bound else { return fallback }
                return min(max(bound < 0 ? elements.count + bound : bound, 0), elements.count)
            }
            let lower = clamp(start, 0)
            let upper = clamp(end, elements.count)
            return lower < upper ? Array(elements[lower..<upper]) : []
        case .filter(let filter):
            guard case .array(let elements) = value else { return [] }
            return elements.filter { filter.holds(for: $0) }
        case .recursive(let inner):
            return descendants(of: value).flatMap { apply(inner, to: $0) }
        }
    }

    /// The value and everything below it, depth first, members by sorted key.
    private static func descendants(of value: JSONValue) -> [JSONValue] {
        var result = [value]
        switch value {
        case .array(let elements): result += elements.flatMap(descendants)
        case .object(let members): result += members.keys.sorted().flatMap { descendants(of: members[$0]!) }
        default: break
        }
        return result
    }
}

extension JSONPath.Filter {
    /// Whether the filter holds for an element: the left path exists (no comparison), or the
    /// comparison holds between the first values found. Numbers compare as numbers, strings as
    /// strings, booleans and `null` by equality; values of different kinds never match.
    func holds(for element: JSONValue) -> Bool {
        guard let leftValue = left.value(for: element) else { return false }
        guard let comparison, let right, let rightValue = right.value(for: element) else { return true }
        switch (Self.number(leftValue), Self.number(rightValue)) {
        case (let a?, let b?): return Self.compare(a, b, comparison)
        default: break
        }
        switch (leftValue, rightValue) {
        case (.string(let a), .string(let b)): return Self.compare(a, b, comparison)
        case (.bool, .bool), (.null, .null):
            if comparison == .equal { return leftValue == rightValue }
            if comparison == .notEqual { return leftValue != rightValue }
            return false
        default: return false
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let integer): return Double(integer)
        case .double(let double): return double
        default: return nil
        }
    }

    private static func compare<T: Comparable>(_ a: T, _ b: T, _ comparison: JSONPath.Comparison) -> Bool {
        switch comparison {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }
}

extension JSONPath.Operand {
    func value(for element: JSONValue) -> JSONValue? {
        switch self {
        case .literal(let value): return value
        case .path(let steps): return JSONPath.evaluate(steps, on: [element]).first
        }
    }
}
