import Glibc

/// How a process ended, in Kubernetes terms.
struct ExitOutcome: Sendable, Equatable {
    var exitCode: Int32?
    var signal: Int32?
    var reason: String
}

/// Turns what could be learned about an exit into an exit code, a signal and a reason.
enum ExitClassifier {
    /// The exit status of a `waitpid` status word, 128+N for a death by signal N.
    static func exitCode(waitStatus status: Int32) -> Int32 {
        let low = status & 0x7f
        if low == 0 { return (status >> 8) & 0xff }
        return 128 + low
    }

    /// - Parameters:
    ///   - exitFileCode: the status the shim wrote, the most reliable source.
    ///   - waitStatus: the `waitpid` status of the shim, when it was our child.
    ///   - lastSignal: the last signal the supervisor sent to the group.
    ///   - oomKilled: whether the cgroup's `oom_kill` counter grew.
    static func classify(exitFileCode: Int32?, waitStatus: Int32?, lastSignal: Int32?, oomKilled: Bool) -> ExitOutcome {
        var code = exitFileCode
        if code == nil, let waitStatus {
            code = exitCode(waitStatus: waitStatus)
        }
        if code == nil, lastSignal == SIGKILL {
            code = 128 + SIGKILL
        }
        var signal: Int32?
        if let code, code > 128 {
            let candidate = code - 128
            if candidate == lastSignal || (1...31).contains(candidate) { signal = candidate }
        }
        let reason: String
        if oomKilled {
            reason = "OOMKilled"
        } else if let code {
            reason = code == 0 ? "Completed" : "Error"
        } else {
            reason = "Unknown"
        }
        return ExitOutcome(exitCode: code, signal: signal, reason: reason)
    }
}
