import Foundation
import GRPCCore
import SkiffEtcdAPI
import SkiffStore

/// etcd's Maintenance service: Status (`etcdctl endpoint status`), Alarm, Defragment and
/// HashKV. Snapshot, MoveLeader and Downgrade are not offered (gRPC's "unimplemented").
struct MaintenanceService: EtcdMaintenance.SimpleServiceProtocol {
    let store: Store
    let identity: EtcdIdentity
    let metrics: EtcdMetrics

    /// The member's status. A single member that leads itself: the raft index is the store's
    /// revision, the term stays 1; the sizes are the database file's (`dbSize` counts the WAL
    /// too, `dbSizeInUse` the pages holding data).
    func status(request: EtcdStatusRequest, context: ServerContext) async throws -> EtcdStatusResponse {
        try await metrics.measure(.status) {
            let file = try await EtcdError.mapping { () async throws(StoreError) in try await store.fileStatistics() }
            let revision = store.currentRevision
            var response = EtcdStatusResponse()
            response.header = identity.header(revision)
            response.version = identity.version
            response.dbSize = file.databaseBytes + file.walBytes
            response.dbSizeInUse = (file.pageCount - file.freePages) * file.pageSize
            response.leader = identity.memberID
            response.raftIndex = UInt64(max(0, revision.rawValue))
            response.raftAppliedIndex = response.raftIndex
            response.raftTerm = EtcdIdentity.raftTerm
            response.isLearner = false
            return response
        }
    }

    /// No alarm is ever raised: the store has no space quota and checks its own integrity at open.
    func alarm(request: EtcdAlarmRequest, context: ServerContext) async throws -> EtcdAlarmResponse {
        try await metrics.measure(.alarm) {
            var response = EtcdAlarmResponse()
            response.header = identity.header(store.currentRevision)
            return response
        }
    }

    /// Nothing to do: compaction returns freed pages to the file system itself.
    func defragment(request: EtcdDefragmentRequest, context: ServerContext) async throws -> EtcdDefragmentResponse {
        try await metrics.measure(.defragment) {
            var response = EtcdDefragmentResponse()
            response.header = identity.header(store.currentRevision)
            return response
        }
    }

    /// A CRC-32 of every live key-value (key, value and revisions) at `revision` (0: the current
    /// one), to compare two reads of the same store; the compacted revision rides along.
    func hashKV(request: EtcdHashKVRequest, context: ServerContext) async throws -> EtcdHashKVResponse {
        try await metrics.measure(.hashKV) {
            let revision = request.revision > 0 ? Revision(request.revision) : nil
            let answer = try await EtcdError.mapping { () async throws(StoreError) in
                try await store.range(RangeRequest(.all, revision: revision))
            }
            var crc = CRC32()
            for kv in answer.kvs {
                crc.update(kv.key)
                crc.update(kv.value)
                withUnsafeBytes(of: kv.createRevision.rawValue.littleEndian) { crc.update($0) }
                withUnsafeBytes(of: kv.modRevision.rawValue.littleEndian) { crc.update($0) }
                withUnsafeBytes(of: kv.version.littleEndian) { crc.update($0) }
            }
            var response = EtcdHashKVResponse()
            response.header = identity.header(answer.revision)
            response.hash = crc.value
            response.compactRevision = store.compactRevision.rawValue
            return response
        }
    }
}

/// CRC-32 (IEEE), as etcd's HashKV uses.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }
    private var state: UInt32 = 0xFFFF_FFFF

    /// Adds `bytes`.
    mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { state = Self.table[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state >> 8) }
    }

    /// The checksum of everything added.
    var value: UInt32 { state ^ 0xFFFF_FFFF }
}
