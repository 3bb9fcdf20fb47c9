import Testing

@testable import SkiffKubelet

@Suite("ContainerLog.read")
struct ContainerLogTests {
    @Test func readsWholeFileWithoutRotation() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("first\nsecond\nthird\n", to: path)
        #expect(ContainerLog.read(path, options: LogOptions()) == Array("first\nsecond\nthird\n".utf8))
    }

    @Test func missingFileReadsAsEmpty() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("absent.log")
        #expect(ContainerLog.read(path, options: LogOptions()).isEmpty)
        #expect(ContainerLog.read(path, options: LogOptions(tailLines: 5, limitBytes: 10)).isEmpty)
    }

    @Test(arguments: [
        ("a\nb\nc\n", 0, ""),
        ("a\nb\nc\n", 1, "c\n"),
        ("a\nb\nc\n", 2, "b\nc\n"),
        ("a\nb\nc\n", 3, "a\nb\nc\n"),
        ("a\nb\nc\n", 10, "a\nb\nc\n"),
        ("a\nb\nc\n", -1, "a\nb\nc\n"),
        ("a\nb\nc", 1, "c"),
        ("a\nb\nc", 2, "b\nc"),
        ("a\n\n\nb\n", 2, "\nb\n"),
        ("a\n\n\n", 1, "\n"),
        ("a\n\n\n", 2, "\n\n"),
        ("\n", 1, "\n"),
        ("", 3, ""),
        ("only line", 1, "only line"),
    ])
    func tailLines(content: String, tail: Int, expected: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append(content, to: path)
        let bytes = ContainerLog.read(path, options: LogOptions(tailLines: tail))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test(
        arguments: [
            (nil, 5, "one\nt"),
            (2, 5, "two\nt"),
            (1, 3, "thr"),
            (nil, 0, ""),
            (nil, 1000, "one\ntwo\nthree\n"),
            (1, 1000, "three\n"),
        ] as [(Int?, Int, String)])
    func limitBytesKeepsTheFirstBytesOfTheSelection(tail: Int?, limit: Int, expected: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("one\ntwo\nthree\n", to: path)
        let bytes = ContainerLog.read(path, options: LogOptions(tailLines: tail, limitBytes: limit))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test(
        arguments: [
            (nil, "l1\nl2\nl3\nl4\nl5 cont\nl6\n"),
            (1, "l6\n"),
            (2, "l5 cont\nl6\n"),
            (3, "l4\nl5 cont\nl6\n"),
            (5, "l2\nl3\nl4\nl5 cont\nl6\n"),
            (6, "l1\nl2\nl3\nl4\nl5 cont\nl6\n"),
            (50, "l1\nl2\nl3\nl4\nl5 cont\nl6\n"),
        ] as [(Int?, String)])
    func readsAcrossRotatedFilesOldestFirst(tail: Int?, expected: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("l1\nl2\n", to: path + ".2")
        append("l3\nl4\nl5", to: path + ".1")  // copy-truncate split a line
        append(" cont\nl6\n", to: path)
        let bytes = ContainerLog.read(path, options: LogOptions(tailLines: tail))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func tailSpansFilesWhenTheLiveFileIsEmpty() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("x\ny\n", to: path + ".2")
        append("z\n", to: path + ".1")
        append("", to: path)
        #expect(ContainerLog.read(path, options: LogOptions(tailLines: 2)) == Array("y\nz\n".utf8))
    }

    /// The backwards block scan must agree with a naive split for every block size and tail count.
    @Test(arguments: [1, 2, 3, 7, 64 << 10])
    func backwardsScanMatchesNaiveTail(blockSize: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        let parts = ["alpha\n\nbe", "ta\ngamma\n", "\n", "delta\nepsilon"]
        append(parts[0], to: path + ".3")
        append(parts[1], to: path + ".2")
        append(parts[2], to: path + ".1")
        append(parts[3], to: path)
        let whole = parts.joined()
        let files = LogFileSet(path: path)
        for lines in 1...9 {
            let naive = Self.naiveTail(whole, lines)
            let scanned = files.tail(lines: lines, blockSize: blockSize).bytes
            #expect(String(decoding: scanned, as: UTF8.self) == naive, "tail \(lines)")
        }
    }

    @Test func largeFileTailReadsOnlyTheEnd() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("big.log")
        let line = Array((String(repeating: "x", count: 99) + "\n").utf8)
        let block = [[UInt8]](repeating: line, count: 10_000).flatMap { $0 }  // 1 MB
        for _ in 0..<50 {
            append(block, to: path)
        }
        let lastLines = (1...20).map { "final line \($0)\n" }.joined()
        append(lastLines, to: path)

        let expected = (11...20).map { "final line \($0)\n" }.joined()
        let bytes = ContainerLog.read(path, options: LogOptions(tailLines: 10))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
        let scan = LogFileSet(path: path).tail(lines: 10)
        #expect(scan.scanned <= 64 << 10)
        #expect(ContainerLog.read(path, options: LogOptions(limitBytes: 200)) == Array(block.prefix(200)))
    }

    private static func naiveTail(_ text: String, _ count: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        if text.hasSuffix("\n") {
            lines.removeLast()
        } else if let last = lines.popLast() {
            lines.append(last.dropLast())
        }
        return lines.suffix(count).joined()
    }
}
