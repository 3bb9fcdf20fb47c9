import Glibc

/// Small POSIX file helpers; they also work on procfs and cgroupfs, whose files report a size of 0.
enum FileIO {
    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Reads a whole file, or nil when it cannot be opened or read.
    static func readBytes(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while result.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    static func readString(_ path: String) -> String? {
        readBytes(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes every byte; returns the errno on failure.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return nil
    }

    /// Writes text into a file without fsync (cgroup interface files); returns the errno on failure.
    static func writeFile(_ text: String, to path: String, append: Bool = false) -> Int32? {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { return errno }
        let failure = writeAll(fd, Array(text.utf8))
        if close(fd) != 0, failure == nil, errno != EINTR { return errno }
        return failure
    }

    /// Writes a file durably: temp file, fsync, rename, fsync of the directory. Returns an error message.
    static func writeAtomically(_ bytes: [UInt8], to path: String) -> String? {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "cannot open \(temporary): \(errorText(errno))" }
        if let code = writeAll(fd, bytes) {
            close(fd)
            unlink(temporary)
            return "cannot write \(temporary): \(errorText(code))"
        }
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            unlink(temporary)
            return "cannot fsync \(temporary): \(errorText(code))"
        }
        close(fd)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            return "cannot rename \(temporary) to \(path): \(errorText(code))"
        }
        syncDirectory(parentDirectory(path))
        return nil
    }

    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// `mkdir -p`; returns the errno on failure.
    static func makeDirectories(_ path: String, mode: mode_t = 0o755) -> Int32? {
        if isDirectory(path) { return nil }
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) != 0, errno != EEXIST { return errno }
        }
        return isDirectory(path) ? nil : ENOTDIR
    }

    static func fileStatus(_ path: String) -> stat? {
        var status = stat()
        return stat(path, &status) == 0 ? status : nil
    }

    static func exists(_ path: String) -> Bool {
        fileStatus(path) != nil
    }

    static func isDirectory(_ path: String) -> Bool {
        guard let status = fileStatus(path) else { return false }
        return (status.st_mode & S_IFMT) == S_IFDIR
    }

    static func isExecutableFile(_ path: String) -> Bool {
        guard let status = fileStatus(path), (status.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// The modification time in nanoseconds since the epoch.
    static func modificationTime(_ path: String) -> Int64? {
        guard let status = fileStatus(path) else { return nil }
        return Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let directory = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (directory == "/" ? "" : directory) + "/" + path
    }

    /// Unlinks a file; a missing file is not an error. Returns the errno on failure.
    static func remove(_ path: String) -> Int32? {
        if unlink(path) != 0, errno != ENOENT { return errno }
        return nil
    }

    /// The current wall-clock time in nanoseconds since the Unix epoch.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Writes a diagnostic line to stderr.
    static func warn(_ message: String) {
        _ = writeAll(2, Array("ProcessSupervisor: \(message)\n".utf8))
    }
}
