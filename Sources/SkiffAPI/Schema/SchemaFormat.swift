import Foundation

/// The string `format`s kube-apiserver checks in custom resources (go-openapi's `strfmt`).
///
/// Formats not listed here (`uri`, `email`, `quantity`, `password`, ...) are accepted without a
/// check, and so are `int32`/`int64`/`float`/`double`, which only describe a number's width.
enum SchemaFormat {
    /// Whether `text` is valid for `format`; `true` for formats that are not checked.
    static func isValid(_ text: String, format: String) -> Bool {
        switch format.replacingOccurrences(of: "-", with: "").lowercased() {
        case "datetime": return isDateTime(text)
        case "date": return isDate(text)
        case "byte": return text.isEmpty || Data(base64Encoded: text) != nil
        case "uuid": return isUUID(text, version: nil)
        case "uuid3": return isUUID(text, version: "3")
        case "uuid4": return isUUID(text, version: "4")
        case "uuid5": return isUUID(text, version: "5")
        case "ipv4": return isIPv4(text)
        case "ipv6": return isIPv6(text)
        case "hostname": return isHostname(text)
        default: return true
        }
    }

    /// `full-date` of RFC 3339: `2006-01-02`, a real calendar day.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// `date-time` of RFC 3339: `2006-01-02T15:04:05[.frac](Z|±hh:mm)`.
    static func isDateTime(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard let separator = lowered.firstIndex(of: "t") else { return false }
        guard isDate(String(lowered[..<separator])) else { return false }
        var time = Substring(lowered[lowered.index(after: separator)...])
        if time.hasSuffix("z") {
            time = time.dropLast()
        } else if time.count > 6 {
            let zone = time.suffix(6)
            let zoneParts = zone.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard zone.first == "+" || zone.first == "-", zoneParts.count == 2,
                let hours = twoDigits(zoneParts[0]), let minutes = twoDigits(zoneParts[1]), hours < 24, minutes < 60
            else { return false }
            time = time.dropLast(6)
        } else {
            return false
        }
        var clock = time
        if let dot = time.firstIndex(of: ".") {
            let fraction = time[time.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            clock = time[..<dot]
        }
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, let hour = twoDigits(fields[0]), let minute = twoDigits(fields[1]),
            let second = twoDigits(fields[2])
        else { return false }
        return hour <= 23 && minute <= 59 && second <= 59
    }

    private static func twoDigits(_ text: Substring) -> Int? {
        guard text.count == 2, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// `(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?V[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$`, `V` the version.
    static func isUUID(_ text: String, version: Character?) -> Bool {
        let hex = Array(text.lowercased().filter { $0 != "-" })
        let groups = text.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        guard groups == [32] || groups == [8, 4, 4, 4, 12], hex.count == 32,
            hex.allSatisfy({ $0.isASCII && $0.isHexDigit })
        else { return false }
        guard let version else { return true }
        return hex[12] == version && (version == "3" || "89ab".contains(hex[16]))
    }

    /// A dotted-quad IPv4 address, no leading zeros (Go's `net.ParseIP`).
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy(isIPv4Octet)
    }

    private static func isIPv4Octet(_ part: Substring) -> Bool {
        guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
            part.count == 1 || part.first != "0", let value = Int(part)
        else { return false }
        return value <= 255
    }

    /// An IPv6 address with optional `::` compression and a trailing dotted quad.
    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: String) -> [Substring]? {
            part.isEmpty ? [] : part.split(separator: ":", omittingEmptySubsequences: false)
        }
        guard let head = groups(halves[0]), let tail = halves.count == 2 ? groups(halves[1]) : [] else { return false }
        var all = head + tail
        var width = 0
        if let last = all.last, last.contains(".") {
            guard isIPv4(String(last)) else { return false }
            all.removeLast()
            width = 2
        }
        guard all.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isHexDigit } })
        else { return false }
        width += all.count
        return halves.count == 2 ? width < 8 : width == 8
    }

    /// RFC 1123 host name: dot-separated labels of letters, digits and hyphens (not at either end),
    /// each at most 63 characters, at most 255 in all, with an optional trailing dot.
    static func isHostname(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 255 else { return false }
        var labels = text.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        return labels.allSatisfy { label in
            guard (1...63).contains(label.count), label.first != "-", label.last != "-" else { return false }
            return label.allSatisfy { $0 == "-" || $0.isLetter || $0.isNumber }
        }
    }
}
