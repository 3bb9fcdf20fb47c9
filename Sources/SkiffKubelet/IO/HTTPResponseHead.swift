/// The status line and header fields of an HTTP/1.x response.
struct HTTPResponseHead: Equatable {
    var statusCode: Int
    /// Header fields in order received, names as sent.
    var fields: [Field]

    /// One `name: value` header line.
    struct Field: Equatable {
        var name: String
        var value: String
    }

    /// The first value of the header named `name` (case-insensitive).
    func value(of name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    /// Whether the body uses chunked transfer coding (the last coding is `chunked`).
    var isChunked: Bool {
        guard let codings = value(of: "Transfer-Encoding") else { return false }
        let last = codings.split(separator: ",").last.map { $0.trimmingSpaces.lowercased() }
        return last == "chunked"
    }

    /// Whether the status never carries a body (1xx, 204, 304).
    var hasNoBody: Bool {
        (100..<200).contains(statusCode) || statusCode == 204 || statusCode == 304
    }

    /// Parses `HTTP/1.1 200 OK`; `nil` for anything else.
    static func statusCode(ofLine line: String) -> Int? {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].utf8.count == 3,
            parts[1].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        return Int(parts[1])
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
