/// Finds the executable of a command the way kubelet/runc report it.
enum CommandResolver {
    static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// Returns the absolute path of `command[0]`, searched in the environment's `PATH` when it has no '/'.
    static func resolve(
        _ command: [String],
        environment: [String: String],
        workingDirectory: String
    ) throws(SupervisorError) -> String {
        guard let name = command.first else {
            throw .config("the container has no command: ProcessRuntime cannot use an image's entrypoint")
        }
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : workingDirectory + "/" + name
            if FileIO.isExecutableFile(path) { return path }
            let detail = FileIO.exists(path) ? "permission denied" : "stat \(name): no such file or directory"
            throw SupervisorError(reason: "RunContainerError", message: "exec: \"\(name)\": \(detail)")
        }
        if !name.isEmpty {
            let searchPath = environment["PATH"] ?? defaultSearchPath
            for directory in searchPath.split(separator: ":") {
                var candidate = directory + "/" + name
                if !candidate.hasPrefix("/") { candidate = workingDirectory + "/" + candidate }
                if FileIO.isExecutableFile(candidate) { return candidate }
            }
        }
        throw SupervisorError(
            reason: "RunContainerError", message: "exec: \"\(name)\": executable file not found in $PATH")
    }
}
