import Testing

@testable import SkiffAPI

@Suite("Go-style value printing")
struct GoTextTests {
    @Test(arguments: [
        (1.5, "1.5"), (10.0, "10"), (123_456.0, "123456"), (1_000_000.0, "1e+06"), (12_345_678.9, "1.23456789e+07"),
        (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.5e-7, "-2.5e-07"), (1e21, "1e+21"), (0.0, "0"),
    ])
    func floats(_ value: Double, _ expected: String) {
        #expect(GoText.float(value) == expected)
    }

    @Test(arguments: [
        ("plain", #""plain""#), (#"say "hi""#, #""say \"hi\"""#), ("a\nb\t", #""a\nb\t""#), ("\u{01}", #""\x01""#),
        ("é", #""é""#),
    ])
    func quotes(_ text: String, _ expected: String) {
        #expect(GoText.quote(text) == expected)
    }

    @Test func goSyntax() {
        #expect(
            GoText.goSyntax(["b": [1, "x"], "a": nil])
                == #"map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}}"#)
    }
}
