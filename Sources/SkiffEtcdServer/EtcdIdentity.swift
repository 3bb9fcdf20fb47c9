import SkiffEtcdAPI
import SkiffStore

/// Who the endpoint says it is. Skiff's store is a cluster of one member that is always its own
/// leader; etcd clients still read a cluster id, a member id and a raft term from every response
/// header, and `etcdctl endpoint status` and `member list` show them.
public struct EtcdIdentity: Sendable, Hashable {
    /// The member's name (`etcdctl member list`).
    public var name: String
    /// The cluster id in every response header.
    public var clusterID: UInt64
    /// The member id in every response header; also the leader's id.
    public var memberID: UInt64
    /// The etcd release whose v3 API the endpoint speaks, reported by `Status`.
    public var version: String

    /// The etcd release whose v3 API Skiff implements (the `.proto` files' release).
    public static let apiVersion = "3.4.23"

    /// The raft term reported in headers and by `Status`: there are no elections, so it stays 1.
    public static let raftTerm: UInt64 = 1

    /// An identity whose ids are derived from `seed` (the database path), so they stay the same
    /// across restarts of one store and differ between stores.
    public init(name: String, seed: String) {
        self.name = name
        self.memberID = Self.fnv1a("member:" + seed)
        self.clusterID = Self.fnv1a("cluster:" + seed)
        self.version = Self.apiVersion
    }

    /// A response header at `revision`.
    func header(_ revision: Revision) -> EtcdResponseHeader {
        var header = EtcdResponseHeader()
        header.clusterID = clusterID
        header.memberID = memberID
        header.revision = revision.rawValue
        header.raftTerm = Self.raftTerm
        return header
    }

    /// The 64-bit FNV-1a hash of `text`, never 0 (etcd treats id 0 as "none").
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash == 0 ? 1 : hash
    }
}
