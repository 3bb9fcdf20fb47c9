import ArgumentParser
import Foundation
import SkiffStore

extension Skiff {
    /// Tools for testing Skiff itself; hidden from help.
    struct Debug: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tools for testing Skiff itself.",
            shouldDisplay: false,
            subcommands: [StoreLoad.self]
        )
    }
}

extension Skiff.Debug {
    /// `skiff debug store-load`: many concurrent writers, each acknowledged write printed as
    /// `ack WRITER SEQ REVISION` once the store has acknowledged it. Used by the crash test, which
    /// kills this process and checks that every printed acknowledgement survived.
    ///
    /// Each write is one transaction that puts two keys, `/load/wW/S/a` and `/load/wW/S/b`, with the
    /// same value, so a half-applied transaction is visible after a crash.
    struct StoreLoad: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store-load", abstract: "Write concurrently and print acknowledgements.")

        @Option(help: "The database file.")
        var path: String

        @Option(help: "Concurrent writers.")
        var writers = 16

        @Option(help: "Writes per writer (0 = until killed).")
        var count = 0

        @Option(help: "Value size in bytes.")
        var valueSize = 256

        func run() async throws {
            let store = try Store.open(path: path)
            let output = AcknowledgementPrinter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        var sequence = 0
                        while count == 0 || sequence < count {
                            let prefix = "/load/w\(writer)/\(sequence)/"
                            let value = [UInt8](repeating: UInt8(truncatingIfNeeded: sequence), count: valueSize)
                            let response = try await store.txn(
                                TxnRequest(success: [
                                    .put(PutRequest(key: Array((prefix + "a").utf8), value: value)),
                                    .put(PutRequest(key: Array((prefix + "b").utf8), value: value)),
                                ]))
                            output.print("ack \(writer) \(sequence) \(response.revision)")
                            sequence += 1
                        }
                    }
                }
                try await group.waitForAll()
            }
            await store.close()
        }
    }
}

/// Writes whole lines to stdout without buffering, so that a line printed is a line the parent
/// can read even if this process is killed right after.
final class AcknowledgementPrinter: Sendable {
    func print(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
