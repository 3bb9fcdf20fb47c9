import Glibc

/// Reaps a child of ours and, in the same step, kills whatever is left of its process group.
///
/// `waitid(WNOWAIT)` sees the exit without reaping: the zombie leader still holds its pid, so the process group
/// id cannot have been reused when the rest of the group gets SIGKILL. Only then is the leader reaped.
enum GroupReaper {
    enum Result: Equatable {
        /// The child has not exited yet.
        case running
        /// The child exited with this `waitpid` status; its group was killed and it was reaped.
        case exited(status: Int32)
        /// `pid` is not a child of this process (or was reaped by someone else).
        case notChild
    }

    /// Non-blocking check of the child `pid`.
    static func reapIfExited(_ pid: pid_t) -> Result {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 {
            if errno != EINTR { return .notChild }
        }
        guard info._sifields._sigchld.si_pid == pid else { return .running }
        killpg(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) != pid {
            if errno != EINTR { return .notChild }
        }
        return .exited(status: status)
    }
}
