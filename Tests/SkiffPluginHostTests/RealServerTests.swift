import Foundation
import SkiffAPI
import Testing

/// The C example inside a real `skiff server` process, driven by real kubectl; `skiff plugins
/// list` reads what the server loaded.
@Suite("Plugins in a real server with kubectl", .serialized)
struct RealServerTests {
    /// Runs a program; returns its status and output.
    @discardableResult
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("the C example stamps ConfigMaps that kubectl labels; plugins list shows it and the refused file")
    func cExampleWithKubectl() throws {
        let plugins = try PluginFiles.folder()
        let stamp = try PluginFiles.compile("Plugins/Examples/CStampController/stamp_controller.c")
        try FileManager.default.copyItem(atPath: stamp, toPath: plugins.appendingPathComponent("stamp.so").path)
        let wrong = try PluginFiles.compile("wrong_abi")
        try FileManager.default.copyItem(atPath: wrong, toPath: plugins.appendingPathComponent("wrong.so").path)

        let data = try PluginFiles.folder()
        let server = Process()
        server.executableURL = URL(fileURLWithPath: PluginFiles.skiff)
        server.arguments = [
            "server", "--data-dir", data.path, "--listen", "127.0.0.1:0", "--log-level", "warning", "--plugin-dir",
            plugins.path,
        ]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var text = ""
        while !text.contains("kubeconfig:") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let start = text.range(of: "at "), let end = text.range(of: ";") else {
            Issue.record("no address in \(text)")
            return
        }
        let url = String(text[start.upperBound..<end.lowerBound])
        let kubeconfig = data.appendingPathComponent("kubeconfig").path
        let kubectl = ["kubectl", "--kubeconfig", kubeconfig]

        #expect(try Self.run(kubectl + ["create", "configmap", "plain", "--from-literal=a=b"]).status == 0)
        #expect(try Self.run(kubectl + ["create", "configmap", "wanted", "--from-literal=a=b"]).status == 0)
        #expect(try Self.run(kubectl + ["label", "configmap", "wanted", "example.skiff.dev/stamp=true"]).status == 0)
        var annotation = ""
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            annotation = try Self.run(
                kubectl + [
                    "get", "configmap", "wanted", "-o",
                    "jsonpath={.metadata.annotations.example\\.skiff\\.dev/stamped-by}",
                ]
            ).output
            if annotation == "c-stamp-controller" { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(annotation == "c-stamp-controller")
        let plain = try Self.run(kubectl + ["get", "configmap", "plain", "-o", "jsonpath={.metadata.annotations}"])
        #expect(plain.output.isEmpty)
        let events = try Self.run(kubectl + ["get", "events", "--field-selector", "reason=Stamped", "-o", "name"])
        #expect(events.output.contains("event/wanted."))

        let list = try Self.run([PluginFiles.skiff, "plugins", "list", "--server", url])
        #expect(list.status == 0)
        #expect(list.output.contains("c-stamp-controller"))
        #expect(list.output.contains("Refused:"))
        #expect(list.output.contains("built for plugin ABI 99.0"))
        let json = try Self.run([PluginFiles.skiff, "plugins", "list", "--server", url, "-o", "json"])
        let inventory = try JSONParser.parse(json.output)
        #expect(inventory["items"]?.arrayValue?.first?["abi"]?.stringValue == "1.0")

        // Offline: the same check on the folder, without a server.
        let offline = try Self.run([PluginFiles.skiff, "plugins", "list", "--plugin-dir", plugins.path])
        #expect(offline.output.contains("c-stamp-controller"))
        #expect(offline.output.contains("wrong.so"))

        let metrics = try Self.run(["curl", "-s", url + "/metrics"]).output
        #expect(metrics.contains("skiff_plugin_reconcile_total{plugin=\"c-stamp-controller\",outcome=\"success\"}"))
    }
}
