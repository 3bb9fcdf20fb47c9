/// The fields of `/proc/<pid>/stat` the supervisor needs.
struct ProcStat: Sendable, Equatable {
    /// Field 3: R, S, D, Z, T, ...
    var state: Character
    /// Field 5: the process group id.
    var processGroup: Int32
    /// Field 22: the start time in clock ticks after boot.
    var startTicks: UInt64

    /// Whether the process has terminated (a zombie waiting to be reaped, or dead).
    var isDead: Bool { state == "Z" || state == "X" || state == "x" }

    /// Parses a stat line; the command name may contain spaces and parentheses, so fields follow the last ')'.
    static func parse(_ text: String) -> ProcStat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 20, let state = fields[0].first, let group = Int32(fields[2]),
            let ticks = UInt64(fields[19])
        else { return nil }
        return ProcStat(state: state, processGroup: group, startTicks: ticks)
    }

    static func read(pid: Int32, procRoot: String = "/proc") -> ProcStat? {
        guard pid > 0, let text = FileIO.readString("\(procRoot)/\(pid)/stat") else { return nil }
        return parse(text)
    }
}
