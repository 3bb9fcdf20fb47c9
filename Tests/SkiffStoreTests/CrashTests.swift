import Foundation
import Testing

@testable import SkiffStore

/// Kills a writing child process with SIGKILL at a random moment and checks, after reopening,
/// that every write it acknowledged is there and that no transaction is half-applied.
@Suite("Durability under kill -9", .serialized)
struct CrashTests {
    /// The `skiff` executable built beside the test bundle.
    static var skiffBinary: String {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("skiff").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent("skiff").path
    }

    struct Acknowledgement: Hashable {
        var writer: Int
        var sequence: Int
        var revision: Int64
    }

    /// Starts the child, kills it after `delay` (and at least ten acknowledgements), returns the acknowledgements it printed in full.
    func runAndKill(path: String, writers: Int, delay: Duration) async throws -> [Acknowledgement] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.skiffBinary)
        process.arguments = ["debug", "store-load", "--path", path, "--writers", "\(writers)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let collected = LockedBuffer()
        let reader = Thread {
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            collected.finish()
        }
        reader.start()
        try await Task.sleep(for: delay)
        // Mid-load means after some acknowledgements: on a loaded machine the child may not have
        // written any within the delay (it once had none), so wait for ten, up to 30 s more.
        let deadline = Date().addingTimeInterval(30)
        while collected.data.count(where: { $0 == UInt8(ascii: "\n") }) < 10, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        collected.waitUntilFinished()
        #expect(process.terminationReason == .uncaughtSignal)
        // Only whole lines count: the last one may have been cut by the kill.
        let text = String(decoding: collected.data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        return lines.compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, fields[0] == "ack", let writer = Int(fields[1]), let sequence = Int(fields[2]),
                let revision = Int64(fields[3])
            else { return nil }
            return Acknowledgement(writer: writer, sequence: sequence, revision: revision)
        }
    }

    @Test(arguments: 1...4)
    func acknowledgedWritesSurviveKill(_ round: Int) async throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: Self.skiffBinary), "skiff not built at \(Self.skiffBinary)")
        let directory = ScratchDirectory()
        let path = directory.file("crash.db")
        let delay = Duration.milliseconds(Int.random(in: 400...1_500) + round * 50)
        let acknowledgements = try await runAndKill(path: path, writers: 24, delay: delay)
        #expect(acknowledgements.count > 0, "the child acknowledged nothing before it was killed")

        let store = try Store.open(path: path, logger: quietLogger)
        let all = try await store.range(RangeRequest(.prefix("/load/")))
        var values: [String: [UInt8]] = [:]
        for kv in all.kvs { values[String(decoding: kv.key, as: UTF8.self)] = kv.value }
        // Every acknowledged write is there, at its revision.
        for ack in acknowledgements {
            let prefix = "/load/w\(ack.writer)/\(ack.sequence)/"
            #expect(values[prefix + "a"] != nil, "acknowledged write \(prefix) is missing")
            let kv = try await store.get(k(prefix + "a"))
            #expect(kv?.modRevision.rawValue == ack.revision)
            #expect(ack.revision <= store.currentRevision.rawValue)
        }
        // No transaction is half-applied: "a" and "b" always come together, with the same value.
        var halves: [String] = []
        for (key, value) in values where key.hasSuffix("/a") {
            let partner = String(key.dropLast()) + "b"
            if values[partner] != value { halves.append(key) }
        }
        for key in values.keys where key.hasSuffix("/b") && values[String(key.dropLast()) + "a"] == nil {
            halves.append(key)
        }
        #expect(halves.isEmpty, "half-applied transactions: \(halves.prefix(5))")
        // Revisions are dense and each is one transaction of two keys.
        #expect(Int64(all.count) == store.currentRevision.rawValue * 2)
        await store.close()
    }
}

/// Bytes read by one thread, handed to another.
final class LockedBuffer: @unchecked Sendable {
    private let condition = NSCondition()
    private var buffer = Data()
    private var done = false

    func append(_ chunk: Data) {
        condition.lock()
        buffer.append(chunk)
        condition.unlock()
    }

    func finish() {
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilFinished() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }

    var data: Data {
        condition.lock()
        defer { condition.unlock() }
        return buffer
    }
}
