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
        let stamp = try PluginFiles.compile("Plugins/Examples/CStampController/stamp_controller.c")
        try FileManager.default.copyItem(atPath: stamp, toPath: plugins.appendingPathComponent("stamp.so").path)
        let wrong = try PluginFiles.compile("wrong_abi")
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
        let deadline = Date().addingTimeInterval(15)
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
        let events = try await ChildProcess.run(
            kubectl + ["get", "events", "--field-selector", "reason=Stamped", "-o", "name"])
        #expect(events.output.contains("event/wanted."))

        // The plugin writes under its own name, and RBAC confines it like any client: without the
        // `skiff:plugins` binding its next write is refused (and audited as refused).
        let audit = server.dataDirectory.appendingPathComponent("audit.log").path
        let stamped = AuditRecord.read(path: audit, key: "/registry/configmaps/default/wanted")
        #expect(stamped.contains { $0.user == "skiff:plugin:c-stamp-controller" && $0.code == 200 }, "\(stamped)")
        #expect(try await ChildProcess.run(kubectl + ["delete", "clusterrolebinding", "skiff:plugins"]).status == 0)
        try await Task.sleep(for: .seconds(1.5))
        #expect(
            try await ChildProcess.run(kubectl + ["create", "configmap", "later", "--from-literal=a=b"]).status == 0)
        #expect(
            try await ChildProcess.run(kubectl + ["label", "configmap", "later", "example.skiff.dev/stamp=true"])
                .status == 0)
        let refused = await TestCluster.eventually(timeout: .seconds(15), every: .milliseconds(300)) {
            AuditRecord.read(path: audit, key: "/registry/configmaps/default/later").contains {
                $0.user == "skiff:plugin:c-stamp-controller" && $0.code == 403
            }
        }
        #expect(refused)
        let later = try await ChildProcess.run(
            kubectl + ["get", "configmap", "later", "-o", "jsonpath={.metadata.annotations}"])
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
