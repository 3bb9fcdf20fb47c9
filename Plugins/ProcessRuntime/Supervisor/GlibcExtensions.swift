import Glibc

/// GNU extensions that Swift's Glibc module does not import (they need `_GNU_SOURCE`), looked up at run time.
enum GlibcExtensions {
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?)
        -> Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+).
    static func addChdir() -> AddChdir? { symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self) }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+).
    static func addClosefrom() -> AddClosefrom? {
        symbol("posix_spawn_file_actions_addclosefrom_np", as: AddClosefrom.self)
    }

    /// A pipe whose both ends are close-on-exec, created atomically when `pipe2` exists.
    static func makePipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        if let pipe2 = symbol("pipe2", as: Pipe2.self) {
            guard pipe2(&fds, O_CLOEXEC) == 0 else { return nil }
        } else {
            guard pipe(&fds) == 0 else { return nil }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        return (fds[0], fds[1])
    }

    private static func symbol<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let pointer = dlsym(nil, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }
}
