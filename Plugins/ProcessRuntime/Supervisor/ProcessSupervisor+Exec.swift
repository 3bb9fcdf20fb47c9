import Glibc

extension ProcessSupervisor {
    /// The most output kept by ``exec(command:environment:workingDirectory:timeout:)``.
    static let execOutputLimit = 10 * 1024

    /// Runs a command to completion (exec probes) with the same environment and working-directory semantics as a
    /// spec. Stdout and stderr go through one pipe, capped at 10 KiB. At the timeout the command's process group
    /// gets SIGKILL and the result has `timedOut` true and exit code -1. A command that cannot be started gives
    /// exit code 127 (not found) or -1 with the reason as output. Processes the command leaves behind in its
    /// process group are killed when it exits.
    public func exec(
        command: [String],
        environment: [String: String],
        workingDirectory: String?,
        timeout: Duration
    ) -> ExecResult {
        let directory = workingDirectory ?? workDirectory
        if workingDirectory == nil { _ = FileIO.makeDirectories(directory) }
        guard FileIO.isDirectory(directory) else {
            return ExecResult(
                exitCode: -1, output: "the working directory \"\(directory)\" does not exist",
                timedOut: false)
        }
        let executable: String
        do {
            executable = try CommandResolver.resolve(command, environment: environment, workingDirectory: directory)
        } catch {
            return ExecResult(
                exitCode: error.reason == "RunContainerError" ? 127 : -1, output: error.message,
                timedOut: false)
        }
        guard let pipe = GlibcExtensions.makePipe() else {
            return ExecResult(exitCode: -1, output: "cannot create a pipe: \(FileIO.errorText(errno))", timedOut: false)
        }
        let pid: pid_t
        do {
            pid = try Spawner.spawn(
                executable: executable, arguments: command, environment: environment,
                workingDirectory: directory, outputFD: pipe.write)
        } catch {
            close(pipe.read)
            close(pipe.write)
            return ExecResult(exitCode: -1, output: "cannot start \(command[0]): \(error.message)", timedOut: false)
        }
        close(pipe.write)
        defer { close(pipe.read) }
        return Self.collect(pid: pid, output: pipe.read, timeout: timeout)
    }

    /// Reads the output and waits for `pid` until it exits or the deadline passes.
    static func collect(pid: pid_t, output fd: Int32, timeout: Duration) -> ExecResult {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        var endOfFile = false
        // Reads what is available; returns at EOF or when the pipe is empty.
        func drain() {
            while !endOfFile {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    let room = max(0, execOutputLimit - output.count)
                    output.append(contentsOf: chunk[0..<min(count, room)])
                } else if count == 0 {
                    endOfFile = true
                } else if errno != EINTR {
                    return
                }
            }
        }
        var status: Int32 = 0
        var reaped = false
        var timedOut = false
        while true {
            drain()
            let reap = GroupReaper.reapIfExited(pid)
            if reap != .running {
                if case .exited(let exitStatus) = reap {
                    status = exitStatus
                    reaped = true
                }
                // What the command wrote before exiting is in the pipe; its leftovers were killed.
                drain()
                break
            }
            let now = clock.now
            if now >= deadline {
                timedOut = true
                break
            }
            let remaining = deadline - now
            let milliseconds = Int32(
                max(
                    1,
                    min(
                        20,
                        remaining.components.seconds * 1000
                            + remaining.components.attoseconds / 1_000_000_000_000_000)))
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if endOfFile {
                _ = poll(nil, 0, min(milliseconds, 5))
            } else {
                _ = poll(&descriptor, 1, milliseconds)
            }
        }
        if timedOut {
            killpg(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            drain()
        }
        let text = String(decoding: output, as: UTF8.self)
        let exitCode: Int32 = timedOut || !reaped ? -1 : ExitClassifier.exitCode(waitStatus: status)
        return ExecResult(exitCode: exitCode, output: text, timedOut: timedOut)
    }
}
