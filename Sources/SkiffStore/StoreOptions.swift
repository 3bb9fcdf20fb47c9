/// How a store opens and behaves. The defaults are what `skiff server` uses.
public struct StoreOptions: Sendable {
    /// How hard a commit tries to reach the disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=FULL`: an acknowledged write survives `kill -9` and power loss. The default.
        case full
        /// `synchronous=NORMAL`: an acknowledged write survives `kill -9`, but the last commits may
        /// be lost on power loss or an OS crash. Faster; an explicit choice.
        case normal
    }

    /// Durability of commits. Default ``Durability/full``.
    public var durability: Durability = .full
    /// How much history to keep: the automatic compactor compacts, every
    /// ``compactionInterval``, to the revision that was current one interval earlier, so history
    /// is kept for one to two windows. Default 5 minutes.
    public var historyWindow: Duration = .seconds(300)
    /// How often the automatic compactor runs; nil means "every ``historyWindow``". Setting
    /// ``automaticCompaction`` false turns it off.
    public var compactionInterval: Duration?
    /// Whether ``Store/run()`` compacts on its own.
    public var automaticCompaction = true
    /// How long one compaction batch may hold the writer; batches adapt their size to it.
    public var compactionBatchTarget: Duration = .milliseconds(5)
    /// Read-only connections, each on its own thread.
    public var readerCount = 2
    /// Events a watcher may have waiting before it is ended with
    /// ``StoreError/Code/watchOverflow``.
    public var watcherBufferLimit = 100_000
    /// The most events in one ``WatchResponse`` (a revision is never split).
    public var maxEventsPerWatchResponse = 1_000
    /// Recent events kept in memory to serve watches that start a little in the past.
    public var eventRingMaxEvents = 50_000
    /// Byte bound of the same ring.
    public var eventRingMaxBytes = 64 << 20
    /// How often watchers that asked for progress notifications get one. Default 10 minutes, as
    /// etcd.
    public var progressNotifyInterval: Duration = .seconds(600)
    /// How often expired leases are looked for.
    public var leaseCheckInterval: Duration = .milliseconds(500)
    /// The largest value a put may write. Default 1.5 MiB, as etcd's request limit.
    public var maxValueBytes = 1_572_864
    /// SQLite page cache of the writer connection, in KiB. Default 8 MiB: with 64 MiB, SQLite's
    /// page-cache bookkeeping at every commit took 16% of the CPU under 64 concurrent writers and
    /// cut their throughput by about a fifth (measured with `skiff-bench store --writer-cache-kib`).
    public var writerCacheKiB = 8_192

    /// Options with every default.
    public init() {}
}
