import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SkiffAPI
import SkiffAPIServer
import SkiffClient
import SkiffControllerManager
import SkiffPluginHost
import SkiffStore

#if canImport(Glibc)
    import Glibc
#endif

/// `skiff-bench plugins`: the plugin ABI's costs, in one process with a store and an API server:
/// cached gets and lists through the host table from C plugin code, the cost of one reconcile
/// dispatch (enqueue, work queue, worker thread, C call), and an informer's memory per 10,000 pods.
struct PluginBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "Cached reads through the plugin ABI, reconcile dispatch, informer memory.")

    @Option(help: "Pods in the cache.")
    var pods = 10_000

    @Option(help: "Cached gets to time.")
    var gets = 1_000_000

    @Option(help: "Reconciles to dispatch.")
    var dispatches = 200_000

    @Option(help: "The C compiler for the benchmark plugin.")
    var cc = "cc"

    @Flag(help: "Print the results as JSON.")
    var json = false

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-bench-plugins-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let library = try compilePlugin(into: directory)

        let cluster = try InProcessCluster(directory: directory)
        let (store, server, client, logger) = (cluster.store, cluster.server, cluster.client, cluster.logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: store), .init(service: server)], logger: logger))
        let running = Task { try await group.run() }

        // The pods, written before any informer exists.
        let pods = APIResource.of(Pod.self)
        _ = try await client.create(APIResource.of(Namespace.self), namespace: nil, ["metadata": ["name": "bench"]])
        let created = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            let perTask = (self.pods + 15) / 16
            for worker in 0..<16 {
                tasks.addTask {
                    for index in (worker * perTask)..<min(self.pods, (worker + 1) * perTask) {
                        _ = try await client.createBytes(
                            pods, namespace: "bench", body: Self.pod(index))
                    }
                }
            }
            try await tasks.waitForAll()
        }
        let createSeconds = seconds(ContinuousClock.now - created)
        // The plugin file is opened now (nothing runs yet) for its heap probe.
        let host = PluginHost()
        let loaded = host.load(directories: [], files: [library])
        guard let plugin = loaded.plugins.first else { throw ValidationError("\(loaded.errors)") }
        let handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD)
        typealias Count = @convention(c) () -> Int
        let heapInUse = unsafeBitCast(dlsym(handle, "bench_heap_in_use"), to: Count.self)
        trimHeap()
        let before = residentKiB()
        let heapBefore = heapInUse()

        // The informer alone: its memory for `pods` pods.
        let informers = InformerFactory(client: client, logger: logger)
        let informer = informers.informer(for: pods)
        let informerTask = Task { try await informers.run() }
        let syncStart = ContinuousClock.now
        await informer.waitForSync()
        let syncSeconds = seconds(ContinuousClock.now - syncStart)
        // Let the reflector and the server drop what the first sync needed only for a moment.
        try await Task.sleep(for: .seconds(1))
        trimHeap()
        let after = residentKiB()
        let heapAfter = heapInUse()
        let cachedBytes = informer.indexer.list().reduce(0) { $0 + $1.bytes.count }

        // The plugin, through the host.
        let runner = ControllerRunner(plugin: plugin, client: client, factory: informers, host: host, logger: logger)
        let runnerTask = Task { try await runner.run() }
        while !runner.isReady { try await Task.sleep(for: .milliseconds(10)) }

        typealias Gets = @convention(c) (Int, UnsafePointer<CChar>, UnsafePointer<CChar>, Int) -> Int
        typealias Lists = @convention(c) (Int, UnsafePointer<CChar>) -> Int
        typealias Enqueue = @convention(c) (Int) -> Void
        let benchGets = unsafeBitCast(dlsym(handle, "bench_gets"), to: Gets.self)
        let benchLists = unsafeBitCast(dlsym(handle, "bench_lists"), to: Lists.self)
        let benchEnqueue = unsafeBitCast(dlsym(handle, "bench_enqueue"), to: Enqueue.self)
        let reconciles = unsafeBitCast(dlsym(handle, "bench_reconciles"), to: Count.self)

        let total = self.gets
        let podCount = self.pods
        let getsStart = ContinuousClock.now
        let misses = benchGets(total, "bench", "pod", podCount)
        let getSeconds = seconds(ContinuousClock.now - getsStart)
        guard misses == 0 else { throw ValidationError("\(misses) cached gets missed") }

        let listRuns = 20
        let listStart = ContinuousClock.now
        let listBytes = benchLists(listRuns, "bench")
        let listSeconds = seconds(ContinuousClock.now - listStart) / Double(listRuns)

        let dispatchStart = ContinuousClock.now
        let target = reconciles() + dispatches
        benchEnqueue(dispatches)
        while reconciles() < target { try await Task.sleep(for: .microseconds(200)) }
        let dispatchSeconds = seconds(ContinuousClock.now - dispatchStart)

        runnerTask.cancel()
        _ = await runnerTask.result
        informerTask.cancel()
        _ = await informerTask.result
        await group.triggerGracefulShutdown()
        _ = await running.result
        await store.close()

        let getsPerSecond = Double(total) / getSeconds
        let dispatchMicroseconds = dispatchSeconds / Double(dispatches) * 1e6
        let informerMiB = Double(after - before) / 1024 * 10_000 / Double(podCount)
        let informerHeapMiB = Double(heapAfter - heapBefore) / 1_048_576 * 10_000 / Double(podCount)
        if json {
            let value: JSONValue = [
                "pods": .int(Int64(podCount)), "getsPerSecond": .double(getsPerSecond),
                "dispatchMicroseconds": .double(dispatchMicroseconds), "informerMiBPer10kPods": .double(informerMiB),
                "informerHeapMiBPer10kPods": .double(informerHeapMiB),
                "cachedBytesPerPod": .double(Double(cachedBytes) / Double(podCount)),
                "listMilliseconds": .double(listSeconds * 1000), "syncSeconds": .double(syncSeconds),
            ]
            print(String(decoding: value.serialized(), as: UTF8.self))
            return
        }
        var table = ResultTable(header: ["measure", "value", "target", "met"])
        table.add([
            "cached get through the ABI, gets/s (1 thread)", format(getsPerSecond), "≥ 200,000",
            met(getsPerSecond >= 200_000),
        ])
        table.add(["  per get, µs", format(getSeconds / Double(total) * 1e6, decimals: 2), "", ""])
        table.add([
            "cached list of \(podCount) pods through the ABI, ms", format(listSeconds * 1000, decimals: 1),
            "", "(\(format(Double(listBytes) / 1_048_576, decimals: 1)) MiB JSON)",
        ])
        table.add([
            "reconcile dispatch (enqueue → worker → C call), µs", format(dispatchMicroseconds, decimals: 2), "≤ 20",
            met(dispatchMicroseconds <= 20),
        ])
        table.add(["informer live heap per 10,000 pods, MiB", format(informerHeapMiB, decimals: 1), "", ""])
        table.add(["informer RSS growth per 10,000 pods, MiB", format(informerMiB, decimals: 1), "", ""])
        table.add([
            "  of which object JSON, MiB",
            format(Double(cachedBytes) / 1_048_576 * 10_000 / Double(podCount), decimals: 1), "",
            "",
        ])
        table.add(["informer first sync (list) of \(podCount) pods, s", format(syncSeconds, decimals: 2), "", ""])
        table.add(["setup: \(podCount) in-process creates, s", format(createSeconds, decimals: 1), "", ""])
        print(table.render())
    }

    /// A pod like the API benchmark's, about 1 KiB of JSON.
    static func pod(_ index: Int) -> [UInt8] {
        let json = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-\(index)","labels":{"app":"bench","shard":"\(index % 16)"}},\
            "spec":{"containers":[{"name":"app","image":"registry.example/app:1.0","ports":[{"containerPort":8080}],\
            "resources":{"requests":{"cpu":"100m","memory":"64Mi"}},"env":[{"name":"MODE","value":"bench"}]}]}}
            """
        return Array(json.utf8)
    }

    /// Compiles Plugins/Bench/bench_controller.c with -O2.
    private func compilePlugin(into directory: URL) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let output = directory.appendingPathComponent("bench_controller.so").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            cc, "-O2", "-shared", "-fPIC", "-I", root.appendingPathComponent("Sources/SkiffPluginABI/include").path,
            "-o",
            output, root.appendingPathComponent("Plugins/Bench/bench_controller.c").path,
        ]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("cannot compile the benchmark plugin") }
        return output
    }

    private func met(_ ok: Bool) -> String { ok ? "yes" : "no" }

    /// Returns freed heap pages to the system (glibc's malloc_trim) so RSS deltas mean something.
    private func trimHeap() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    private func residentKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
    }
}
