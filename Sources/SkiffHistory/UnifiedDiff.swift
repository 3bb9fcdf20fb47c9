/// A unified diff of two texts, as `diff -u --label a --label b` prints it: `--- a` and `+++ b`
/// headers, then `@@ -l,s +l,s @@` hunks with `context` lines of context around each change,
/// deletions before insertions, and `\ No newline at end of file` after a last line without one.
/// Equal texts give an empty diff.
///
/// Lines are compared byte for byte and matched with Myers' shortest edit script; for the edits
/// JSON revisions show this is what `diff -u` prints (where several shortest scripts exist it may
/// pick another, equally short one). Optional ANSI colour: deletions red, insertions green, hunk
/// headers cyan, file headers bold.
public struct UnifiedDiff: Hashable, Sendable {
    /// The name on the `---` line.
    public var oldLabel: String
    /// The name on the `+++` line.
    public var newLabel: String
    /// Unchanged lines shown around each change.
    public var context: Int
    /// Whether to colour the output with ANSI escape sequences.
    public var colored: Bool

    /// A diff configuration.
    public init(oldLabel: String = "a", newLabel: String = "b", context: Int = 3, colored: Bool = false) {
        self.oldLabel = oldLabel
        self.newLabel = newLabel
        self.context = max(0, context)
        self.colored = colored
    }

    /// The diff from `old` to `new`; empty when they are equal.
    public func render(old: String, new: String) -> String {
        if old.utf8.elementsEqual(new.utf8) { return "" }
        let oldLines = Self.lines(of: old)
        let newLines = Self.lines(of: new)
        let changes = Self.changes(from: oldLines, to: newLines, context: context)
        if changes.isEmpty { return "" }

        var output = ""
        output += paint("--- \(oldLabel)", Self.bold) + "\n"
        output += paint("+++ \(newLabel)", Self.bold) + "\n"
        var first = 0
        while first < changes.count {
            var last = first
            while last + 1 < changes.count,
                changes[last + 1].oldStart - (changes[last].oldStart + changes[last].deleted) < 2 * context + 1
            {
                last += 1
            }
            appendHunk(changes[first...last], oldLines: oldLines, newLines: newLines, to: &output)
            first = last + 1
        }
        return output
    }

    // MARK: Hunks

    private func appendHunk(
        _ hunk: ArraySlice<LineDiff.Change>, oldLines: [Substring], newLines: [Substring], to output: inout String
    ) {
        let firstChange = hunk.first!
        let lastChange = hunk.last!
        let oldFirst = max(0, firstChange.oldStart - context)
        let newFirst = max(0, firstChange.newStart - context)
        let oldLast = min(oldLines.count - 1, lastChange.oldStart + lastChange.deleted - 1 + context)
        let newLast = min(newLines.count - 1, lastChange.newStart + lastChange.inserted - 1 + context)
        let header = "@@ -\(Self.range(oldFirst, oldLast)) +\(Self.range(newFirst, newLast)) @@"
        output += paint(header, Self.cyan) + "\n"

        var line = oldFirst
        for change in hunk {
            while line < change.oldStart {
                appendLine(" ", oldLines[line], color: nil, to: &output)
                line += 1
            }
            for index in change.oldStart..<change.oldStart + change.deleted {
                appendLine("-", oldLines[index], color: Self.red, to: &output)
            }
            for index in change.newStart..<change.newStart + change.inserted {
                appendLine("+", newLines[index], color: Self.green, to: &output)
            }
            line = change.oldStart + change.deleted
        }
        while line <= oldLast {
            appendLine(" ", oldLines[line], color: nil, to: &output)
            line += 1
        }
    }

    /// GNU diff's range: `start,count` (1-based), just `start` for one line, and the line before
    /// the range with `,0` for none.
    private static func range(_ first: Int, _ last: Int) -> String {
        let count = last - first + 1
        if count == 0 { return "\(first),0" }
        if count == 1 { return "\(first + 1)" }
        return "\(first + 1),\(count)"
    }

    private func appendLine(_ marker: String, _ line: Substring, color: String?, to output: inout String) {
        let hasNewline = line.utf8.last == UInt8(ascii: "\n")
        let text = marker + (hasNewline ? String(decoding: line.utf8.dropLast(), as: UTF8.self) : String(line))
        output += (color.map { paint(text, $0) } ?? text) + "\n"
        if !hasNewline { output += "\\ No newline at end of file\n" }
    }

    private func paint(_ text: String, _ color: String) -> String {
        colored ? color + text + Self.reset : text
    }

    private static let red = "\u{1B}[31m"
    private static let green = "\u{1B}[32m"
    private static let cyan = "\u{1B}[36m"
    private static let bold = "\u{1B}[1m"
    private static let reset = "\u{1B}[0m"

    // MARK: Lines and changes

    /// The lines of `text`, each with its `\n` (the last may have none).
    static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let next = bytes.index(after: index)
            if bytes[index] == UInt8(ascii: "\n") {
                lines.append(text[start..<next])
                start = next
            }
            index = next
        }
        if start < bytes.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// The blocks of changed lines from `old` to `new`, in order. Lines are compared byte for
    /// byte, as `diff` compares them.
    static func changes(from old: [Substring], to new: [Substring], context: Int) -> [LineDiff.Change] {
        var numbers: [[UInt8]: Int] = [:]
        func number(_ line: Substring) -> Int {
            let bytes = Array(line.utf8)
            if let known = numbers[bytes] { return known }
            numbers[bytes] = numbers.count
            return numbers.count - 1
        }
        let oldIDs = old.map(number)
        let newIDs = new.map(number)
        return LineDiff.changes(from: oldIDs, to: newIDs, horizon: context)
    }
}
