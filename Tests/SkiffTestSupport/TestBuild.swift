import Foundation

/// Files SwiftPM built beside the test bundle: the `skiff` executable and the plugin libraries.
public enum TestBuild {
    /// The build folder (`.build/debug`).
    public static var folder: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundle, bundle.deletingLastPathComponent()]
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("skiff").path) {
            return candidate
        }
        return bundle
    }

    /// A built file by name.
    public static func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The `skiff` executable.
    public static var skiff: String { file("skiff") }

    /// A plugin library by product name (`ReplicaSetController` → `libReplicaSetController.so`).
    public static func plugin(_ product: String) -> String { file("lib\(product).so") }
}
