import Foundation
import SkiffAPI
import Testing

@Suite struct QuantityTests {
    @Test(
        arguments: [
            ("100m", Int64(1), Int64(100)),
            ("1Gi", 1_073_741_824, 1_073_741_824_000),
            ("1.5", 2, 1500),
            ("1e3", 1000, 1_000_000),
            ("1E-3", 1, 1),
            ("-1", -1, -1000),
            ("5Ki", 5120, 5_120_000),
            ("0", 0, 0),
            ("-0.0", 0, 0),
            ("+2", 2, 2000),
            ("1k", 1000, 1_000_000),
            ("1M", 1_000_000, 1_000_000_000),
            ("1.5Gi", 1_610_612_736, 1_610_612_736_000),
            ("0.5Mi", 524_288, 524_288_000),
            ("1n", 1, 1),
            ("0.1n", 1, 1),
            ("2u", 1, 1),
            ("1500u", 1, 2),
            ("-1.5", -2, -1500),
            ("-100m", -1, -100),
            ("12e+2", 1200, 1_200_000),
            (".5", 1, 500),
            ("1.", 1, 1000),
            ("0Gi", 0, 0),
            ("007", 7, 7000),
            ("250M", 250_000_000, 250_000_000_000),
            ("8E", 8_000_000_000_000_000_000, nil),
            ("1Ei", 1_152_921_504_606_846_976, nil),
            ("10E", nil, nil),
            ("1e-100", 1, 1),
        ] as [(String, Int64?, Int64?)])
    func parses(text: String, integer: Int64?, milli: Int64?) {
        let quantity = Quantity(text)
        #expect(quantity.isValid)
        #expect(quantity.integerValue == integer)
        #expect(quantity.milliValue == milli)
    }

    @Test(arguments: [
        "", "1.2.3", "abc", "1 ", " 1", "1i", "1Kib", "1KI", "1e", "1E+", "--1", "-", "+", ".", "1.5e1.5",
        "0.1mi", "1 Gi", "e3", "1ee3", "1e3e", "Gi", "1Gi ", "1,5", "0x10", "1e99999999999", "１",
    ])
    func rejects(text: String) {
        let quantity = Quantity(text)
        #expect(!quantity.isValid)
        #expect(quantity.integerValue == nil)
        #expect(quantity.milliValue == nil)
        #expect(quantity.value == nil)
    }

    @Test(arguments: [
        ("1Ki", "1024", ComparisonResult.orderedSame),
        ("1000m", "1", .orderedSame),
        ("999m", "1", .orderedAscending),
        ("1Gi", "1G", .orderedDescending),
        ("-1", "0", .orderedAscending),
        ("-2", "-1", .orderedAscending),
        ("-1", "-2", .orderedDescending),
        ("0", "-0", .orderedSame),
        ("0", "0Ki", .orderedSame),
        ("1e3", "1k", .orderedSame),
        ("1.5Gi", "1536Mi", .orderedSame),
        ("2", "10", .orderedAscending),
        ("100m", "0.1", .orderedSame),
        ("1e-12", "1n", .orderedSame),
        ("12", "1.2e1", .orderedSame),
        ("123", "1234m", .orderedDescending),
        ("1E", "999P", .orderedDescending),
    ])
    func compares(lhs: String, rhs: String, expected: ComparisonResult) {
        #expect(Quantity(lhs).compare(Quantity(rhs)) == expected)
    }

    @Test func comparingAnInvalidQuantityGivesNil() {
        #expect(Quantity("1").compare(Quantity("x")) == nil)
        #expect(Quantity("x").compare(Quantity("1")) == nil)
    }

    @Test(arguments: [
        ("1.5", "1.5"),
        ("100m", "0.1"),
        ("1Ki", "1024"),
        ("-2.5e2", "-250"),
        ("0", "0"),
    ])
    func decimalValue(text: String, expected: String) {
        #expect(Quantity(text).value == Decimal(string: expected))
    }

    @Test func scaledValues() {
        #expect(Quantity("0.1n").scaledValue(toPowerOfTen: -9) == 1)
        #expect(Quantity("1.5").scaledValue(toPowerOfTen: -9) == 1_500_000_000)
        #expect(Quantity("1500").scaledValue(toPowerOfTen: 3) == 2)
        #expect(Quantity("1").scaledValue(toPowerOfTen: Int.max) == 1)
        #expect(Quantity("1").scaledValue(toPowerOfTen: Int.min) == nil)
        #expect(Quantity("0").isZero == true)
        #expect(Quantity("-0m").isNegative == false)
        #expect(Quantity("-1m").isNegative == true)
    }
}
