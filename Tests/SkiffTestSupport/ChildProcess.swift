import Foundation

/// Runs programs for tests without blocking the cooperative thread pool: the wait and the reads
/// happen on a thread of their own. (A test that blocks a pool thread on `waitUntilExit` starves
/// every other test on a 2-core machine.)
public enum ChildProcess {
    /// Runs a program found on PATH (or an absolute path), with `input` on its standard input;
    /// returns its status and its output (stdout and stderr together).
    public static func run(
        _ arguments: [String], environment: [String: String]? = nil, input: String? = nil
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            arguments.first == "curl" ? ["curl"] + CurlCredentials.arguments(Array(arguments.dropFirst())) : arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        // Small inputs (manifests) fit the pipe's buffer: written at once, then closed.
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
            thread.start()
        }
    }

    /// Reads from a pipe until `marker` appears (or the pipe ends), on a thread of its own.
    public static func read(_ pipe: Pipe, until marker: String) async -> String {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                var text = ""
                while !text.contains(marker) {
                    let chunk = pipe.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }
            thread.start()
        }
    }
}
