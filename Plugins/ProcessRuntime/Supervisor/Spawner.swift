import Glibc

/// Why `posix_spawn` or its preparation failed.
struct SpawnFailure: Error, Sendable {
    var step: String
    var code: Int32

    var message: String { "\(step): \(FileIO.errorText(code))" }
}

/// Starts processes with `posix_spawn` in a new process group, with a clean signal state and only stdio open.
enum Spawner {
    /// Spawns `executable` with `arguments` (argv, including argv[0]) and exactly `environment`.
    ///
    /// stdin is /dev/null, stdout and stderr are `outputFD`, every other descriptor is closed, the working
    /// directory is `workingDirectory`, the signal mask is empty and every signal has its default disposition.
    static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        workingDirectory: String,
        outputFD: Int32
    ) throws(SpawnFailure) -> pid_t {
        guard let addChdir = GlibcExtensions.addChdir() else {
            throw SpawnFailure(step: "posix_spawn_file_actions_addchdir_np (glibc 2.29+) is unavailable", code: ENOSYS)
        }
        // dup2(fd, fd) would keep close-on-exec on some libcs: make sure the source is not a stdio number.
        var output = outputFD
        var ownsOutput = false
        if output < 3 {
            output = fcntl(outputFD, F_DUPFD_CLOEXEC, 3)
            guard output >= 0 else { throw SpawnFailure(step: "fcntl(F_DUPFD_CLOEXEC)", code: errno) }
            ownsOutput = true
        }
        defer { if ownsOutput { close(output) } }

        var actions = posix_spawn_file_actions_t()
        var rc = posix_spawn_file_actions_init(&actions)
        guard rc == 0 else { throw SpawnFailure(step: "posix_spawn_file_actions_init", code: rc) }
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        rc = posix_spawnattr_init(&attributes)
        guard rc == 0 else { throw SpawnFailure(step: "posix_spawnattr_init", code: rc) }
        defer { posix_spawnattr_destroy(&attributes) }

        func check(_ code: Int32, _ step: String) throws(SpawnFailure) {
            if code != 0 { throw SpawnFailure(step: step, code: code) }
        }
        try check(posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0), "addopen /dev/null")
        try check(posix_spawn_file_actions_adddup2(&actions, output, 1), "adddup2 stdout")
        try check(posix_spawn_file_actions_adddup2(&actions, output, 2), "adddup2 stderr")
        if let addClosefrom = GlibcExtensions.addClosefrom() {
            try check(addClosefrom(&actions, 3), "addclosefrom 3")
        }
        try check(addChdir(&actions, workingDirectory), "addchdir \(workingDirectory)")

        var emptySet = sigset_t()
        sigemptyset(&emptySet)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        // glibc's sigfillset leaves out its internal signals 32 and 33 (SIGCANCEL, SIGSETXID), and its spawn
        // child then sets them to SIG_IGN, which exec keeps. Setting their bits directly makes them default too.
        allSignals.__val.0 |= (1 << 31) | (1 << 32)
        try check(posix_spawnattr_setsigmask(&attributes, &emptySet), "setsigmask")
        try check(posix_spawnattr_setsigdefault(&attributes, &allSignals), "setsigdefault")
        try check(posix_spawnattr_setpgroup(&attributes, 0), "setpgroup")
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        try check(posix_spawnattr_setflags(&attributes, Int16(flags)), "setflags")

        let environmentStrings = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        rc = withCStringArray(arguments) { argv in
            withCStringArray(environmentStrings) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        guard rc == 0 else { throw SpawnFailure(step: "posix_spawn \(executable)", code: rc) }
        return pid
    }

    private static func withCStringArray<Result>(
        _ strings: [String],
        _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
