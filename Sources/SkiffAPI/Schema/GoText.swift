/// Values printed the way Go's `fmt` prints them, so error messages read byte for byte as
/// kube-apiserver's (`%q` for strings, `%v` for numbers, `%#v` for maps and slices).
public enum GoText {
    /// `strconv.Quote`: a double-quoted string with Go escapes.
    public static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{07}": output += "\\a"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\u{0B}": output += "\\v"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    output += "\\x" + hex(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(value >> 4) & 0xF], digits[Int(value) & 0xF]])
    }

    /// `%v` of a float64: the shortest digits that round-trip, in exponent form when the decimal
    /// exponent is below -4 or at least 6 (`1e+06`, `1.5`, `1e-05`).
    static func float(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let sign = value < 0 ? "-" : ""
        var text = "\(abs(value))"
        var exponent = 0
        if let marker = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: marker)...]) ?? 0
            text = String(text[..<marker])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integral = parts.first.map(String.init) ?? ""
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(integral + fraction)
        var point = integral.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        if digits.isEmpty { return "0" }
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            var mantissa = String(digits[0])
            if digits.count > 1 { mantissa += "." + String(digits[1...]) }
            let magnitude = abs(decimalExponent)
            let exponentText = (magnitude < 10 ? "0" : "") + String(magnitude)
            return sign + mantissa + "e" + (decimalExponent < 0 ? "-" : "+") + exponentText
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + String(digits)
        }
        if point >= digits.count {
            return sign + String(digits) + String(repeating: "0", count: point - digits.count)
        }
        return sign + String(digits[..<point]) + "." + String(digits[point...])
    }

    /// A JSON number as `%v` prints it: integers exactly, doubles as ``float(_:)``.
    static func number(_ value: JSONValue) -> String {
        switch value {
        case .int(let integer): return String(integer)
        case .double(let double): return float(double)
        default: return value.serializedString()
        }
    }

    /// The bad value of a `field.Error` as `ErrorBody` prints it: numbers and booleans with `%v`,
    /// strings with `%q`, `null` as `"null"`, maps and slices with `%#v`.
    static func errorValue(_ value: JSONValue) -> String {
        switch value {
        case .null: return "\"null\""
        case .bool(let flag): return flag ? "true" : "false"
        case .int, .double: return number(value)
        case .string(let string): return quote(string)
        case .array, .object: return goSyntax(value)
        }
    }

    /// `%#v` of a decoded JSON value: `map[string]interface {}{"a":1}`, `[]interface {}{"x"}`.
    static func goSyntax(_ value: JSONValue) -> String {
        switch value {
        case .null: return "interface {}(nil)"
        case .bool(let flag): return flag ? "true" : "false"
        case .int, .double: return number(value)
        case .string(let string): return quote(string)
        case .array(let elements):
            return "[]interface {}{" + elements.map(goSyntax).joined(separator: ", ") + "}"
        case .object(let members):
            let entries = members.keys.sorted().map { quote($0) + ":" + goSyntax(members[$0]!) }
            return "map[string]interface {}{" + entries.joined(separator: ", ") + "}"
        }
    }
}
