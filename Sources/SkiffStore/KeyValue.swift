/// A key's value at some revision, with etcd's per-key metadata.
public struct KeyValue: Sendable, Hashable {
    /// The key.
    public var key: [UInt8]
    /// The value; empty for a deleted key in a delete event.
    public var value: [UInt8]
    /// The revision that created this incarnation of the key (0 for a deletion).
    public var createRevision: Revision
    /// The revision of the last change to the key.
    public var modRevision: Revision
    /// 1 on create, +1 on every put; 0 for a deletion (a delete resets it).
    public var version: Int64
    /// The lease the key is attached to, or ``LeaseID/none``.
    public var lease: LeaseID

    /// Creates a key-value.
    public init(
        key: [UInt8], value: [UInt8], createRevision: Revision, modRevision: Revision,
        version: Int64, lease: LeaseID = .none
    ) {
        self.key = key
        self.value = value
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.lease = lease
    }
}

/// A set of keys: one key, a half-open range `[start, end)`, or everything from `start` on.
/// Keys compare bytewise, as in etcd.
public struct KeyRange: Sendable, Hashable, CustomStringConvertible {
    /// The first key in the range.
    public var start: [UInt8]
    /// The first key past the range, or nil for "no upper bound".
    public var end: [UInt8]?

    /// The range `[start, end)`; nil `end` means every key from `start` on.
    public init(start: [UInt8], end: [UInt8]?) {
        self.start = start
        self.end = end
    }

    /// Exactly one key.
    public static func key(_ key: [UInt8]) -> KeyRange { KeyRange(start: key, end: key + [0]) }
    /// Exactly one key, given as a string.
    public static func key(_ key: String) -> KeyRange { .key(Array(key.utf8)) }
    /// Every key that starts with `prefix`.
    public static func prefix(_ prefix: [UInt8]) -> KeyRange {
        KeyRange(start: prefix, end: prefixEnd(prefix))
    }
    /// Every key that starts with `prefix`, given as a string.
    public static func prefix(_ prefix: String) -> KeyRange { .prefix(Array(prefix.utf8)) }
    /// Every key.
    public static let all = KeyRange(start: [], end: nil)

    /// Whether `key` lies in the range.
    @inlinable
    public func contains(_ key: [UInt8]) -> Bool {
        guard !key.lexicographicallyPrecedes(start) else { return false }
        guard let end else { return true }
        return key.lexicographicallyPrecedes(end)
    }

    /// Whether the range names exactly one key.
    public var isSingleKey: Bool { end == start + [0] }

    /// Whether the range holds no key at all.
    public var isEmpty: Bool {
        guard let end else { return false }
        return !start.lexicographicallyPrecedes(end)
    }

    /// Whether two ranges share a key.
    public func overlaps(_ other: KeyRange) -> Bool {
        if isEmpty || other.isEmpty { return false }
        let startsBeforeOtherEnds = other.end.map { start.lexicographicallyPrecedes($0) } ?? true
        let otherStartsBeforeEnd = end.map { other.start.lexicographicallyPrecedes($0) } ?? true
        return startsBeforeOtherEnds && otherStartsBeforeEnd
    }

    /// The smallest key greater than every key that starts with `prefix`, or nil when no such key
    /// exists (the prefix is empty or all `0xFF`).
    public static func prefixEnd(_ prefix: [UInt8]) -> [UInt8]? {
        var end = prefix
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return nil
    }

    public var description: String {
        func show(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
        if isSingleKey { return show(start) }
        return "[\(show(start)), \(end.map(show) ?? "∞"))"
    }
}
