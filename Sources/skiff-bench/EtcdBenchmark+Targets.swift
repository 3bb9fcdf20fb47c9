import Foundation

extension EtcdBenchmark {
    /// A fresh server for one workload: real etcd or `skiff store serve` on an empty data directory.
    final class Target {
        let endpoint: String
        let directory: URL
        private let process: Process

        private init(endpoint: String, directory: URL, process: Process) {
            self.endpoint = endpoint
            self.directory = directory
            self.process = process
        }

        static func start(_ system: System, directory: URL, skiff: String, durability: String) throws -> Target {
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let process = Process()
            let log = directory.appendingPathComponent("server.log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
            switch system {
            case .etcd:
                // As the anchors' start_etcd.sh, on ports of its own.
                let data = directory.appendingPathComponent("data").path
                process.executableURL = URL(fileURLWithPath: Subprocess.which("etcd")!)
                process.arguments = [
                    "--name", "anchor", "--data-dir", data,
                    "--listen-client-urls", "http://127.0.0.1:23791", "--advertise-client-urls",
                    "http://127.0.0.1:23791",
                    "--listen-peer-urls", "http://127.0.0.1:23801",
                    "--initial-advertise-peer-urls", "http://127.0.0.1:23801",
                    "--initial-cluster", "anchor=http://127.0.0.1:23801",
                    "--quota-backend-bytes", "\(8 << 30)", "--logger", "zap", "--log-outputs", "stderr",
                ]
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                let target = Target(endpoint: "127.0.0.1:23791", directory: directory, process: process)
                for _ in 0..<100 {
                    let health = try? Subprocess.run(
                        ["etcdctl", "--endpoints", "http://127.0.0.1:23791", "endpoint", "health"], log: nil,
                        environment: ["ETCDCTL_API": "3"], allowFailure: true)
                    if health?.contains("is healthy") == true { return target }
                    Thread.sleep(forTimeInterval: 0.2)
                }
                target.stop()
                throw Subprocess.Failure(description: "etcd did not become healthy; see \(log.path)")
            case .skiff:
                process.executableURL = URL(fileURLWithPath: skiff)
                process.arguments = [
                    "store", "serve", "--data-dir", directory.appendingPathComponent("data").path,
                    "--listen", "127.0.0.1:0", "--durability", durability, "--log-level", "error",
                ]
                let output = Pipe()
                process.standardOutput = output
                try process.run()
                var text = ""
                while !text.contains("\n") {
                    let chunk = output.fileHandleForReading.availableData
                    if chunk.isEmpty { throw Subprocess.Failure(description: "skiff store serve did not start") }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                guard let start = text.range(of: "http://") else {
                    throw Subprocess.Failure(description: "no address in \(text)")
                }
                let endpoint = text[start.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
                return Target(endpoint: endpoint, directory: directory, process: process)
            }
        }

        /// The data directory's size on disk.
        func diskKiB() -> Int {
            let data = directory.appendingPathComponent("data")
            guard let files = FileManager.default.enumerator(at: data, includingPropertiesForKeys: [.fileSizeKey])
            else { return 0 }
            var bytes = 0
            for case let file as URL in files {
                bytes += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            }
            return bytes / 1024
        }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Runs the tools.
    enum Subprocess {
        struct Failure: Error, CustomStringConvertible {
            var description: String
        }

        /// The path of `program` on PATH.
        static func which(_ program: String) -> String? {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            return path.split(separator: ":").map { "\($0)/\(program)" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }

        /// Runs `arguments` to the end and returns stdout and stderr together, appended to `log`.
        @discardableResult
        static func run(
            _ arguments: [String], log: URL?, environment: [String: String] = [:], allowFailure: Bool = false
        ) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            if let log {
                if !FileManager.default.fileExists(atPath: log.path) {
                    FileManager.default.createFile(atPath: log.path, contents: nil)
                }
                if let handle = try? FileHandle(forWritingTo: log) {
                    handle.seekToEndOfFile()
                    handle.write(Data("$ \(arguments.joined(separator: " "))\n".utf8) + data)
                    try? handle.close()
                }
            }
            if process.terminationStatus != 0 && !allowFailure {
                throw Failure(
                    description: "\(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): "
                        + String(text.suffix(500)))
            }
            return text
        }
    }

    /// Reads the tools' reports.
    enum Parse {
        /// etcd's `benchmark` report: requests per second, p50 and p99 (in ms), under `prefix`.
        static func benchmark(_ text: String, prefix: String) -> [String: Double] {
            var figures: [String: Double] = [:]
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if words.first == "Requests/sec:", let value = words.dropFirst().first.flatMap({ Double($0) }) {
                    figures["\(prefix) \(prefix.hasPrefix("W3") ? "ranges" : "puts")/s"] = value
                }
                // "  50% in 0.0004 secs."
                if words.count >= 3, words[1] == "in", let value = Double(words[2]) {
                    if words[0] == "50%" { figures["\(prefix) p50 ms"] = value * 1_000 }
                    if words[0] == "99%" { figures["\(prefix) p99 ms"] = value * 1_000 }
                }
            }
            return figures
        }

        /// `name key=value key=value` lines, as `name_key` (w3range, w4watch).
        static func fields(_ text: String) -> [String: Double] {
            var fields: [String: Double] = [:]
            for line in text.split(separator: "\n") {
                var words = line.split(separator: " ")
                var prefix = ""
                if let first = words.first, !first.contains("=") {
                    prefix = "\(first)_"
                    words.removeFirst()
                }
                for word in words {
                    let parts = word.split(separator: "=", maxSplits: 1)
                    if parts.count == 2, let value = Double(parts[1]) { fields[prefix + parts[0]] = value }
                }
            }
            return fields
        }

        /// `etcdctl check perf`: the throughput, the slowest request, and whether it passed.
        static func checkPerf(_ text: String) -> [String: Double] {
            var figures: [String: Double] = [:]
            let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            for line in lines {
                if let range = line.range(of: "Throughput is ") {
                    figures["perf writes/s"] = Double(line[range.upperBound...].split(separator: " ").first ?? "")
                }
                if let range = line.range(of: "Slowest request took ") {
                    figures["perf slowest s"] = Double(line[range.upperBound...].dropLast())
                }
            }
            figures["perf passed"] = lines.last.map { $0.hasPrefix("PASS") ? 1 : 0 } ?? 0
            return figures
        }
    }
}
