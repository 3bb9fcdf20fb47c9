import Foundation

/// An instant written as an RFC 3339 string with a fixed number of fractional digits: what
/// ``Time`` and ``MicroTime`` share (parsing, Codable as a string, ordering, printing).
public protocol RFC3339Timestamp: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Fractional second digits written (0 for `Time`, 6 for `MicroTime`).
    static var fractionDigits: Int { get }
    /// The instant, at the type's precision.
    var date: Date { get }
    /// An instant, brought to the type's precision.
    init(_ date: Date)
}

extension RFC3339Timestamp {
    /// The current time.
    public static func now() -> Self { Self(Date()) }

    /// Parses RFC 3339 (any fractional digits); `nil` if `text` is not a time.
    public init?(rfc3339 text: String) {
        guard let date = RFC3339.parse(text) else { return nil }
        self.init(date)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = Self(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not an RFC 3339 time")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// RFC 3339 in UTC with the type's fractional digits.
    public var description: String { RFC3339.format(date, fractionDigits: Self.fractionDigits) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.date < rhs.date }
}

/// A Kubernetes `Time`: an instant written as RFC 3339 with whole seconds, `2026-11-27T07:00:00Z`.
public struct Time: RFC3339Timestamp {
    /// Whole seconds.
    public static let fractionDigits = 0
    /// The instant, truncated to whole seconds.
    public var date: Date

    /// An instant, truncated to whole seconds as Kubernetes stores it.
    public init(_ date: Date) { self.date = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }
}

/// A Kubernetes `MicroTime`: RFC 3339 with six fractional digits, used by Lease `renewTime` and
/// Event `eventTime`.
public struct MicroTime: RFC3339Timestamp {
    /// Microseconds.
    public static let fractionDigits = 6
    /// The instant, rounded to microseconds.
    public var date: Date

    /// An instant, rounded to microseconds (to the nearest: a `Double` of seconds since 1970 is only
    /// exact to about a quarter microsecond, so truncating would lose one now and then).
    public init(_ date: Date) {
        self.date = Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1e6).rounded() / 1e6)
    }
}

/// RFC 3339 parsing and formatting without Foundation's formatters (which are slow on Linux and not
/// thread-safe to share).
public enum RFC3339 {
    /// Formats `date` in UTC with `fractionDigits` digits of fractional seconds (0 = none).
    public static func format(_ date: Date, fractionDigits: Int) -> String {
        let interval = date.timeIntervalSince1970
        let seconds = Int64(interval.rounded(.down))
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil-from-days (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        var year = yearOfEra + era * 400
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        if month <= 2 { year += 1 }
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        var text =
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if fractionDigits > 0 {
            var scale: Double = 1
            for _ in 0..<fractionDigits { scale *= 10 }
            // To the nearest digit, not down: the instant is inexact in its last bits.
            let fraction = Int64(((interval - Double(seconds)) * scale).rounded())
            text += "." + pad(min(max(0, fraction), Int64(scale) - 1), fractionDigits)
        }
        return text + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), bytes[4] == 0x2D, let month = number(5..<7), bytes[7] == 0x2D,
            let day = number(8..<10), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = number(11..<13), bytes[13] == 0x3A, let minute = number(14..<16), bytes[16] == 0x3A,
            let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offset: Int64 = 0
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            index += 1
        } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            guard index + 6 == bytes.count, let hours = number(index + 1..<index + 3), bytes[index + 3] == 0x3A,
                let minutes = number(index + 4..<index + 6)
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        // Days-from-civil.
        let adjustedYear = month <= 2 ? year - 1 : year
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
