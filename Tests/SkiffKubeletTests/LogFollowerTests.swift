import Testing

@testable import SkiffKubelet

@Suite("LogFollower")
struct LogFollowerTests {
    /// Calls `next()` until it returns nothing, checking the chunk size limit.
    private func drain(_ follower: LogFollower) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<1000 {
            let chunk = follower.next()
            #expect(chunk.count <= LogFollower.maxChunk)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func seesAppendsAfterTheStartOffset() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("old\n", to: path)
        #expect(LogFollower.endOffset(of: path) == 4)
        let follower = LogFollower(path: path, from: LogFollower.endOffset(of: path))
        #expect(follower.next().isEmpty)
        append("new\n", to: path)
        #expect(drain(follower) == "new\n")
        append("more\n", to: path)
        append("and more\n", to: path)
        #expect(drain(follower) == "more\nand more\n")
    }

    @Test func missingFileStartsEmptyAndIsFollowedOnceCreated() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        #expect(LogFollower.endOffset(of: path) == 0)
        let follower = LogFollower(path: path, from: 0)
        #expect(follower.next().isEmpty)
        append("hello\n", to: path)
        #expect(drain(follower) == "hello\n")
    }

    @Test func returnsAtMostOneChunkPerCall() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        let content = String(repeating: "0123456789abcde\n", count: 200 << 6)  // 200 KiB
        append(content, to: path)
        let follower = LogFollower(path: path, from: 0)
        #expect(follower.next().count == LogFollower.maxChunk)
        #expect(drain(follower).count == content.utf8.count - LogFollower.maxChunk)
    }

    /// The live file regrows to the old position before the next call: rotation is seen through `path.1`.
    @Test(arguments: ["three\n", "a much longer line after rotation\n", ""])
    func continuesAfterRotationWithoutDuplicates(afterRotation: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        let rotation = LogRotation(maxBytes: 1, maxFiles: 3)
        append("one\n", to: path)
        let follower = LogFollower(path: path, from: 0)
        #expect(drain(follower) == "one\n")
        append("two\n", to: path)
        #expect(try rotation.rotateIfNeeded(path))
        append(afterRotation, to: path)
        #expect(drain(follower) == "two\n" + afterRotation)
        append("four\n", to: path)
        #expect(drain(follower) == "four\n")
    }

    @Test func drainsALargeRotatedRemainderInChunks() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        let follower = LogFollower(path: path, from: 0)
        let big = String(repeating: "x", count: 100 << 10) + "\n"
        append(big, to: path)
        #expect(try LogRotation(maxBytes: 1).rotateIfNeeded(path))
        append("tail\n", to: path)
        #expect(drain(follower) == big + "tail\n")
    }

    @Test func truncationWithoutACopyRestartsAtZero() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("first line\n", to: path)
        let follower = LogFollower(path: path, from: LogFollower.endOffset(of: path))
        #expect(try LogRotation(maxBytes: 1, maxFiles: 1).rotateIfNeeded(path))
        append("c\n", to: path)
        #expect(drain(follower) == "c\n")
    }

    @Test func twoFollowersOfOneFileAreIndependent() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("abc\n", to: path)
        let first = LogFollower(path: path, from: 0)
        let second = LogFollower(path: path, from: 2)
        #expect(drain(first) == "abc\n")
        #expect(drain(second) == "c\n")
    }
}
