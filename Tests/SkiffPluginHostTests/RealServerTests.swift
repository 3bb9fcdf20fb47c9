import Foundation
import SkiffAPI
import SkiffHistory
import SkiffPluginHost
import SkiffTestSupport
import Testing

/// The C example inside a real `skiff server` process, driven by real kubectl; `skiff plugins
/// list` reads what the server loaded.
@Suite("Plugins in a real server with kubectl", .serialized)
struct RealServerTests {
    @Test("the C example stamps ConfigMaps that kubectl labels; plugins list shows it and the refused file")
    func cExampleWithKubectl() async throws {
        let plugins = try PluginFiles.folder()
        let stamp = try await PluginFiles.compile("Plugins/Examples/CStampController/stamp_controller.c")
        try FileManager.default.copyItem(atPath: stamp, toPath: plugins.appendingPathComponent("stamp.so").path)
        let wrong = try await PluginFiles.compile("wrong_abi")
        try FileManager.default.copyItem(atPath: wrong, toPath: plugins.appendingPathComponent("wrong.so").path)

        let server = try await SkiffServerProcess.start(
            binary: PluginFiles.skiff, arguments: ["--plugin-dir", plugins.path])
        defer { server.stop() }
        let url = server.url
        let kubeconfig = server.kubeconfig
        let kubectl = ["kubectl", "--kubeconfig", kubeconfig]

        #expect(
            try await ChildProcess.run(kubectl + ["create", "configmap", "plain", "--from-literal=a=b"]).status == 0)
        #expect(
            try await ChildProcess.run(kubectl + ["create", "configmap", "wanted", "--from-literal=a=b"]).status == 0)
        #expect(
            try await ChildProcess.run(kubectl + ["label", "configmap", "wanted", "example.skiff.dev/stamp=true"])
                .status == 0)
        var annotation = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            annotation = try await ChildProcess.run(
                kubectl + [
                    "get", "configmap", "wanted", "-o",
                    "jsonpath={.metadata.annotations.example\\.skiff\\.dev/stamped-by}",
                ]
            ).output
            if annotation == "c-stamp-controller" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(annotation == "c-stamp-controller")
        let plain = try await ChildProcess.run(
            kubectl + ["get", "configmap", "plain", "-o", "jsonpath={.metadata.annotations}"])
        #expect(plain.output.isEmpty)
        // The plugin posts its Event after its patch.
        let evented = try await TestCluster.eventually(timeout: .seconds(60), every: .milliseconds(300)) {
            let events = try await ChildProcess.run(
                kubectl + ["get", "events", "--field-selector", "reason=Stamped", "-o", "name"])
            return events.output.contains("event/wanted.")
        }
        #expect(evented)

        // The plugin writes under its own name, and RBAC confines it like any client: without the
        // `skiff:plugins` binding its next write is refused (and audited as refused).
        let audit = server.dataDirectory.appendingPathComponent("audit.log").path
        let stamped = AuditRecord.read(path: audit, key: "/registry/configmaps/default/wanted")
        #expect(stamped.contains { $0.user == "skiff:plugin:c-stamp-controller" && $0.code == 200 }, "\(stamped)")
        #expect(try await ChildProcess.run(kubectl + ["delete", "clusterrolebinding", "skiff:plugins"]).status == 0)
        // The authorizer learns of the deletion through its watch: a write made before that is
        // still allowed, so label fresh ConfigMaps until one is refused.
        var refusedName: String?
        for attempt in 0..<10 where refusedName == nil {
            let name = "later-\(attempt)"
            #expect(
                try await ChildProcess.run(kubectl + ["create", "configmap", name, "--from-literal=a=b"]).status == 0)
            #expect(
                try await ChildProcess.run(kubectl + ["label", "configmap", name, "example.skiff.dev/stamp=true"])
                    .status == 0)
            let refused = await TestCluster.eventually(timeout: .seconds(10), every: .milliseconds(300)) {
                AuditRecord.read(path: audit, key: "/registry/configmaps/default/\(name)").contains {
                    $0.user == "skiff:plugin:c-stamp-controller" && $0.code == 403
                }
            }
            if refused { refusedName = name }
        }
        let name = try #require(refusedName, "no write of the plugin was refused after its binding went")
        let later = try await ChildProcess.run(
            kubectl + ["get", "configmap", name, "-o", "jsonpath={.metadata.annotations}"])
        #expect(later.output.isEmpty)

        let list = try await ChildProcess.run([PluginFiles.skiff, "plugins", "list", "--kubeconfig", kubeconfig])
        #expect(list.status == 0)
        #expect(list.output.contains("c-stamp-controller"))
        #expect(list.output.contains("Refused:"))
        #expect(list.output.contains("built for plugin ABI 99.0"))
        let json = try await ChildProcess.run([
            PluginFiles.skiff, "plugins", "list", "--kubeconfig", kubeconfig, "-o", "json",
        ])
        let inventory = try JSONParser.parse(json.output)
        #expect(inventory["items"]?.arrayValue?.first?["abi"]?.stringValue == PluginABI.version)

        // Offline: the same check on the folder, without a server.
        let offline = try await ChildProcess.run([PluginFiles.skiff, "plugins", "list", "--plugin-dir", plugins.path])
        #expect(offline.output.contains("c-stamp-controller"))
        #expect(offline.output.contains("wrong.so"))

        let metrics = try await ChildProcess.run(["curl", "-s", url + "/metrics"]).output
        #expect(metrics.contains("skiff_plugin_reconcile_total{plugin=\"c-stamp-controller\",outcome=\"success\"}"))
    }
}
