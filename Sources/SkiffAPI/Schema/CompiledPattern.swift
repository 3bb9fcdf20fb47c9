import Foundation

/// A schema `pattern`, compiled once when the schema is parsed.
///
/// `@unchecked Sendable`: `NSRegularExpression` is not marked `Sendable` on Linux, but it is an
/// immutable object once initialised (Foundation documents it as safe to share between threads),
/// and this class only ever reads it through `let` properties set in `init`.
final class CompiledPattern: @unchecked Sendable {
    /// The pattern as written in the schema.
    let source: String
    /// The compiled expression, `nil` when the pattern does not compile.
    let expression: NSRegularExpression?
    /// Why the pattern is refused, in the words of Go's `regexp` (which kube-apiserver uses).
    let problem: String?

    init(_ source: String) {
        self.source = source
        if let unsupported = Self.unsupportedSyntax(in: source) {
            expression = nil
            problem = "error parsing regexp: " + unsupported
            return
        }
        do {
            expression = try NSRegularExpression(pattern: source)
            problem = nil
        } catch {
            expression = nil
            problem = "error parsing regexp: invalid regular expression: `\(source)`"
        }
    }

    /// Whether `text` contains a match (unanchored, as Go's `MatchString`).
    func matches(_ text: String) -> Bool {
        guard let expression else { return true }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }

    /// Constructs that ICU accepts but RE2 (Go) refuses: look-arounds and back-references.
    private static func unsupportedSyntax(in pattern: String) -> String? {
        for lookaround in ["(?=", "(?!", "(?<=", "(?<!"] where pattern.contains(lookaround) {
            return "invalid or unsupported Perl syntax: `\(lookaround)`"
        }
        var characters = pattern.makeIterator()
        var inClass = false
        while let character = characters.next() {
            switch character {
            case "\\":
                guard let escaped = characters.next() else { return "trailing backslash at end of expression: ``" }
                if !inClass, escaped.isNumber, escaped != "0" { return "invalid escape sequence: `\\\(escaped)`" }
            case "[": inClass = true
            case "]": inClass = false
            default: break
            }
        }
        return nil
    }
}
