import Foundation
import Glibc
import Testing

@testable import ProcessRuntime

/// Builds fake cgroup2 trees in a temporary directory.
struct FakeCgroupTree {
    let root: String

    func file(_ path: String, _ contents: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: FileIO.parentDirectory(full), withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: false, encoding: .utf8)
    }

    func directory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
    }

    func read(_ path: String) -> String? {
        FileIO.readString(root + "/" + path)
    }
}

@Suite("cgroup v2")
struct CgroupTests {
    struct DetectionCase: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String]
        var directories: [String] = []
        var selfCgroup = "0::/agent\n"
        /// nil: enforced at `<root>/agent/skiff-containers` (or `expectedEnforcedPath`).
        var unavailableReason: String?
        var expectedEnforcedPath = "agent/skiff-containers"
        var testDescription: String { name }
    }

    static let full = "cpuset cpu io memory hugetlb pids rdma misc\n"

    static let detectionCases: [DetectionCase] = [
        DetectionCase(name: "not mounted", files: [:], unavailableReason: "cgroup v2 is not mounted at ROOT"),
        DetectionCase(
            name: "v1 only", files: ["cpu/cpu.shares": "1024"],
            unavailableReason: "cgroup v2 is not mounted at ROOT"),
        DetectionCase(
            name: "no cpu", files: ["cgroup.controllers": "cpuset io memory pids\n"],
            unavailableReason: "the cpu controller is not available in ROOT/cgroup.controllers"),
        DetectionCase(
            name: "no memory", files: ["cgroup.controllers": "cpu io pids\n"],
            unavailableReason: "the memory controller is not available in ROOT/cgroup.controllers"),
        DetectionCase(
            name: "hybrid /proc/self/cgroup without 0::", files: ["cgroup.controllers": full],
            selfCgroup: "4:memory:/x\n1:cpu:/\n",
            unavailableReason:
                "this process is not in a cgroup v2 hierarchy (no \"0::\" line in /proc/self/cgroup)"),
        DetectionCase(
            name: "own cgroup not visible", files: ["cgroup.controllers": full],
            unavailableReason: "this process's cgroup ROOT/agent is not visible under ROOT"),
        DetectionCase(
            name: "memory not delegated",
            files: ["cgroup.controllers": full, "agent/cgroup.controllers": "cpu pids\n"],
            unavailableReason: "the memory controller is not delegated to ROOT/agent"),
        DetectionCase(
            name: "subtree_control not writable",
            files: ["cgroup.controllers": full, "agent/cgroup.controllers": "cpu memory\n"],
            directories: ["agent/cgroup.subtree_control"],
            unavailableReason: "the cpu controller cannot be delegated: Is a directory "
                + "(writing ROOT/agent/cgroup.subtree_control)"),
        DetectionCase(
            name: "happy path",
            files: [
                "cgroup.controllers": full, "agent/cgroup.controllers": "cpu memory pids\n",
                "agent/cgroup.subtree_control": "",
            ]),
        DetectionCase(
            name: "already delegated",
            files: [
                "cgroup.controllers": full, "agent/cgroup.controllers": "cpu memory\n",
                "agent/cgroup.subtree_control": "cpu memory\n",
                "agent/skiff-containers/cgroup.subtree_control": "memory cpu\n",
            ]),
        DetectionCase(
            name: "root cgroup", files: ["cgroup.controllers": full, "cgroup.subtree_control": ""],
            selfCgroup: "0::/\n", expectedEnforcedPath: "skiff-containers"),
    ]

    @Test("detection over fake trees", arguments: detectionCases)
    func detection(_ testCase: DetectionCase) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tree = FakeCgroupTree(root: directory.path + "/cg")
        try tree.directory("")
        for (path, contents) in testCase.files { try tree.file(path, contents) }
        for path in testCase.directories { try tree.directory(path) }
        let support = CgroupDetector.detect(root: tree.root, selfCgroup: testCase.selfCgroup)
        if let reason = testCase.unavailableReason {
            #expect(support == .unavailable(reason: reason.replacingOccurrences(of: "ROOT", with: tree.root)))
            #expect(!FileIO.exists(tree.root + "/agent/skiff-containers") || testCase.directories.isEmpty == false)
        } else {
            #expect(support == .enforced(root: tree.root + "/" + testCase.expectedEnforcedPath))
            let parent = FileIO.parentDirectory(testCase.expectedEnforcedPath)
            let parentControl = tree.read((parent == "." ? "" : parent + "/") + "cgroup.subtree_control") ?? ""
            let containersControl = tree.read(testCase.expectedEnforcedPath + "/cgroup.subtree_control") ?? ""
            for control in [parentControl, containersControl] {
                #expect(control.contains("cpu") && control.contains("memory"))
            }
            if testCase.name == "already delegated" {
                #expect(parentControl == "cpu memory\n")
            }
        }
    }

    @Test("this machine: unavailable unless cgroup2 is mounted at /sys/fs/cgroup")
    func realRoot() throws {
        guard !FileIO.exists("/sys/fs/cgroup/cgroup.controllers") else { return }
        let support = CgroupDetector.detect(
            root: "/sys/fs/cgroup", selfCgroup: FileIO.readString("/proc/self/cgroup") ?? "")
        #expect(support == .unavailable(reason: "cgroup v2 is not mounted at /sys/fs/cgroup"))
    }

    @Test(
        "cpu.max values",
        arguments: [
            (250, "25000 100000"), (1000, "100000 100000"), (2500, "250000 100000"),
            (1, "1000 100000"),
        ])
    func cpuMax(millis: Int, expected: String) {
        #expect(ContainerCgroup.cpuMax(millis: millis) == expected)
    }

    /// A happy fake tree with a supervisor using it.
    static func enforcedHarness() throws -> (Harness, String, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let tree = FakeCgroupTree(root: directory.path + "/cg")
        try tree.file("cgroup.controllers", full)
        try tree.file("agent/cgroup.controllers", "cpu memory\n")
        try tree.file("agent/cgroup.subtree_control", "")
        let harness = try Harness(cgroupRoot: tree.root, selfCgroup: "0::/agent\n")
        return (harness, tree.root + "/agent/skiff-containers", directory)
    }

    @Test("with enforcement, each container gets a cgroup with its limits and the shim joins it")
    func limitsWritten() async throws {
        let (harness, containers, tree) = try Self.enforcedHarness()
        defer { tree.remove() }
        #expect(harness.supervisor.cgroups == .enforced(root: containers))
        var spec = harness.spec("limited", ["sh", "-c", "exit 0"])
        spec.cpuLimitMillis = 250
        spec.memoryLimitBytes = 64 << 20
        let started = try harness.supervisor.start(spec)
        #expect(started.limitsEnforced)
        #expect(started.cgroupPath == containers + "/limited")
        #expect(FileIO.readString(containers + "/limited/cpu.max") == "25000 100000")
        #expect(FileIO.readString(containers + "/limited/memory.max") == "67108864")
        let exit = try #require(await harness.exits.waitForExit(of: "limited"))
        #expect(exit.reason == "Completed")
        #expect(FileIO.readString(containers + "/limited/cgroup.procs") == "\(started.pid)\n")
        try harness.supervisor.remove("limited")
        #expect(!FileIO.exists(containers + "/limited"))
        await harness.tearDown()
    }

    @Test("a grown oom_kill counter turns the reason into OOMKilled")
    func oomKilled() async throws {
        let (harness, containers, tree) = try Self.enforcedHarness()
        defer { tree.remove() }
        let events = containers + "/oom/memory.events"
        _ = try harness.supervisor.start(
            harness.spec(
                "oom",
                ["sh", "-c", "printf 'low 0\\nhigh 0\\nmax 3\\noom 1\\noom_kill 1\\n' > '\(events)'; kill -9 $$"]))
        let exit = try #require(await harness.exits.waitForExit(of: "oom"))
        #expect(exit.reason == "OOMKilled")
        #expect(exit.exitCode == 137)
        #expect(exit.signal == 9)
        await harness.tearDown()
    }
}
