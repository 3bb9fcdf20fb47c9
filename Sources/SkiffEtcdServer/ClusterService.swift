import GRPCCore
import SkiffEtcdAPI
import SkiffStore
import Synchronization

/// etcd's Cluster service: `MemberList` answers the one member the store is. Member changes are
/// not offered.
struct ClusterService: EtcdCluster.SimpleServiceProtocol {
    let store: Store
    let identity: EtcdIdentity
    let metrics: EtcdMetrics
    /// The host clients reach the endpoint on.
    let host: String
    /// The port the endpoint is bound to (0 until it is).
    let boundPort: BoundPort

    func memberList(request: EtcdMemberListRequest, context: ServerContext) async throws -> EtcdMemberListResponse {
        try await metrics.measure(.memberList) {
            var member = EtcdMember()
            member.id = identity.memberID
            member.name = identity.name
            member.clientUrls = [EtcdServer.clientURL(host: host, port: boundPort.value.load(ordering: .relaxed))]
            var response = EtcdMemberListResponse()
            response.header = identity.header(store.currentRevision)
            response.members = [member]
            return response
        }
    }
}

/// The port an endpoint is bound to, once it is.
final class BoundPort: Sendable {
    let value = Atomic<Int>(0)
}
