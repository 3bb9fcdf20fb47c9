import Foundation

/// The processes of this machine, read from `/proc`.
public enum HostProcesses {
    /// Live (not zombie) processes whose command line contains every one of `needles` (and whose
    /// program, when `executable` is given, has that name).
    public static func count(executable: String? = nil, matching needles: String...) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var count = 0
        for entry in entries where Int(entry) != nil {
            guard let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            let command = commandLine(raw)
            let program = raw.split(separator: 0).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
            if let executable, (program as NSString).lastPathComponent != executable { continue }
            guard needles.allSatisfy({ command.contains($0) }),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)] != "Z"
            else { continue }
            count += 1
        }
        return count
    }

    /// Sends SIGKILL to every process group led by a process whose command line contains
    /// `needle`, other than this process's own group: how tests end the containers a node agent
    /// leaves running (each container runs in a group its shim leads, as a kubelet's outlive it).
    public static func killGroups(leadersMatching needle: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        let ownGroup = getpgrp()
        for entry in entries {
            guard let pid = pid_t(entry), getpgid(pid) == pid, pid != ownGroup,
                let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                commandLine(raw).contains(needle)
            else { continue }
            _ = kill(-pid, SIGKILL)
        }
    }

    /// A `/proc/PID/cmdline` as one string, its arguments separated by spaces.
    private static func commandLine(_ raw: Data) -> String {
        String(decoding: raw.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }
}
