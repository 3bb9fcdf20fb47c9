import Foundation
import Logging
import SkiffAPI
import SkiffClient
import SkiffControllerManager
import SkiffPluginHost
import SkiffTestSupport
import Testing

/// A plugin from a package of its own (Plugins/Examples/ExternalController, which depends on
/// this repository only for SkiffPluginKit), built with `swift build` as its author would.
@Suite("A plugin built in a separate package", .serialized)
struct ExternalPackageTests {
    @Test("builds with swift build, loads, and reconciles", .timeLimit(.minutes(10)))
    func externalPackage() async throws {
        let package = PluginFiles.root.appendingPathComponent("Plugins/Examples/ExternalController").path
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "skiff-external-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let build = try await ChildProcess.run([
            "swift", "build", "--package-path", package, "--scratch-path", scratch.path, "--disable-sandbox",
        ])
        #expect(build.status == 0, "\(build.output.suffix(2000))")
        let library = scratch.appendingPathComponent("debug/libWelcomeController.so").path
        let plugin = try PluginLoader.load(path: library)
        #expect(plugin.name == "welcome-controller")
        #expect(plugin.abiVersion == PluginABI.version)

        try await ControllerHostTests.withControllers([library]) { cluster, _, _ in
            _ = try await cluster.client.create(
                APIResource.of(Namespace.self), namespace: nil, ["metadata": ["name": "team-a"]])
            let maps = cluster.client.typed(ConfigMap.self)
            let welcomed = await TestCluster.eventually {
                (try? await maps.get(namespace: "team-a", name: "welcome"))?.data?["message"] == "Welcome to Skiff"
            }
            #expect(welcomed)
            // Every namespace that existed before got one too.
            #expect((try? await maps.get(namespace: "kube-public", name: "welcome")) != nil)
        }
    }
}
