import Foundation
import Testing

@testable import SkiffPluginHost

@Suite("Plugin loader: the handshake and its refusals")
struct PluginLoaderTests {
    @Test("the Swift example and the C example load through the same code")
    func loadsSwiftAndC() async throws {
        let swift = try PluginLoader.load(path: PluginFiles.podSummary)
        #expect(swift.name == "pod-summary-controller")
        #expect(swift.kind == .controller)
        #expect(swift.abiVersion == PluginABI.version)
        #expect(swift.version == "1.0.0")

        let c = try PluginLoader.load(
            path: try await PluginFiles.compile("Plugins/Examples/CStampController/stamp_controller.c"))
        #expect(c.name == "c-stamp-controller")
        #expect(c.kind == .controller)
        #expect(c.summary.contains("ConfigMaps"))
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var fixture: String
        var code: PluginLoadError.Code
        var message: String
        var description: String { fixture }
    }

    static let refusals: [Refusal] = [
        Refusal(fixture: "wrong_abi", code: .abiVersion, message: "built for plugin ABI 99.0"),
        Refusal(fixture: "no_entry", code: .missingEntry, message: "no skiff_plugin_entry symbol"),
    ]

    @Test("a plugin the host cannot serve is refused with an error naming the file", arguments: refusals)
    func refuses(_ refusal: Refusal) async throws {
        let path = try await PluginFiles.compile(refusal.fixture)
        do {
            _ = try PluginLoader.load(path: path)
            Issue.record("\(refusal.fixture) loaded")
        } catch {
            #expect(error.code == refusal.code)
            #expect(error.path == path)
            #expect(error.description.contains(path))
            #expect(error.message.contains(refusal.message), "\(error.message)")
        }
    }

    @Test("a file that is not a shared object is refused, not loaded")
    func refusesGarbage() throws {
        let folder = try PluginFiles.folder()
        let path = folder.appendingPathComponent("garbage.so").path
        try Data("this is not ELF".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: PluginLoadError.self) { try PluginLoader.load(path: path) }
        let (plugins, errors) = PluginLoader.load(directories: [folder.path])
        #expect(plugins.isEmpty)
        #expect(errors.map(\.code) == [.openFailed])
    }

    @Test("two plugins with one name: the second is refused, the first stays")
    func refusesDuplicateNames() async throws {
        let first = try await PluginFiles.compile("Plugins/Examples/CStampController/stamp_controller.c", as: "a.so")
        let second = try await PluginFiles.compile("Plugins/Examples/CStampController/stamp_controller.c", as: "b.so")
        let (plugins, errors) = PluginLoader.load(directories: [], files: [first, second])
        #expect(plugins.map(\.path) == [first])
        #expect(errors.count == 1)
        #expect(errors.first?.code == .duplicateName)
        #expect(errors.first?.message.contains(first) == true)
    }

    @Test("a folder's plugins load in name order, and refused files are reported beside them")
    func loadsAFolder() async throws {
        let folder = try PluginFiles.folder()
        for (source, name) in [("failing_controller", "b.so"), ("wrong_abi", "a.so"), ("init_fails", "c.so")] {
            let built = try await PluginFiles.compile(source)
            try FileManager.default.copyItem(atPath: built, toPath: folder.appendingPathComponent(name).path)
        }
        try Data().write(to: folder.appendingPathComponent("README.txt"))
        let host = PluginHost()
        let (plugins, errors) = host.load(directories: [folder.path])
        #expect(plugins.map(\.name) == ["always-fails", "init-fails"])
        #expect(errors.map(\.code) == [.abiVersion])
        let inventory = host.inventoryJSON()
        #expect(inventory["items"]?.arrayValue?.count == 2)
        #expect(inventory["refused"]?.arrayValue?.first?["code"]?.stringValue == "ABIVersion")
    }

    @Test(
        "plugin names follow the DNS-label rule with dots",
        arguments: [
            ("replicaset-controller", true), ("a", true), ("x.y-z9", true), ("", false), ("Upper", false),
            ("-leading", false), ("trailing-", false), ("under_score", false),
            (String(repeating: "a", count: 64), false),
        ])
    func names(_ name: String, _ valid: Bool) {
        #expect(PluginLoader.isValidName(name) == valid)
    }
}
