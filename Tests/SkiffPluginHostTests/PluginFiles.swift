import Foundation
import SkiffTestSupport
import Testing

/// The plugin files the tests load: C fixtures compiled with `cc` once per run, and the Swift
/// example built by SwiftPM beside the test bundle.
enum PluginFiles {
    /// The repository root (three levels above this file).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The Swift example plugin.
    static var podSummary: String { TestBuild.plugin("PodSummaryController") }

    /// The `skiff` executable.
    static var skiff: String { TestBuild.skiff }

    /// Compiles a C plugin (a fixture name or a path under the repository) into a fresh folder of
    /// its own and returns the `.so` path. `cc` runs off the cooperative pool.
    static func compile(_ source: String, as name: String? = nil) async throws -> String {
        let path =
            source.hasSuffix(".c")
            ? root.appendingPathComponent(source).path
            : root.appendingPathComponent("Tests/SkiffPluginHostTests/Fixtures/\(source).c").path
        let folder = try ScratchDirectory.make(prefix: "skiff-plugins")
        let output = folder.appendingPathComponent(
            name ?? (URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".so")
        ).path
        let (status, messages) = try await ChildProcess.run([
            "cc", "-shared", "-fPIC", "-Wall", "-Werror", "-I",
            root.appendingPathComponent("Sources/SkiffPluginABI/include").path,
            "-o", output, path,
        ])
        guard status == 0 else { throw Failure("cc failed on \(path): \(messages)") }
        return output
    }

    /// A fresh empty folder.
    static func folder() throws -> URL {
        let folder = try ScratchDirectory.make(prefix: "skiff-plugins")
        return folder
    }
}

/// A test failure with a message.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
