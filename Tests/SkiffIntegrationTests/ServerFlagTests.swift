import Foundation
import SkiffTestSupport
import Testing

/// `skiff server` refuses bad flag values with a clear error before it creates anything.
@Suite("server flags")
struct ServerFlagTests {
    @Test(arguments: [
        (["--leader-elect-lease-duration", "soon"], "--leader-elect-lease-duration must be a duration"),
        (["--leader-elect-retry-period", "-"], "--leader-elect-retry-period must be a duration"),
        (["--leader-elect-renew-deadline", "nan"], "--leader-elect-renew-deadline must be a duration"),
        (["--leader-elect-lease-duration", "inf"], "--leader-elect-lease-duration must be a duration"),
        (["--leader-elect-lease-duration", "2d"], "--leader-elect-lease-duration must be a duration"),
        (["--leader-elect-lease-duration", "1500ms"], "whole number of seconds"),
        (["--leader-elect-lease-duration", "10s"], "the lease duration must be longer than the renew deadline"),
        (["--leader-elect-renew-deadline", "2s"], "the renew deadline must be longer than 1.2 × the retry period"),
        (["--leader-elect-retry-period", "0"], "the retry period must be positive"),
        (["--event-ttl", "99999999999999999999999d"], "--event-ttl must be a duration"),
        (["--history-window", "99999999999999999999"], "--history-window must be a duration"),
        (["--node-monitor-grace-period", "99999999999999999999999h"], "--node-monitor-grace-period must be"),
        (["--leader-elect-period", "2s"], "Unknown option '--leader-elect-period'"),
    ])
    func refused(arguments: [String], message: String) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("skiff-flags-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let (status, output) = try await ChildProcess.run(
            ["timeout", "20", TestBuild.skiff, "server"] + arguments + ["--data-dir", data.path])
        #expect(status != 0 && status != 124)
        #expect(output.contains(message), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: data.path))
    }
}

/// `skiff agent` refuses bad flag values with a clear error.
@Suite("agent flags")
struct AgentFlagTests {
    @Test(arguments: [
        (["--node-lease-duration-seconds", "0"], "--node-lease-duration-seconds must be from 1 to 3600"),
        (["--housekeeping-interval", "0"], "--housekeeping-interval must be from 1 to 3600 seconds"),
        (["--container-log-max-files", "0"], "--container-log-max-files must be from 1 to 100"),
    ])
    func refused(arguments: [String], message: String) async throws {
        let (status, output) = try await ChildProcess.run(
            ["timeout", "20", TestBuild.skiff, "agent", "--kubeconfig", "/nonexistent"] + arguments)
        #expect(status != 0 && status != 124)
        #expect(output.contains(message), "\(output)")
    }
}

/// `skiff kubeconfig create` refuses validities a certificate cannot carry.
@Suite("kubeconfig create flags")
struct KubeconfigFlagTests {
    @Test(arguments: ["99999999999999999999d", "101y", "0h", "soon"])
    func refusedValidity(validity: String) async throws {
        let (status, output) = try await ChildProcess.run([
            "timeout", "20", TestBuild.skiff, "kubeconfig", "create", "--user", "a", "--data-dir", "/nonexistent",
            "--validity", validity,
        ])
        #expect(status != 0 && status != 124)
        #expect(output.contains("--validity must be hours or days up to 100 years"), "\(output)")
    }
}
