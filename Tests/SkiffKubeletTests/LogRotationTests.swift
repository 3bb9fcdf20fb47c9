import Glibc
import Testing

@testable import SkiffKubelet

@Suite("LogRotation")
struct LogRotationTests {
    @Test func defaultsMatchKubelet() {
        let rotation = LogRotation()
        #expect(rotation.maxBytes == 10 * 1024 * 1024)
        #expect(rotation.maxFiles == 5)
    }

    @Test(arguments: [(0, false), (9, false), (10, false), (11, true)])
    func rotatesOnlyAboveMaxBytes(size: Int, rotates: Bool) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append(String(repeating: "a", count: size), to: path)
        #expect(try LogRotation(maxBytes: 10).rotateIfNeeded(path) == rotates)
        #expect((FileStat(path: path + ".1") != nil) == rotates)
        #expect(FileStat(path: path)?.size == (rotates ? 0 : size))
    }

    @Test func missingFileDoesNotRotate() throws {
        let directory = try TemporaryDirectory()
        #expect(try LogRotation(maxBytes: 0).rotateIfNeeded(directory.file("absent.log")) == false)
    }

    @Test func shiftsAndDropsBeyondMaxFiles() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        let rotation = LogRotation(maxBytes: 3, maxFiles: 3)
        for content in ["AAAA", "BBBB", "CCCC", "DDDD"] {
            append(content, to: path)
            #expect(try rotation.rotateIfNeeded(path))
        }
        #expect(contents(of: path) == "")
        #expect(contents(of: path + ".1") == "DDDD")
        #expect(contents(of: path + ".2") == "CCCC")
        #expect(contents(of: path + ".3") == nil)
        #expect(contents(of: path + ".1.tmp") == nil)
        append("EE", to: path)
        #expect(try rotation.rotateIfNeeded(path) == false)
        #expect(ContainerLog.read(path, options: LogOptions()) == Array("CCCCDDDDEE".utf8))
    }

    @Test func removesStaleFilesLeftByALargerMaxFiles() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        for index in 1...4 {
            append("old\(index)", to: path + ".\(index)")
        }
        append("live!", to: path)
        #expect(try LogRotation(maxBytes: 1, maxFiles: 3).rotateIfNeeded(path))
        #expect(contents(of: path + ".1") == "live!")
        #expect(contents(of: path + ".2") == "old1")
        #expect(contents(of: path + ".3") == nil)
        #expect(contents(of: path + ".4") == nil)
    }

    @Test func maxFilesOfOneOnlyTruncates() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        append("content", to: path)
        #expect(try LogRotation(maxBytes: 1, maxFiles: 1).rotateIfNeeded(path))
        #expect(contents(of: path) == "")
        #expect(contents(of: path + ".1") == nil)
    }

    @Test func keepsTheLiveFileSoAppendsContinueAtTheStart() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("c.log")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        defer { close(descriptor) }
        _ = "0123456789".withCString { write(descriptor, $0, 10) }
        #expect(try LogRotation(maxBytes: 5).rotateIfNeeded(path))
        _ = "after".withCString { write(descriptor, $0, 5) }
        #expect(contents(of: path) == "after")
        #expect(contents(of: path + ".1") == "0123456789")
        #expect(FileStat(path: path + ".1")?.permissions == 0o600)
    }
}
