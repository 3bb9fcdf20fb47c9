/// A resource amount (`resource.Quantity`): `100m`, `1Gi`, `2`, `1e3`. Kept as written, so manifests
/// round-trip byte for byte; ``Quantity+Parsing.swift`` gives its numeric value.
public struct Quantity: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text as written.
    public var string: String

    /// A quantity from its text; not checked (see ``isValid``).
    public init(_ string: String) { self.string = string }

    public init(stringLiteral value: String) { self.string = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            string = text
        } else if let integer = try? container.decode(Int64.self) {
            string = String(integer)
        } else {
            let number = try container.decode(Double.self)
            string = String(number)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }

    public var description: String { string }
}
