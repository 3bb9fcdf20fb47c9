import Foundation
import SkiffPluginHost

/// Where the plugins that ship with Skiff live: beside the `skiff` executable (SwiftPM builds
/// every plugin product into the same folder). Only the built-in names load from there, so the
/// examples built alongside stay opt-in.
enum BuiltinPlugins {
    /// The file names of the built-in plugins. Controllers, the scheduler's plugins and runtimes
    /// join this list as they land.
    static let names: [String] = [
        "libReplicaSetController.so", "libDeploymentController.so", "libGarbageCollector.so",
        "libNodeLifecycleController.so", "libNamespaceController.so", "libDefaultSchedulerPlugins.so",
    ]

    /// The node runtimes: loaded by node agents (`skiff agent`, the server's local node), not by
    /// the server's plugin host.
    static let processRuntime = "libProcessRuntime.so"
    /// The simulated runtime's file.
    static let simulatedRuntime = "libSimulatedRuntime.so"

    /// A file beside the executable.
    static func path(of file: String) -> String { (directory as NSString).appendingPathComponent(file) }

    /// The host's short name (a node's default name).
    static var shortHostName: String {
        ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost"
    }

    /// The folder of the running executable.
    static var directory: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    /// The plugin files to load: the built-in ones (when wanted), then every `.so` of the
    /// user's folders, each file once.
    static func files(userDirectories: [String], builtins: Bool) -> [String] {
        var seen = Set<String>()
        var files: [String] = []
        if builtins {
            for path in PluginLoader.files(in: directory) where names.contains((path as NSString).lastPathComponent) {
                if seen.insert(path).inserted { files.append(path) }
            }
        }
        for folder in userDirectories {
            for path in PluginLoader.files(in: folder) where seen.insert(path).inserted { files.append(path) }
        }
        return files
    }

    /// The built-in plugin files that are not beside the executable (`swift run skiff` builds
    /// the executable only; `swift build` builds the plugins too).
    static func missing() -> [String] {
        names.filter {
            !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
        }
    }

    /// A leader-election identity that survives restarts of the same server (host and data
    /// folder), so a restarted server takes its own Lease back at once.
    static func identity(dataDirectory: String) -> String {
        let path = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let host = ProcessInfo.processInfo.hostName.lowercased()
        return "\(host)-\(String(hash, radix: 16).prefix(8))"
    }
}
