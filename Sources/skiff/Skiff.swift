import ArgumentParser
import SkiffStore

/// The one Skiff executable.
@main
struct Skiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skiff",
        abstract: "A Kubernetes-compatible control plane with an MVCC store on SQLite.",
        version: SkiffVersion.current,
        subcommands: [
            Server.self, AgentCommand.self, TokenCommand.self, KubeconfigCommand.self, HistoryCommand.self,
            GetCommand.self, DiffCommand.self,
            RevisionsCommand.self,
            WatchCommand.self, StatsCommand.self, CompactCommand.self, StorageCommand.self, StoreCommand.self,
            PluginsCommand.self,
            Version.self, Debug.self,
        ]
    )
}

/// The version string, shared by `skiff version` and `--version`.
enum SkiffVersion {
    static let current = "0.1.0-dev"
}

extension Skiff {
    /// `skiff version`: prints the version and the store schema version.
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print Skiff's version.")

        func run() {
            print("skiff \(SkiffVersion.current) (store schema \(Store.schemaVersion))")
        }
    }
}
