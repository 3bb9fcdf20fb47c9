import Glibc

/// The subset of `stat(2)` the log code needs: size, permission bits and an identity that changes
/// whenever a path names a different (or re-created) file.
struct FileStat: Equatable {
    /// Device, inode and change time: a new file created under a path (even one reusing a freed inode
    /// number) almost always differs in at least one of these.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var changeSeconds: Int
        var changeNanoseconds: Int
    }

    var size: Int
    var permissions: mode_t
    var identity: Identity

    /// Stats `path`, following symlinks; `nil` when it does not exist or cannot be stat'ed.
    init?(path: String) {
        var info = stat()
        guard fstatat(AT_FDCWD, path, &info, 0) == 0 else { return nil }
        self.init(info)
    }

    /// Stats an open descriptor; `nil` on error.
    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        size = Int(info.st_size)
        permissions = info.st_mode & 0o7777
        identity = Identity(
            device: UInt64(info.st_dev),
            inode: UInt64(info.st_ino),
            changeSeconds: Int(info.st_ctim.tv_sec),
            changeNanoseconds: Int(info.st_ctim.tv_nsec)
        )
    }
}
