import Foundation
import Testing

/// The official Python client (`pip install kubernetes`) against a real server.
@Suite("Python client")
struct PythonClientTests {
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/list_watch_relist.py"
        )
        .path
    }

    @Test("list, watch from a resourceVersion, 410 after compaction, relist, nothing missed")
    func listWatchRelist() async throws {
        let server = try await ServerProcess.start()
        let result = try await ServerProcess.run(
            "python3", [Self.script], environment: ["SKIFF_KUBECONFIG": server.kubeconfig])
        #expect(result.status == 0, "\(result.stderr)")
        let found = try json(result.stdout)
        #expect(found["listed"] as? [String] == (0..<5).map { "before-\($0)" })
        let watched = (found["watched"] as? [[String]]) ?? []
        #expect(watched == (0..<3).map { ["ADDED", "after-\($0)"] })
        #expect(found["pages"] as? [Int] == [3, 3, 5])
        #expect(found["expired"] as? Int == 410)
        #expect(found["unexpected"] == nil)
        #expect(found["relisted"] as? Int == 8)
        #expect(found["late"] as? [String] == (0..<20).map { "late-\($0)" })
        // All of it over HTTPS, the client verifying the server against the kubeconfig's CA.
        #expect(found["tls"] as? [Bool] == [true, true, true])
        #expect(found["untrusted"] as? Bool == true, "\(found["untrusted"] ?? "")")
    }
}
