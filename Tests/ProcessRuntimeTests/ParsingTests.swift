import Glibc
import Testing

@testable import ProcessRuntime

@Suite("Parsing and classification")
struct ParsingTests {
    static let tail = "S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615"

    @Test(
        "/proc/<pid>/stat lines",
        arguments: [
            ("123 (sleep) \(tail)\n", ProcStat(state: "S", processGroup: 42, startTicks: 987_654)),
            ("123 (my (weird) name) \(tail)", ProcStat(state: "S", processGroup: 42, startTicks: 987_654)),
            (
                "123 (a b) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 55 0 0",
                ProcStat(state: "Z", processGroup: 7, startTicks: 55)
            ),
            ("garbage", nil),
            ("1 (x) S 1 2", nil),
        ])
    func procStat(line: String, expected: ProcStat?) {
        #expect(ProcStat.parse(line) == expected)
    }

    @Test("this process's own stat: real start ticks and process group")
    func ownStat() throws {
        let stat = try #require(ProcStat.read(pid: getpid()))
        #expect(stat.startTicks > 0)
        #expect(stat.processGroup == getpgrp())
        #expect(!stat.isDead)
    }

    struct ClassifyCase: Sendable {
        var exitFile: Int32?
        var waitStatus: Int32?
        var lastSignal: Int32?
        var oom = false
        var expected: ExitOutcome
    }

    @Test(
        "exit classification",
        arguments: [
            ClassifyCase(exitFile: 0, expected: ExitOutcome(exitCode: 0, signal: nil, reason: "Completed")),
            ClassifyCase(exitFile: 3, expected: ExitOutcome(exitCode: 3, signal: nil, reason: "Error")),
            ClassifyCase(exitFile: 143, expected: ExitOutcome(exitCode: 143, signal: 15, reason: "Error")),
            ClassifyCase(exitFile: 200, expected: ExitOutcome(exitCode: 200, signal: nil, reason: "Error")),
            ClassifyCase(
                exitFile: 162, lastSignal: 34, expected: ExitOutcome(exitCode: 162, signal: 34, reason: "Error")),
            ClassifyCase(waitStatus: 9, expected: ExitOutcome(exitCode: 137, signal: 9, reason: "Error")),
            ClassifyCase(waitStatus: 5 << 8, expected: ExitOutcome(exitCode: 5, signal: nil, reason: "Error")),
            ClassifyCase(exitFile: 1, waitStatus: 9, expected: ExitOutcome(exitCode: 1, signal: nil, reason: "Error")),
            ClassifyCase(lastSignal: 9, expected: ExitOutcome(exitCode: 137, signal: 9, reason: "Error")),
            ClassifyCase(lastSignal: 15, expected: ExitOutcome(exitCode: nil, signal: nil, reason: "Unknown")),
            ClassifyCase(expected: ExitOutcome(exitCode: nil, signal: nil, reason: "Unknown")),
            ClassifyCase(
                waitStatus: 9, oom: true, expected: ExitOutcome(exitCode: 137, signal: 9, reason: "OOMKilled")),
        ])
    func classify(_ testCase: ClassifyCase) {
        let outcome = ExitClassifier.classify(
            exitFileCode: testCase.exitFile, waitStatus: testCase.waitStatus, lastSignal: testCase.lastSignal,
            oomKilled: testCase.oom)
        #expect(outcome == testCase.expected)
    }

    @Test(
        "the unified line of /proc/self/cgroup",
        arguments: [
            ("0::/\n", "/"),
            ("12:pids:/\n0::/user.slice/agent\n", "/user.slice/agent"),
            ("4:memory:/x\n", nil),
            ("0::\n", nil),
        ])
    func unifiedPath(text: String, expected: String?) {
        #expect(CgroupDetector.unifiedPath(text) == expected)
    }
}
