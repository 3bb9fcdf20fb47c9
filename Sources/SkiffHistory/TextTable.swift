/// Rows of text in aligned columns, as `kubectl get` prints them: a header, columns padded to
/// their widest cell and separated by three spaces, and, when a line would be wider than
/// ``width``, its last column cut with `…` to fit.
public struct TextTable: Hashable, Sendable {
    /// The column headers.
    public var header: [String]
    /// The rows; a short row is padded with empty cells, cells beyond the header are dropped.
    public var rows: [[String]]
    /// The widest a line may be, `nil` for no limit (output that is not a terminal).
    public var width: Int?
    /// What separates two columns.
    public var separator: String

    /// A table.
    public init(header: [String], rows: [[String]] = [], width: Int? = 80, separator: String = "   ") {
        self.header = header
        self.rows = rows
        self.width = width
        self.separator = separator
    }

    /// Adds a row.
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as text: one line per row after the header, each ending with a newline, no
    /// trailing spaces. Line breaks and tabs inside cells become spaces.
    public func render() -> String {
        let columnCount = header.count
        guard columnCount > 0 else { return "" }
        let lines = ([header] + rows).map { row in
            (0..<columnCount).map { index in
                index < row.count ? Self.singleLine(row[index]) : ""
            }
        }
        var widths = [Int](repeating: 0, count: columnCount)
        for line in lines {
            for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var output = ""
        for line in lines {
            var text = ""
            for index in 0..<columnCount - 1 {
                let cell = line[index]
                text += cell + String(repeating: " ", count: widths[index] - cell.count) + separator
            }
            var last = line[columnCount - 1]
            if let width, text.count + last.count > width {
                last = last.truncated(to: max(1, width - text.count))
            }
            text += last
            while text.last == " " { text.removeLast() }
            output += text + "\n"
        }
        return output
    }

    private static func singleLine(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" }) else { return cell }
        return String(cell.map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
    }
}
