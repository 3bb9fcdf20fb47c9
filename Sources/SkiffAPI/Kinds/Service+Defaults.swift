// kube-apiserver's defaults for Services (`pkg/apis/core/v1/defaults.go` and the IP family
// defaulting of the service registry).

extension Service: Defaulting {
    /// `type: ClusterIP`, `sessionAffinity: None` (a ClientIP affinity gets a 10800 s timeout), port
    /// protocol `TCP` and `targetPort` = `port`, `externalTrafficPolicy: Cluster` for node-port and
    /// load-balancer services, `internalTrafficPolicy: Cluster` and an `ipFamilyPolicy` (except for
    /// `ExternalName`), `allocateLoadBalancerNodePorts: true` and ingress `ipMode: VIP` for load
    /// balancers.
    public mutating func applyDefaults() {
        var spec = self.spec ?? ServiceSpec()
        if spec.sessionAffinity?.isEmpty ?? true { spec.sessionAffinity = "None" }
        if spec.sessionAffinity == "ClientIP", spec.sessionAffinityConfig?.clientIP?.timeoutSeconds == nil {
            var config = spec.sessionAffinityConfig ?? SessionAffinityConfig()
            var clientIP = config.clientIP ?? ClientIPConfig()
            clientIP.timeoutSeconds = 10_800
            config.clientIP = clientIP
            spec.sessionAffinityConfig = config
        }
        if spec.type?.isEmpty ?? true { spec.type = "ClusterIP" }
        spec.ports = spec.ports?.map { port in
            var port = port
            if port.protocol?.isEmpty ?? true { port.protocol = "TCP" }
            switch port.targetPort {
            case nil, .int(0), .string(""): port.targetPort = port.port.map { .int($0) }
            default: break
            }
            return port
        }
        let type = spec.type ?? ""
        if type == "NodePort" || type == "LoadBalancer", spec.externalTrafficPolicy?.isEmpty ?? true {
            spec.externalTrafficPolicy = "Cluster"
        }
        if type != "ExternalName" {
            if spec.internalTrafficPolicy == nil { spec.internalTrafficPolicy = "Cluster" }
            if spec.ipFamilyPolicy == nil {
                let headless = spec.clusterIP == "None"
                let selectorless = spec.selector?.isEmpty ?? true
                spec.ipFamilyPolicy = headless && selectorless ? "RequireDualStack" : "SingleStack"
            }
        }
        if type == "LoadBalancer" {
            if spec.allocateLoadBalancerNodePorts == nil { spec.allocateLoadBalancerNodePorts = true }
            for index in status?.loadBalancer?.ingress?.indices ?? 0..<0 {
                let ingress = status?.loadBalancer?.ingress?[index]
                if !(ingress?.ip?.isEmpty ?? true), ingress?.ipMode == nil {
                    status?.loadBalancer?.ingress?[index].ipMode = "VIP"
                }
            }
        }
        self.spec = spec
    }
}
