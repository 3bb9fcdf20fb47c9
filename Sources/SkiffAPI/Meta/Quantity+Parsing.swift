import Foundation

/// The numeric value of a ``Quantity``, as `resource.ParseQuantity` reads it.
///
/// The grammar is `[+-]? (digits [. digits?] | . digits) suffix?` where the suffix is a binary
/// multiple (`Ki` `Mi` `Gi` `Ti` `Pi` `Ei`, powers of 1024), a decimal one (`n` `u` `m` `k` `M` `G`
/// `T` `P` `E`, powers of 1000 from 10⁻⁹ to 10¹⁸), or an exponent (`e3`, `E-3`, `e+6`). No
/// whitespace. As in Kubernetes, a value finer than a nano-unit is rounded away from zero to the
/// next nano-unit (`0.1n` is `1n`), and the integer views round away from zero too (`100m` has
/// ``integerValue`` 1, `-1.5` has -2).
extension Quantity {
    /// Whether the text is a quantity.
    public var isValid: Bool { ExactQuantity(string) != nil }

    /// The value, `nil` if the text is not a quantity or the value is outside what `Decimal` holds
    /// (38 significant digits, exponents -128...127).
    public var value: Decimal? { ExactQuantity(string)?.decimal }

    /// The value in whole units, rounded away from zero (Go's `Value()`): `1Gi` is 1073741824,
    /// `100m` is 1. `nil` if the text is not a quantity or the value overflows `Int64`.
    public var integerValue: Int64? { ExactQuantity(string)?.scaled(toPowerOfTen: 0) }

    /// The value in thousandths, rounded away from zero (Go's `MilliValue()`): `100m` is 100, `1.5` is
    /// 1500, `1n` is 1. `nil` if the text is not a quantity or the value overflows `Int64`.
    public var milliValue: Int64? { ExactQuantity(string)?.scaled(toPowerOfTen: -3) }

    /// The value in units of 10^`power`, rounded away from zero (Go's `ScaledValue`): `-9` gives
    /// nano-units, `3` thousands.
    public func scaledValue(toPowerOfTen power: Int) -> Int64? {
        ExactQuantity(string)?.scaled(toPowerOfTen: power)
    }

    /// Compares the values exactly (`1Ki` is the same as `1024`, `1000m` as `1`); `nil` if either
    /// text is not a quantity. (``Quantity`` is `Equatable` by its text, so it is not `Comparable`.)
    public func compare(_ other: Quantity) -> ComparisonResult? {
        guard let lhs = ExactQuantity(string), let rhs = ExactQuantity(other.string) else { return nil }
        return lhs.compare(rhs)
    }

    /// Whether the value is zero (`0`, `0Gi`, `-0.0`); `nil` if the text is not a quantity.
    public var isZero: Bool? { ExactQuantity(string).map { $0.digits.isEmpty } }

    /// Whether the value is below zero; `nil` if the text is not a quantity.
    public var isNegative: Bool? { ExactQuantity(string).map(\.negative) }
}

/// A quantity's exact value: `digits` × 10^`exponent`, negated if `negative`, rounded to nano-units.
/// Normalized: no leading or trailing zero digits; zero has no digits and is not negative.
private struct ExactQuantity {
    /// Decimal digits (0-9), most significant first.
    var digits: [UInt8]
    var exponent: Int
    var negative: Bool

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        digits = []
        var seenDigit = false
        while index < bytes.count, isDigit(bytes[index]) {
            digits.append(bytes[index] - 0x30)
            seenDigit = true
            index += 1
        }
        exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                digits.append(bytes[index] - 0x30)
                exponent -= 1
                seenDigit = true
                index += 1
            }
        }
        guard seenDigit else { return nil }
        let suffix = String(decoding: bytes[index...], as: UTF8.self)
        var binaryPower = 0
        switch suffix {
        case "": break
        case "n": exponent -= 9
        case "u": exponent -= 6
        case "m": exponent -= 3
        case "k": exponent += 3
        case "M": exponent += 6
        case "G": exponent += 9
        case "T": exponent += 12
        case "P": exponent += 15
        case "E": exponent += 18
        case "Ki": binaryPower = 1
        case "Mi": binaryPower = 2
        case "Gi": binaryPower = 3
        case "Ti": binaryPower = 4
        case "Pi": binaryPower = 5
        case "Ei": binaryPower = 6
        default:
            // `e3`, `E-3`, `e+6`: an integer exponent that fits 32 bits (Kubernetes' `Scale`).
            let exponentBytes = bytes[index...]
            guard let first = exponentBytes.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E")
            else { return nil }
            var rest = exponentBytes.dropFirst()
            var exponentNegative = false
            if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                exponentNegative = sign == UInt8(ascii: "-")
                rest = rest.dropFirst()
            }
            guard !rest.isEmpty, rest.allSatisfy(isDigit), rest.count <= 10,
                let magnitude = Int32(String(decoding: rest, as: UTF8.self))
            else { return nil }
            exponent += exponentNegative ? -Int(magnitude) : Int(magnitude)
        }
        normalize()
        for _ in 0..<binaryPower { multiply(by: 1024) }
        normalize()
        roundToNano()
    }

    /// Drops leading and trailing zeros; zero is positive.
    private mutating func normalize() {
        let firstNonZero = digits.firstIndex { $0 != 0 } ?? digits.count
        digits.removeFirst(firstNonZero)
        while digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty {
            exponent = 0
            negative = false
        }
    }

    private mutating func multiply(by factor: Int) {
        var carry = 0
        for position in digits.indices.reversed() {
            let product = Int(digits[position]) * factor + carry
            digits[position] = UInt8(product % 10)
            carry = product / 10
        }
        while carry > 0 {
            digits.insert(UInt8(carry % 10), at: 0)
            carry /= 10
        }
    }

    /// Rounds the magnitude up to a whole number of nano-units (`0.1n` is `1n`), as ParseQuantity does.
    private mutating func roundToNano() {
        guard exponent < -9 else { return }
        let dropped = -9 - exponent
        // Normalized, so the dropped digits are never all zero.
        digits = dropped >= digits.count ? [1] : Self.incremented(Array(digits.dropLast(dropped)))
        exponent = -9
        normalize()
    }

    /// `digits` + 1.
    private static func incremented(_ digits: [UInt8]) -> [UInt8] {
        var result = digits
        for position in result.indices.reversed() {
            if result[position] < 9 {
                result[position] += 1
                return result
            }
            result[position] = 0
        }
        return [1] + result
    }

    /// The value in units of 10^`power`, rounded away from zero; `nil` on overflow.
    func scaled(toPowerOfTen requested: Int) -> Int64? {
        guard !digits.isEmpty else { return 0 }
        // Exponents stay within ±2³² or so; beyond 2⁴⁰ every power gives the same answer.
        let power = min(max(requested, -(1 << 40)), 1 << 40)
        var kept = digits
        var roundUp = false
        if exponent < power {
            let dropped = power - exponent
            roundUp = true  // normalized: what is dropped is never zero
            kept = dropped >= digits.count ? [] : Array(digits.dropLast(dropped))
        } else {
            guard digits.count + exponent - power <= 19 else { return nil }
            kept += repeatElement(0, count: exponent - power)
        }
        guard kept.count <= 19 else { return nil }
        var magnitude: Int64 = 0
        for digit in kept {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
        }
        if roundUp {
            let (sum, overflow) = magnitude.addingReportingOverflow(1)
            guard !overflow else { return nil }
            magnitude = sum
        }
        return negative ? -magnitude : magnitude
    }

    func compare(_ other: ExactQuantity) -> ComparisonResult {
        if negative != other.negative { return negative ? .orderedAscending : .orderedDescending }
        let magnitude = Self.compareMagnitudes(self, other)
        guard negative else { return magnitude }
        switch magnitude {
        case .orderedAscending: return .orderedDescending
        case .orderedDescending: return .orderedAscending
        case .orderedSame: return .orderedSame
        }
    }

    private static func compareMagnitudes(_ lhs: ExactQuantity, _ rhs: ExactQuantity) -> ComparisonResult {
        if lhs.digits.isEmpty || rhs.digits.isEmpty {
            if lhs.digits.isEmpty == rhs.digits.isEmpty { return .orderedSame }
            return lhs.digits.isEmpty ? .orderedAscending : .orderedDescending
        }
        // The power of ten of the leading digit decides, then the digits themselves.
        let lhsOrder = lhs.digits.count + lhs.exponent
        let rhsOrder = rhs.digits.count + rhs.exponent
        if lhsOrder != rhsOrder { return lhsOrder < rhsOrder ? .orderedAscending : .orderedDescending }
        for (left, right) in zip(lhs.digits, rhs.digits) where left != right {
            return left < right ? .orderedAscending : .orderedDescending
        }
        if lhs.digits.count == rhs.digits.count { return .orderedSame }
        return lhs.digits.count < rhs.digits.count ? .orderedAscending : .orderedDescending
    }

    var decimal: Decimal? {
        guard !digits.isEmpty else { return Decimal(0) }
        guard digits.count <= 38 else { return nil }
        var significand = Decimal(0)
        for digit in digits { significand = significand * 10 + Decimal(Int(digit)) }
        guard (-128...127).contains(exponent) else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: significand)
    }
}
