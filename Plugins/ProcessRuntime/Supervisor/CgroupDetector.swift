/// Decides whether cgroup v2 limits can be enforced and prepares the `skiff-containers` parent cgroup.
enum CgroupDetector {
    static let requiredControllers = ["cpu", "memory"]
    static let containersDirectoryName = "skiff-containers"

    /// Probes `root` (where cgroup2 should be mounted) for the process whose `/proc/self/cgroup` is `selfCgroup`.
    ///
    /// On success the directory `<root><own cgroup>/skiff-containers` exists, and the cpu and memory controllers
    /// are enabled for it and for its children. Works on any directory tree, which makes it testable.
    static func detect(root: String, selfCgroup: String) -> CgroupSupport {
        guard let rootControllers = FileIO.readString(root + "/cgroup.controllers") else {
            return .unavailable(reason: "cgroup v2 is not mounted at \(root)")
        }
        if let missing = missingController(in: rootControllers) {
            return .unavailable(reason: "the \(missing) controller is not available in \(root)/cgroup.controllers")
        }
        guard let ownPath = unifiedPath(selfCgroup) else {
            return .unavailable(
                reason: "this process is not in a cgroup v2 hierarchy (no \"0::\" line in /proc/self/cgroup)")
        }
        if ownPath.hasSuffix(" (deleted)") {
            return .unavailable(reason: "this process's cgroup \(ownPath) has been deleted")
        }
        let own = ownPath == "/" ? root : root + ownPath
        if own != root {
            guard let ownControllers = FileIO.readString(own + "/cgroup.controllers") else {
                return .unavailable(reason: "this process's cgroup \(own) is not visible under \(root)")
            }
            if let missing = missingController(in: ownControllers) {
                return .unavailable(reason: "the \(missing) controller is not delegated to \(own)")
            }
        }
        let containers = own + "/" + containersDirectoryName
        if let code = FileIO.makeDirectories(containers) {
            return .unavailable(reason: "cannot create \(containers): \(FileIO.errorText(code))")
        }
        for directory in [own, containers] {
            let control = directory + "/cgroup.subtree_control"
            let enabled = words(FileIO.readString(control) ?? "")
            for controller in requiredControllers where !enabled.contains(controller) {
                if let code = FileIO.writeFile("+\(controller)", to: control, append: true) {
                    return .unavailable(
                        reason: "the \(controller) controller cannot be delegated: \(FileIO.errorText(code)) "
                            + "(writing \(control))"
                    )
                }
            }
        }
        return .enforced(root: containers)
    }

    /// The path of the `0::` line of a `/proc/<pid>/cgroup` text.
    static func unifiedPath(_ text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("0::") {
            let path = String(line.dropFirst(3))
            return path.isEmpty ? nil : path
        }
        return nil
    }

    private static func missingController(in text: String) -> String? {
        let available = words(text)
        return requiredControllers.first { !available.contains($0) }
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { String($0) })
    }
}
