import Foundation
import Testing

@testable import SkiffHistory

@Suite("TimeSpec")
struct TimeSpecTests {
    /// 2024-05-01T12:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_714_564_800)

    static let parsed: [(String, Double)] = [
        ("90s", 1_714_564_710),
        ("2m", 1_714_564_680),
        ("1h30m", 1_714_559_400),
        ("1.5h", 1_714_559_400),
        ("2d", 1_714_392_000),
        ("500ms", 1_714_564_799.5),
        ("1m500ms", 1_714_564_739.5),
        ("0", 1_714_564_800),
        ("0s", 1_714_564_800),
        (" 5m ", 1_714_564_500),
        ("2024-05-01T12:00:00Z", 1_714_564_800),
        ("2024-05-01T12:00:00.250Z", 1_714_564_800.25),
        ("2024-05-01T12:00:00.123456789Z", 1_714_564_800.123456789),
        ("2024-05-01T14:00:00+02:00", 1_714_564_800),
        ("2024-05-01T07:30:00-04:30", 1_714_564_800),
        ("2024-05-01T14:00:00.5+02:00", 1_714_564_800.5),
        ("2024-05-01t12:00:00z", 1_714_564_800),
        ("2024-05-01 12:00:00Z", 1_714_564_800),
        ("2024-02-29T00:00:00Z", 1_709_164_800),
        ("2000-02-29T00:00:00Z", 951_782_400),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
        ("9999-12-31T23:59:59Z", 253_402_300_799),
        ("2024-05-01T12:00:00+00:00", 1_714_564_800),
    ]

    @Test(arguments: parsed)
    func parses(_ text: String, _ seconds: Double) throws {
        let date = try TimeSpec.parse(text, now: Self.now)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6, "\(text) → \(date.timeIntervalSince1970)")
    }

    static let errors: [(String, String)] = [
        (
            "5x",
            "invalid duration \"5x\": unknown unit \"x\"; use a duration such as 90s, 2m, 1h30m, 2d or 500ms "
                + "(units ms, s, m, h, d), or an RFC 3339 time such as 2024-05-01T12:00:00Z"
        ),
        (
            "5",
            "invalid duration \"5\": \"5\" needs a unit; use a duration such as 90s, 2m, 1h30m, 2d or 500ms "
                + "(units ms, s, m, h, d), or an RFC 3339 time such as 2024-05-01T12:00:00Z"
        ),
        (
            "-5m",
            "invalid duration \"-5m\": durations count back from now and cannot be negative; use a duration such "
                + "as 90s, 2m, 1h30m, 2d or 500ms (units ms, s, m, h, d), or an RFC 3339 time such as "
                + "2024-05-01T12:00:00Z"
        ),
        (
            "",
            "invalid duration \"\": it is empty; use a duration such as 90s, 2m, 1h30m, 2d or 500ms "
                + "(units ms, s, m, h, d), or an RFC 3339 time such as 2024-05-01T12:00:00Z"
        ),
        (
            "2024-05-01",
            "invalid time \"2024-05-01\": the time of day is missing; use RFC 3339 such as 2024-05-01T12:00:00Z "
                + "or 2024-05-01T14:00:00.5+02:00"
        ),
        (
            "2024-05-01T12:00:00",
            "invalid time \"2024-05-01T12:00:00\": the time zone is missing (Z or ±hh:mm); use RFC 3339 such as "
                + "2024-05-01T12:00:00Z or 2024-05-01T14:00:00.5+02:00"
        ),
        (
            "2023-02-29T00:00:00Z",
            "invalid time \"2023-02-29T00:00:00Z\": the day is out of range; use RFC 3339 such as "
                + "2024-05-01T12:00:00Z or 2024-05-01T14:00:00.5+02:00"
        ),
    ]

    /// Nanoseconds since 1970, clamped where a year from 0001 to 9999 leaves `Int64`.
    @Test(arguments: [
        ("1970-01-01T00:00:01Z", Int64(1_000_000_000)),
        ("2024-05-01T12:00:00Z", Int64(1_714_564_800_000_000_000)),
        ("9999-12-31T23:59:59Z", Int64.max),
        ("0001-01-01T00:00:00Z", Int64.min),
    ])
    func unixNanoseconds(_ text: String, _ expected: Int64) throws {
        #expect(TimeSpec.unixNanoseconds(try TimeSpec.parse(text, now: Self.now)) == expected)
    }

    @Test(arguments: errors)
    func explainsErrors(_ text: String, _ message: String) {
        #expect(throws: HistoryError(.invalidTime, message)) { try TimeSpec.parse(text, now: Self.now) }
    }

    @Test(arguments: [
        "m", "1.2.3s", ".5s", "5.s", "1h 30m", "5M", "1w", "ms", "2024-13-01T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:00:00+2:00", "2024-05-01T12:00:00+24:00",
        "2024-05-01T12:00:00Zjunk", "2024-05-01T12:00Z", "2024-05-01T12:00:00.Z", "2024-5-01T12:00:00Z",
        "2024-05-01X12:00:00Z", "99999999999999999999d", "36501d", "1000000000000h",
    ])
    func refuses(_ text: String) {
        #expect {
            try TimeSpec.parse(text, now: Self.now)
        } throws: { error in
            (error as? HistoryError)?.code == .invalidTime
        }
    }

    static let ages: [(Double, String)] = [
        (0, "0s ago"), (12, "12s ago"), (59.9, "59s ago"), (60, "1m ago"), (359, "5m ago"), (3599, "59m ago"),
        (3600, "1h ago"), (7200, "2h ago"), (86_399, "23h ago"), (86_400, "1d ago"), (3 * 86_400 + 5, "3d ago"),
        (400 * 86_400, "400d ago"), (-0.5, "0s ago"), (-5, "in the future"),
    ]

    @Test(arguments: ages)
    func describesAges(_ secondsAgo: Double, _ expected: String) {
        #expect(TimeSpec.relative(Self.now.addingTimeInterval(-secondsAgo), now: Self.now) == expected)
    }

    static let absoluteTimes: [(Double, String)] = [
        (1_714_564_800, "2024-05-01T12:00:00.000Z"),
        (1_714_564_800.25, "2024-05-01T12:00:00.250Z"),
        (1_714_564_799.9996, "2024-05-01T12:00:00.000Z"),
        (0, "1970-01-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (951_782_400, "2000-02-29T00:00:00.000Z"),
        (253_402_300_799, "9999-12-31T23:59:59.000Z"),
        (1_709_251_199.5, "2024-02-29T23:59:59.500Z"),
    ]

    @Test(arguments: absoluteTimes)
    func formatsAbsoluteTimes(_ seconds: Double, _ expected: String) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(TimeSpec.absolute(date) == expected)
        // What is printed parses back to the same millisecond.
        let parsed = try TimeSpec.timestamp(expected)
        #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.0006)
    }

    static let durations: [(String, Double)] = [
        ("90s", 90), ("1h30m", 5400), ("500ms", 0.5), ("2d", 172_800), ("1d12h", 129_600),
    ]

    @Test(arguments: durations)
    func measuresDurations(_ text: String, _ seconds: Double) throws {
        #expect(try TimeSpec.duration(text) == seconds)
    }
}
