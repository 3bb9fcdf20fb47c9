/// Reading a container's log file and its rotated copies the way `kubectl logs` shows them.
public enum ContainerLog {
    /// The log as `kubectl logs` shows it.
    ///
    /// The rotated files (oldest `path.N` first, then `path.1`) and the live file are concatenated; then the last
    /// ``LogOptions/tailLines`` lines are kept (a final line without `"\n"` counts as a line, `0` gives nothing),
    /// then the first ``LogOptions/limitBytes`` bytes of that. A missing file reads as empty.
    ///
    /// With `tailLines` set, the files are read backwards in blocks from the end, so only about the selected
    /// lines are read even from huge files; without it, reading stops after `limitBytes` bytes.
    public static func read(_ path: String, options: LogOptions) -> [UInt8] {
        let limit = options.limitBytes.map { max($0, 0) }
        let tail = options.tailLines.flatMap { $0 < 0 ? nil : $0 }
        if limit == 0 || tail == 0 {
            return []
        }
        let files = LogFileSet(path: path)
        guard let tail else {
            return files.readForward(limit: limit)
        }
        let selected = files.tail(lines: tail).bytes
        guard let limit, selected.count > limit else { return selected }
        return Array(selected.prefix(limit))
    }
}
