import SkiffAPI
import Testing

@testable import SkiffHistory

@Suite("UnifiedDiff")
struct UnifiedDiffTests {
    /// `diff -u --label a --label b` of the two revisions' pretty-printed JSON (with a final newline).
    @Test func matchesDiffForADeploymentRollout() {
        let old = Fixtures.deploymentBefore.prettyPrinted() + "\n"
        let new = Fixtures.deploymentAfter.prettyPrinted() + "\n"
        let expected = """
            --- a
            +++ b
            @@ -2,16 +2,16 @@
               "apiVersion": "apps/v1",
               "kind": "Deployment",
               "metadata": {
            -    "generation": 1,
            +    "generation": 2,
                 "labels": {
                   "app": "web"
                 },
                 "name": "web",
                 "namespace": "default",
            -    "resourceVersion": "41"
            +    "resourceVersion": "57"
               },
               "spec": {
            -    "replicas": 3,
            +    "replicas": 5,
                 "selector": {
                   "matchLabels": {
                     "app": "web"
            @@ -26,7 +26,7 @@
                   "spec": {
                     "containers": [
                       {
            -            "image": "nginx:1.25",
            +            "image": "nginx:1.26",
                         "name": "nginx",
                         "ports": [
                           {

            """
        #expect(UnifiedDiff().render(old: old, new: new) == expected)
    }

    /// `prettyPrinted()` has no final newline; `diff` says so after the last line.
    @Test func marksAMissingFinalNewline() {
        let old = JSONValue.object(["a": 1, "b": [1, 2, 3]]).prettyPrinted()
        let new = JSONValue.object(["a": 1, "b": [1, 2, 3, 4]]).prettyPrinted()
        let expected = """
            --- a
            +++ b
            @@ -3,6 +3,7 @@
               "b": [
                 1,
                 2,
            -    3
            +    3,
            +    4
               ]
             }
            \\ No newline at end of file

            """
        #expect(UnifiedDiff().render(old: old, new: new) == expected)
    }

    static let cases: [(old: String, new: String, context: Int, expected: String)] = [
        ("same\n", "same\n", 3, ""),
        ("", "", 3, ""),
        ("", "a\nb\n", 3, "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"),
        ("a\nb\n", "", 3, "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n"),
        ("x\n", "y\n", 3, "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n"),
        ("x\n", "x", 3, "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+x\n\\ No newline at end of file\n"),
        // Changes 6 unchanged lines apart share a hunk with 3 lines of context...
        (
            numbers(1...20), numbers(1...20, replacing: [3: "three", 10: "ten", 18: "eighteen"]), 3,
            "--- a\n+++ b\n@@ -1,13 +1,13 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n"
                + "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n"
        ),
        // ...7 apart do not.
        (
            numbers(1...20), numbers(1...20, replacing: [3: "three", 11: "eleven"]), 3,
            "--- a\n+++ b\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
                + "@@ -8,7 +8,7 @@\n 8\n 9\n 10\n-11\n+eleven\n 12\n 13\n 14\n"
        ),
        (
            numbers(1...20), numbers(1...20, replacing: [3: "three", 10: "ten", 18: "eighteen"]), 1,
            "--- a\n+++ b\n@@ -2,3 +2,3 @@\n 2\n-3\n+three\n 4\n@@ -9,3 +9,3 @@\n 9\n-10\n+ten\n 11\n"
                + "@@ -17,3 +17,3 @@\n 17\n-18\n+eighteen\n 19\n"
        ),
        // An inserted line in a run of equal ones goes where `diff` puts it.
        ("{\n}\n}\n}\nx\n", "{\n}\n}\n}\n}\nx\n", 0, "--- a\n+++ b\n@@ -4,0 +5 @@\n+}\n"),
        ("a\nb\nc\n", "a\nc\n", 0, "--- a\n+++ b\n@@ -2 +1,0 @@\n-b\n"),
        // Runs of changes slide over equal lines as `diff` slides them.
        ("x\n}\n}\n}\ny\n", "x\n}\ny\n", 0, "--- a\n+++ b\n@@ -3,2 +2,0 @@\n-}\n-}\n"),
        ("a\nb\na\nb\nc\n", "a\nb\nc\n", 0, "--- a\n+++ b\n@@ -3,2 +2,0 @@\n-a\n-b\n"),
        ("b\n\n\n", "\n", 1, "--- a\n+++ b\n@@ -1,3 +1 @@\n-b\n-\n \n"),
        ("\n", "{\n\n\n", 3, "--- a\n+++ b\n@@ -1 +1,3 @@\n+{\n+\n \n"),
        ("a\n\n", "\n\n", 1, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n-a\n+\n \n"),
        // Where several shortest edit scripts exist, Myers' walk keeps the earliest match: a
        // different but equally short script than GNU diff's, which applies to the same result.
        (
            "  \"a\": 1,\n\n\n    3\n],\nx\nx", "  \"a\": 1,\n],\n],\n],\nx\nx\n", 1,
            "--- a\n+++ b\n@@ -1,7 +1,6 @@\n   \"a\": 1,\n-\n-\n-    3\n ],\n+],\n+],\n x\n-x\n"
                + "\\ No newline at end of file\n+x\n"
        ),
        // Lines are compared byte for byte: CRLF and a composed é are different lines.
        ("a\r\nb\n", "a\nb\n", 3, "--- a\n+++ b\n@@ -1,2 +1,2 @@\n-a\r\n+a\n b\n"),
        ("caf\u{E9}\n", "cafe\u{301}\n", 3, "--- a\n+++ b\n@@ -1 +1 @@\n-caf\u{E9}\n+cafe\u{301}\n"),
    ]

    @Test(arguments: cases)
    func matchesDiff(_ old: String, _ new: String, _ context: Int, _ expected: String) {
        #expect(UnifiedDiff(context: context).render(old: old, new: new) == expected)
    }

    @Test func coloursAndLabels() {
        let diff = UnifiedDiff(
            oldLabel: "pods/default/web-1@41", newLabel: "pods/default/web-1@57", context: 1, colored: true)
        let expected =
            "\u{1B}[1m--- pods/default/web-1@41\u{1B}[0m\n\u{1B}[1m+++ pods/default/web-1@57\u{1B}[0m\n"
            + "\u{1B}[36m@@ -1,3 +1,3 @@\u{1B}[0m\n {\n\u{1B}[31m-  \"a\": 1\u{1B}[0m\n\u{1B}[32m+  \"a\": 2\u{1B}[0m\n }\n"
        #expect(diff.render(old: "{\n  \"a\": 1\n}\n", new: "{\n  \"a\": 2\n}\n") == expected)
    }

    @Test func handlesLargeUnrelatedTextsQuickly() {
        let old = (0..<3000).map { "old line \($0 * 7 % 3000)\n" }.joined() + "shared\n"
        let new = (0..<3000).map { "new line \($0 * 11 % 3000)\n" }.joined() + "shared\n"
        let output = UnifiedDiff().render(old: old, new: new)
        #expect(output.hasPrefix("--- a\n+++ b\n@@ -1,3001 +1,3001 @@\n-old line 0\n"))
        #expect(output.split(separator: "\n").count == 3 + 6001)
    }

    /// Applying the diff to the old text gives the new one, for many generated pairs and contexts.
    @Test(arguments: [0, 1, 3])
    func patchesOldIntoNew(context: Int) throws {
        var generator = SplitMix64(seed: 42)
        let alphabet = ["{", "}", "  \"a\": 1,", "  \"b\": 2,", "],", "x", "", "    3"]
        for _ in 0..<300 {
            let old = (0..<Int(generator.next() % 30)).map { _ in alphabet[Int(generator.next() % 8)] }
            var new = old
            for _ in 0..<Int(generator.next() % 6) {
                let position = Int(generator.next() % UInt64(new.count + 1))
                if generator.next() % 2 == 0 || new.isEmpty {
                    new.insert(alphabet[Int(generator.next() % 8)], at: position)
                } else {
                    new.remove(at: min(position, new.count - 1))
                }
            }
            let oldText = old.joined(separator: "\n") + (generator.next() % 2 == 0 ? "\n" : "")
            let newText = new.joined(separator: "\n") + (generator.next() % 2 == 0 ? "\n" : "")
            let diff = UnifiedDiff(context: context).render(old: oldText, new: newText)
            #expect(
                try Self.apply(diff, to: oldText) == newText,
                "\(oldText.debugDescription) → \(newText.debugDescription)")
            #expect(diff.isEmpty == oldText.utf8.elementsEqual(newText.utf8))
        }
    }

    /// A minimal `patch`: applies the hunks of a unified diff to `text`.
    private static func apply(_ diff: String, to text: String) throws -> String {
        guard !diff.isEmpty else { return text }
        let old = UnifiedDiff.lines(of: text).map(String.init)
        let lines = UnifiedDiff.lines(of: diff).map(String.init)
        var output: [String] = []
        var next = 0
        for (index, line) in lines.enumerated().dropFirst(2) where !line.hasPrefix("\\") {
            if line.hasPrefix("@@ -") {
                let range = line.dropFirst(4).prefix { $0 != " " }
                let parts = range.split(separator: ",").map { Int($0)! }
                let start = parts.count == 2 && parts[1] == 0 ? parts[0] : parts[0] - 1
                while next < start {
                    output.append(old[next])
                    next += 1
                }
                continue
            }
            var content = String(line.dropFirst())
            if index + 1 < lines.count, lines[index + 1].hasPrefix("\\") { content.removeLast() }
            if line.hasPrefix("+") {
                output.append(content)
            } else {
                try #require(content == old[next])
                if line.hasPrefix(" ") { output.append(content) }
                next += 1
            }
        }
        output += old[next...]
        return output.joined()
    }

    private static func numbers(_ range: ClosedRange<Int>, replacing replacements: [Int: String] = [:]) -> String {
        range.map { (replacements[$0] ?? String($0)) + "\n" }.joined()
    }
}

/// A small seeded generator, so generated cases are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
