import Foundation

/// The times the history commands take and show: `--at`/`--since` values (a duration ago or an
/// RFC 3339 time), ages for tables (`5m ago`) and exact UTC times (`2024-05-01T12:00:00.250Z`).
public enum TimeSpec {
    /// The longest duration accepted: 100 years, in seconds.
    public static let maximumDuration: TimeInterval = 100 * 365 * 86_400

    /// The units a duration may use, with their length in seconds.
    public static let durationUnits: [(name: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400),
    ]

    /// The time `text` names, relative to `now` for durations: `90s`, `2m`, `1h30m`, `2d` and
    /// `500ms` mean that long before `now`; `2024-05-01T12:00:00Z`,
    /// `2024-05-01T12:00:00.123456Z` and `2024-05-01T14:00:00+02:00` are absolute.
    public static func parse(_ text: String, now: Date) throws(HistoryError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if looksLikeTimestamp(trimmed) { return try timestamp(trimmed) }
        return now.addingTimeInterval(-(try duration(trimmed)))
    }

    /// The length of a duration in seconds: one or more numbers (decimals allowed) each followed
    /// by `ms`, `s`, `m`, `h` or `d`, as in `1h30m` or `1.5h`; a bare `0` is zero.
    public static func duration(_ text: String) throws(HistoryError) -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "0" { return 0 }
        guard !trimmed.isEmpty else { throw durationError(text, "it is empty") }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty else {
                if rest.first == "-" {
                    throw durationError(text, "durations count back from now and cannot be negative")
                }
                throw durationError(text, "expected a number at \"\(rest)\"")
            }
            guard number.first != ".", number.last != ".", number.filter({ $0 == "." }).count <= 1,
                let amount = Double(number)
            else { throw durationError(text, "\"\(number)\" is not a number") }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { $0.isLetter }
            guard !unitText.isEmpty else { throw durationError(text, "\"\(number)\" needs a unit") }
            guard let unit = durationUnits.first(where: { $0.name == unitText }) else {
                throw durationError(text, "unknown unit \"\(unitText)\"")
            }
            total += amount * unit.seconds
            rest = rest.dropFirst(unitText.count)
        }
        // Beyond a century no time is meant, and the nanoseconds of revisions would overflow.
        guard total.isFinite, total <= maximumDuration else {
            throw durationError(text, "it is longer than 100 years")
        }
        return total
    }

    /// An RFC 3339 time: `YYYY-MM-DDThh:mm:ss`, optional fractional seconds, then `Z` or an
    /// offset `±hh:mm`; `t`, `z` and a space instead of `T` are accepted too.
    public static func timestamp(_ text: String) throws(HistoryError) -> Date {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func invalid(_ reason: String) -> HistoryError {
            HistoryError(
                .invalidTime,
                "invalid time \"\(text)\": \(reason); use RFC 3339 such as 2024-05-01T12:00:00Z or "
                    + "2024-05-01T14:00:00.5+02:00")
        }
        func digits(_ count: Int, _ what: String) throws(HistoryError) -> Int {
            guard index + count <= chars.count else { throw invalid("the \(what) is missing") }
            var value = 0
            for offset in 0..<count {
                let byte = chars[index + offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                    throw invalid("the \(what) must be \(count) digits")
                }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }
        func expect(_ separators: String, _ what: String) throws(HistoryError) {
            guard index < chars.count, separators.utf8.contains(chars[index]) else { throw invalid("expected \(what)") }
            index += 1
        }

        let year = try digits(4, "year")
        try expect("-", "\"-\" after the year")
        let month = try digits(2, "month")
        try expect("-", "\"-\" after the month")
        let day = try digits(2, "day")
        if index == chars.count { throw invalid("the time of day is missing") }
        try expect("Tt ", "\"T\" between the date and the time")
        let hour = try digits(2, "hour")
        try expect(":", "\":\" after the hour")
        let minute = try digits(2, "minute")
        try expect(":", "\":\" after the minute")
        let second = try digits(2, "second")
        var fraction = 0.0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < chars.count, chars[index] >= UInt8(ascii: "0"), chars[index] <= UInt8(ascii: "9") {
                index += 1
            }
            guard index > start else { throw invalid("expected digits after \".\"") }
            fraction = Double("0." + String(decoding: chars[start..<index], as: UTF8.self)) ?? 0
        }
        guard index < chars.count else { throw invalid("the time zone is missing (Z or ±hh:mm)") }
        var offsetSeconds = 0
        switch chars[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = chars[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            let offsetHours = try digits(2, "offset hour")
            try expect(":", "\":\" in the offset")
            let offsetMinutes = try digits(2, "offset minute")
            guard offsetHours < 24, offsetMinutes < 60 else { throw invalid("the offset is out of range") }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        default:
            throw invalid("expected Z or an offset such as +02:00 after the time")
        }
        guard index == chars.count else { throw invalid("unexpected text after the time zone") }
        guard (1...12).contains(month) else { throw invalid("the month is out of range") }
        guard (1...daysInMonth(year: year, month: month)).contains(day) else {
            throw invalid("the day is out of range")
        }
        guard hour < 24, minute < 60, second <= 60 else { throw invalid("the time of day is out of range") }

        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// How long before `now` `date` was, for tables: `12s ago`, `5m ago`, `2h ago`, `3d ago`
    /// (whole units, rounded down); `in the future` for a date more than a second after `now`
    /// (less is clock skew, `0s ago`).
    public static func relative(_ date: Date, now: Date) -> String {
        let elapsed = now.timeIntervalSince(date)
        if elapsed < -1 { return "in the future" }
        let seconds = max(0, Int(elapsed.rounded(.down)))
        if seconds < 60 { return "\(seconds)s ago" }
        if seconds < 3600 { return "\(seconds / 60)m ago" }
        if seconds < 86_400 { return "\(seconds / 3600)h ago" }
        return "\(seconds / 86_400)d ago"
    }

    /// `date` as nanoseconds since 1970, clamped to `Int64`'s range (years before 1678 or after
    /// 2261 fall outside it; an RFC 3339 time may name any year from 0001 to 9999).
    public static func unixNanoseconds(_ date: Date) -> Int64 {
        let nanoseconds = (date.timeIntervalSince1970 * 1e9).rounded(.down)
        if nanoseconds >= 9.2e18 { return .max }
        if nanoseconds <= -9.2e18 { return .min }
        return Int64(nanoseconds)
    }

    /// `date` in UTC as RFC 3339 with milliseconds (rounded to the nearest):
    /// `2024-05-01T12:00:00.250Z`.
    public static func absolute(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, millisecond) = floorDivide(milliseconds, 1000)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: Int(days))
        let second = Int(secondOfDay)
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2))"
            + ":\(pad(second % 60, 2)).\(pad(Int(millisecond), 3))Z"
    }

    // MARK: Private

    private static func durationError(_ text: String, _ reason: String) -> HistoryError {
        HistoryError(
            .invalidTime,
            "invalid duration \"\(text)\": \(reason); use a duration such as 90s, 2m, 1h30m, 2d or 500ms "
                + "(units ms, s, m, h, d), or an RFC 3339 time such as 2024-05-01T12:00:00Z")
    }

    /// Four digits and a dash: a date, not a duration.
    private static func looksLikeTimestamp(_ text: String) -> Bool {
        let head = Array(text.utf8.prefix(5))
        return head.count == 5 && head[0..<4].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && head[4] == UInt8(ascii: "-")
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    private static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01.
    private static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
