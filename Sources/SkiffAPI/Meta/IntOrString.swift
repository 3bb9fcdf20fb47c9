/// A value that is either an integer or a string (`intstr.IntOrString`): a port number or name, a
/// count or percentage.
public enum IntOrString: Hashable, Sendable, Codable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        }
    }

    /// The value scaled against `total`: an integer as is, `"25%"` as a quarter of `total` rounded
    /// up or down; `nil` for a string that is not a percentage.
    public func scaled(against total: Int, roundUp: Bool) -> Int? {
        switch self {
        case .int(let value): return value
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return nil }
            let exact = Double(percent) * Double(total) / 100
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        }
    }
}
