/// History: a key's changes and the change log.
extension StoreReader {
    /// Every change of `key` still in the log, oldest first: its puts and deletes across
    /// re-creations, each with its revision, commit time, version, create revision and lease.
    ///
    /// Index lookups only, one per change: a key's newest row is found in the current index
    /// (which keeps deleted keys until compaction removes their tombstone), older ones through
    /// each row's link to the key's previous row. Compacted history is gone: of the changes at or
    /// below the compacted revision only the key's value at that revision remains, if it existed.
    ///
    /// - Parameter values: Whether to read the values too (a put's entry has an empty value
    ///   otherwise).
    /// - Returns: The changes, oldest first; empty for a key the log has no change of.
    public func keyHistory(_ key: [UInt8], values: Bool = true) throws(StoreError) -> [HistoryEntry] {
        try read { db throws(StoreError) in
            try LogReader.keyHistory(db, key, compacted: try LogReader.compactRevision(db), values: values)
        }
    }

    /// The change log from `from` through `through`, in revision order (within a revision, in the
    /// order of the transaction's changes), read a page at a time as the iterator advances.
    ///
    /// - Parameters:
    ///   - from: The first revision; it must be above the compacted revision, whose changes are
    ///     no longer complete.
    ///   - through: The last revision; nil (or one past the current revision) means the current
    ///     revision when the iteration starts. Revisions committed later are not included.
    ///   - prefix: Only changes of keys that start with these bytes; nil or empty for every key.
    ///   - limit: The most changes to return; nil for no limit.
    ///   - values: Whether to read values (the `revisions` listing does not need them, and
    ///     skipping them reads less).
    /// - Throws: ``StoreError/Code/compacted`` when `from` is at or below the compacted revision;
    ///   ``StoreError/Code/invalidArgument`` for a negative limit. ``ChangeIterator/next()`` throws
    ///   too.
    public func changes(
        from: Revision, through: Revision? = nil, prefix: [UInt8]? = nil, limit: Int? = nil, values: Bool = true
    ) throws(StoreError) -> ChangeIterator {
        try ChangeIterator(reader: self, from: from, through: through, prefix: prefix, limit: limit, values: values)
    }

    /// Calls `body` with each change of the log from `from` through `through`, in revision order,
    /// until it returns false; see ``changes(from:through:prefix:limit:values:)`` for the
    /// parameters. Changes are read a page at a time, outside `body`: `body` may call the reader.
    public func changes(
        from: Revision, through: Revision? = nil, prefix: [UInt8]? = nil, limit: Int? = nil, values: Bool = true,
        _ body: (HistoryEntry) throws(StoreError) -> Bool
    ) throws(StoreError) {
        var iterator = try changes(from: from, through: through, prefix: prefix, limit: limit, values: values)
        while let entry = try iterator.next() {
            guard try body(entry) else { return }
        }
    }
}
