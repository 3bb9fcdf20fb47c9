/// A store-wide revision: the logical clock of the store. Every write transaction that changes
/// something gets the next revision; all of its changes carry it. Revision 0 means "none"
/// (a key that does not exist has `modRevision == 0`).
public struct Revision: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// The revision number.
    public var rawValue: Int64
    /// Wraps a revision number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Wraps a revision number.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public init(integerLiteral value: Int64) { self.rawValue = value }

    /// No revision.
    public static let zero = Revision(0)
    /// The revision after this one.
    public var next: Revision { Revision(rawValue + 1) }
    public static func < (lhs: Revision, rhs: Revision) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// A lease's identifier. ``LeaseID/none`` (0) means "no lease".
public struct LeaseID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByIntegerLiteral
{
    /// The lease number.
    public var rawValue: Int64
    /// Wraps a lease number.
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Wraps a lease number.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public init(integerLiteral value: Int64) { self.rawValue = value }

    /// No lease.
    public static let none = LeaseID(0)
    public static func < (lhs: LeaseID, rhs: LeaseID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { String(rawValue) }
}

/// Where a change sits in the log: its revision and its index within that revision. The log's
/// row id packs both: `revision << 20 | sub`.
struct LogPosition: Hashable, Comparable, Sendable {
    /// Bits reserved for the change index within one revision.
    static let subBits: Int64 = 20
    /// The most changes one revision may hold.
    static let maxChangesPerRevision = 1 << 20

    var revision: Revision
    var sub: Int64

    init(revision: Revision, sub: Int64) {
        self.revision = revision
        self.sub = sub
    }

    init(rowID: Int64) {
        self.revision = Revision(rowID >> Self.subBits)
        self.sub = rowID & ((1 << Self.subBits) - 1)
    }

    var rowID: Int64 { revision.rawValue << Self.subBits | sub }

    /// The first row id of a revision.
    static func firstRowID(of revision: Revision) -> Int64 { revision.rawValue << subBits }

    static func < (lhs: LogPosition, rhs: LogPosition) -> Bool { lhs.rowID < rhs.rowID }
}
