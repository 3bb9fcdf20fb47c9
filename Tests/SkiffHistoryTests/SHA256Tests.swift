import Testing

@testable import SkiffHistory

@Suite("SHA256")
struct SHA256Tests {
    /// FIPS 180-4 examples and padding edges (55, 56 and 64 bytes straddle the length block).
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        ("hello world", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"),
    ])
    func digestsText(_ text: String, _ expected: String) {
        #expect(SHA256.hexDigest(Array(text.utf8)) == expected)
    }

    @Test func digestsAMillionBytes() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(bytes) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func digestsBinaryAndReturnsThirtyTwoBytes() {
        let digest = SHA256.hash([0x00, 0x01, 0xFF])
        #expect(digest.count == 32)
        #expect(digest.prefix(4) == [0x26, 0xA6, 0x6B, 0x06])
        #expect(
            SHA256.hexDigest([0x00, 0x01, 0xFF]) == "26a66b061e8f48f39927c312f25293959729eee95978e2892d49d3512a5cc092")
    }
}
