import ArgumentParser
import Foundation

/// `skiff-bench`: Skiff's benchmarks. Run in release mode:
/// `swift run -c release skiff-bench store`.
@main
struct SkiffBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skiff-bench",
        abstract: "Skiff's benchmarks, side by side with their anchors.",
        subcommands: [
            StoreBenchmark.self, APIBenchmark.self, HistoryBenchmark.self, PluginBenchmark.self,
            DeploymentBenchmark.self, VersionsBenchmark.self, SchedulerBenchmark.self, PodStartupBenchmark.self,
            SecurityBenchmark.self, EtcdBenchmark.self, DatastoreBenchmark.self,
        ]
    )
}
