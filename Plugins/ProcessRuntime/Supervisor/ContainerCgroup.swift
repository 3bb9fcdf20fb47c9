import Glibc

/// The per-container cgroup v2 directory: creation with limits, OOM detection and removal.
enum ContainerCgroup {
    /// The smallest CFS quota the kernel accepts, in microseconds.
    static let minimumQuota = 1000
    static let period = 100_000

    /// The `cpu.max` line for a limit in millicores.
    static func cpuMax(millis: Int) -> String {
        "\(max(millis * period / 1000, minimumQuota)) \(period)"
    }

    /// Creates `<root>/<id>` and writes the limits; returns its path.
    static func create(root: String, id: String, cpuMillis: Int?, memoryBytes: Int64?) throws(SupervisorError)
        -> String
    {
        let path = root + "/" + id
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw .createContainer("cannot create the cgroup \(path): \(FileIO.errorText(errno))")
        }
        var limits: [(file: String, value: String)] = []
        if let cpuMillis { limits.append(("cpu.max", cpuMax(millis: cpuMillis))) }
        if let memoryBytes { limits.append(("memory.max", String(memoryBytes))) }
        for limit in limits {
            if let code = FileIO.writeFile(limit.value, to: path + "/" + limit.file) {
                remove(path)
                throw .createContainer(
                    "cannot write \(limit.value) to \(path)/\(limit.file): \(FileIO.errorText(code))")
            }
        }
        return path
    }

    /// The `oom_kill` counter of `memory.events`, 0 when absent.
    static func oomKills(at path: String) -> Int {
        guard let text = FileIO.readString(path + "/memory.events") else { return 0 }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == "oom_kill", let count = Int(fields[1]) { return count }
        }
        return 0
    }

    /// Removes the cgroup directory (a real cgroup is removed by rmdir alone; fake trees hold plain files).
    static func remove(_ path: String) {
        if rmdir(path) == 0 || errno == ENOENT { return }
        guard errno == ENOTEMPTY || errno == EEXIST, let directory = opendir(path) else { return }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        for name in names { _ = unlink(path + "/" + name) }
        _ = rmdir(path)
    }
}
