import Foundation

extension JSONPath {
    /// The table cell of a CRD printer column of `type` (`integer`, `number`, `boolean`,
    /// `string`, `date`) from the values its path found, as kube-apiserver's table convertor
    /// makes it: the first value counts; nothing found or `null` gives `.null`.
    ///
    /// `string` columns print any value (numbers as Go prints them, objects and arrays as
    /// compact JSON); `integer` truncates numbers; `number` widens integers; `date` shows the
    /// age of an RFC 3339 time (`5m`, `<invalid>` for other text); a value of the wrong kind, or
    /// an unknown column type, gives `.null`.
    public static func cell(_ values: [JSONValue], type: String) -> JSONValue {
        cell(values, type: type, now: Date())
    }

    /// ``cell(_:type:)`` with the current time given, for `date` columns.
    public static func cell(_ values: [JSONValue], type: String, now: Date) -> JSONValue {
        guard let value = values.first, !value.isNull else { return .null }
        switch (type, value) {
        case ("string", .string): return value
        case ("string", .int), ("string", .double): return .string(GoText.number(value))
        case ("string", .bool(let flag)): return .string(flag ? "true" : "false")
        case ("string", .array), ("string", .object): return .string(value.serializedString())
        case ("integer", .int): return value
        case ("integer", .double(let double)):
            guard double.isFinite, abs(double) < 9.2e18 else { return .null }
            return .int(Int64(double))
        case ("number", .int(let integer)): return .double(Double(integer))
        case ("number", .double): return value
        case ("boolean", .bool): return value
        case ("date", .string(let text)):
            if text.isEmpty { return "<unknown>" }
            guard let date = RFC3339.parse(text) else { return "<invalid>" }
            return .string(TableColumns.humanDuration(Int64(now.timeIntervalSince(date).rounded(.down))))
        default: return .null
        }
    }
}
