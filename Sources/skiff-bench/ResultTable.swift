/// A plain-text table: a header row, rows, columns padded to fit.
struct ResultTable {
    var header: [String]
    var rows: [[String]] = []

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == 0
                    ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

/// Formats a number with thousands separators and `decimals` digits.
func format(_ value: Double, decimals: Int = 0) -> String {
    guard value.isFinite else { return "-" }
    let rounded = (value * pow10(decimals)).rounded() / pow10(decimals)
    let integer = Int64(rounded.magnitude)
    var digits = String(integer)
    var grouped = ""
    while digits.count > 3 {
        grouped = "," + digits.suffix(3) + grouped
        digits = String(digits.dropLast(3))
    }
    grouped = digits + grouped
    if decimals > 0 {
        let fraction = Int64(((rounded.magnitude - Double(integer)) * pow10(decimals)).rounded())
        let text = String(fraction)
        grouped += "." + String(repeating: "0", count: max(0, decimals - text.count)) + text
    }
    return (rounded < 0 ? "-" : "") + grouped
}

private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { value, _ in value * 10 } }

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
